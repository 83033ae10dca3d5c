/**
 * Small descriptive statistics over plain float arrays. Every function answers null instead of NaN when the
 * statistic is undefined (too few observations, zero variance), so reports never carry NaN.
 */

export function mean(xs: ArrayLike<number>): number | null {
  const n = xs.length;
  if (n === 0) return null;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += xs[i]!;
  return sum / n;
}

/** Sample standard deviation (n − 1 in the denominator); null below two observations. */
export function sampleStdev(xs: ArrayLike<number>): number | null {
  const n = xs.length;
  if (n < 2) return null;
  const m = mean(xs)!;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = xs[i]! - m;
    ss += d * d;
  }
  return Math.sqrt(ss / (n - 1));
}

/** Sample covariance (n − 1); null below two observations or when the lengths differ. */
export function sampleCovariance(xs: ArrayLike<number>, ys: ArrayLike<number>): number | null {
  const n = xs.length;
  if (n < 2 || ys.length !== n) return null;
  const mx = mean(xs)!;
  const my = mean(ys)!;
  let s = 0;
  for (let i = 0; i < n; i++) s += (xs[i]! - mx) * (ys[i]! - my);
  return s / (n - 1);
}

/**
 * Downside deviation below a target: sqrt(Σ min(0, x − target)² / n), over all n observations (the usual
 * Sortino convention: days above the target count as zero shortfall). Null below two observations.
 */
export function downsideDeviation(xs: ArrayLike<number>, target: number): number | null {
  const n = xs.length;
  if (n < 2) return null;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = Math.min(0, xs[i]! - target);
    ss += d * d;
  }
  return Math.sqrt(ss / n);
}

/** A ratio that is null when either side is null or the denominator is zero or not finite. */
export function safeRatio(num: number | null, den: number | null): number | null {
  if (num === null || den === null || den === 0) return null;
  const r = num / den;
  return Number.isFinite(r) ? r : null;
}

/** The index of the last element of a sorted array that is ≤ x, or −1 when every element is greater. */
export function lastAtOrBefore(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= x) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** The index of the first element of a sorted array that is > x (array length when none is). */
export function firstAfter(sorted: ArrayLike<number>, x: number): number {
  return lastAtOrBefore(sorted, x) + 1;
}
