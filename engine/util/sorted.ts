/**
 * ringsight/engine/util/sorted
 * ============================
 *
 * Binary search over an ascending array of numbers (a plain array or a typed one).
 */

/** First position in ascending `xs` holding a value ≥ x (> x when `after`). */
export function lowerBound(xs: ArrayLike<number>, x: number, after = false): number {
  let lo = 0,
    hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! < x || (after && xs[mid] === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
