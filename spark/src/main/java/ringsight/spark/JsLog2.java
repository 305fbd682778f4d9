/*
 * ringsight/spark/JsLog2: log2 rounded exactly as JavaScript's Math.log2 in V8/Node.
 *
 * Why: edge weights are linkWeight / log2(1 + degree), and Leiden's moves compare
 * sums of those weights, so a weight one ulp off can change a partition. Java has no
 * log2, and Math.log(x) / Math.log(2) differs from Node's Math.log2 in the last bit
 * for about a quarter of integers. V8 computes log2 with the FreeBSD msun e_log2.c
 * (fdlibm) algorithm; this is that algorithm for normal, finite x >= 1, which is all
 * the job needs (1 + degree, degree >= 2). Checked bit for bit against Node for
 * every integer 3..2,000,001 (tests/spark/parity.test.ts re-checks a range).
 */
package ringsight.spark;

final class JsLog2 {
  private static final double IVLN2HI = 1.44269504072144627571e+00;
  private static final double IVLN2LO = 1.67517131648865118353e-10;
  private static final double LG1 = 6.666666666666735130e-01, LG2 = 3.999999999940941908e-01,
      LG3 = 2.857142874366239149e-01, LG4 = 2.222219843214978396e-01, LG5 = 1.818357216161805012e-01,
      LG6 = 1.531383769920937332e-01, LG7 = 1.479819860511658591e-01;

  private JsLog2() {}

  static double log2(double x) {
    if (!(x >= 1) || Double.isInfinite(x)) throw new IllegalArgumentException("ringsight/spark/JsLog2: x must be finite and >= 1, got " + x);
    long bits = Double.doubleToRawLongBits(x);
    int hx = (int) (bits >>> 32);
    int k = (hx >> 20) - 1023;
    hx &= 0x000fffff;
    int i = (hx + 0x95f64) & 0x100000;
    // Normalise x into [sqrt(2)/2, sqrt(2)) and fold the exponent into k.
    x = Double.longBitsToDouble(((long) (hx | (i ^ 0x3ff00000)) << 32) | (bits & 0xffffffffL));
    k += i >> 20;
    double y = k;
    double f = x - 1.0;
    double hfsq = 0.5 * f * f;
    double s = f / (2.0 + f), z = s * s, w = z * z;
    double t1 = w * (LG2 + w * (LG4 + w * LG6));
    double t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
    double r = s * (hfsq + (t2 + t1));
    double hi = Double.longBitsToDouble(Double.doubleToRawLongBits(f - hfsq) & 0xffffffff00000000L);
    double lo = (f - hi) - hfsq + r;
    double valHi = hi * IVLN2HI;
    double valLo = (lo + hi) * IVLN2LO + lo * IVLN2HI;
    double sum = y + valHi;
    valLo += (y - sum) + valHi;
    return valLo + sum;
  }

  /** Prints log2(1 + d) for d in [from, to] as raw IEEE bits, one a line: the parity test compares them with Node. */
  public static void main(String[] args) {
    long from = Long.parseLong(args[0]), to = Long.parseLong(args[1]);
    StringBuilder out = new StringBuilder();
    for (long d = from; d <= to; d++) out.append(Double.doubleToRawLongBits(log2(1.0 + d))).append('\n');
    System.out.print(out);
  }
}
