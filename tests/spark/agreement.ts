// Agreement between two candidate partitions of a book's claims: adjusted Rand index (Hubert & Arabie 1985)
// and normalised mutual information (arithmetic-mean normalisation), over the claims either partition places
// in a candidate; a claim left out by one side is its own singleton there. Used by the Spark parity test and bench.
import type { Candidate } from '../../engine/detect/communities.js';

export interface Agreement {
  claims: number;
  ari: number;
  nmi: number;
}

function labels(candidates: Candidate[], claims: number[]): Int32Array {
  const of = new Map<number, number>();
  candidates.forEach((c, k) => {
    for (const claim of c.claims) of.set(claim, k);
  });
  let next = candidates.length;
  return Int32Array.from(claims, (c) => of.get(c) ?? next++);
}

const choose2 = (n: number): number => (n * (n - 1)) / 2;

export function agreement(a: Candidate[], b: Candidate[]): Agreement {
  const set = new Set<number>();
  for (const c of [...a, ...b]) for (const claim of c.claims) set.add(claim);
  const claims = [...set].sort((x, y) => x - y);
  const la = labels(a, claims),
    lb = labels(b, claims);
  const n = claims.length;
  const joint = new Map<string, number>(),
    ca = new Map<number, number>(),
    cb = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const key = `${la[i]},${lb[i]}`;
    joint.set(key, (joint.get(key) ?? 0) + 1);
    ca.set(la[i]!, (ca.get(la[i]!) ?? 0) + 1);
    cb.set(lb[i]!, (cb.get(lb[i]!) ?? 0) + 1);
  }
  let sumJoint = 0,
    sumA = 0,
    sumB = 0;
  for (const v of joint.values()) sumJoint += choose2(v);
  for (const v of ca.values()) sumA += choose2(v);
  for (const v of cb.values()) sumB += choose2(v);
  const expected = (sumA * sumB) / choose2(n);
  const max = (sumA + sumB) / 2;
  const ari = max === expected ? 1 : (sumJoint - expected) / (max - expected);
  const entropy = (m: Map<number, number>): number => {
    let h = 0;
    for (const v of m.values()) h -= (v / n) * Math.log(v / n);
    return h;
  };
  let mi = 0;
  for (const [key, v] of joint) {
    const [x, y] = key.split(',').map(Number) as [number, number];
    mi += (v / n) * Math.log((v * n) / (ca.get(x)! * cb.get(y)!));
  }
  const ha = entropy(ca),
    hb = entropy(cb);
  const nmi = ha + hb === 0 ? 1 : (2 * mi) / (ha + hb);
  return { claims: n, ari, nmi };
}
