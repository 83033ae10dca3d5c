/**
 * Chart downsampling, M4 style: the time axis is cut into equal buckets and each bucket keeps its first and last
 * point plus the points where every given series has its minimum and maximum. Extremes therefore survive (a
 * drawdown's trough is never smoothed away) and the line drawn through the kept points is pixel-identical to the
 * full one at the chart's width. With k series a bucket keeps at most 2 + 2k points, so the bucket count is chosen
 * to stay within `maxPoints`.
 */
export function m4Indices(
  ts: ArrayLike<number>,
  series: ReadonlyArray<ArrayLike<number | null>>,
  maxPoints: number,
): number[] {
  const n = ts.length;
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i);
  // Neighbouring series usually share extremes, so start optimistic and shrink the bucket count until the
  // result fits; the last attempt's bound (2 + 2k per bucket) always fits.
  const guaranteed = Math.max(1, Math.floor(maxPoints / (2 + 2 * series.length)));
  let buckets = Math.max(guaranteed, Math.floor(maxPoints / 4));
  for (let attempt = 0; attempt < 4 && buckets > guaranteed; attempt++) {
    const kept = bucketExtremes(ts, series, buckets);
    if (kept.length <= maxPoints) return kept;
    buckets = Math.max(guaranteed, Math.floor((buckets * maxPoints * 0.95) / kept.length));
  }
  return bucketExtremes(ts, series, guaranteed);
}

function bucketExtremes(
  ts: ArrayLike<number>,
  series: ReadonlyArray<ArrayLike<number | null>>,
  buckets: number,
): number[] {
  const n = ts.length;
  const t0 = ts[0] as number;
  const span = (ts[n - 1] as number) - t0 || 1;
  const keep = new Set<number>();
  let start = 0;
  for (let b = 0; b < buckets && start < n; b++) {
    const edge = b === buckets - 1 ? Number.POSITIVE_INFINITY : t0 + (span * (b + 1)) / buckets;
    let end = start;
    while (end < n && (ts[end] as number) < edge) end++;
    if (end === start) continue;
    keep.add(start).add(end - 1);
    for (const s of series) addExtremes(s, start, end, keep);
    start = end;
  }
  return [...keep].sort((a, b) => a - b);
}

function addExtremes(s: ArrayLike<number | null>, start: number, end: number, keep: Set<number>): void {
  let lo = -1;
  let hi = -1;
  for (let i = start; i < end; i++) {
    const v = s[i];
    if (v === null || v === undefined || Number.isNaN(v)) continue;
    if (lo < 0 || v < (s[lo] as number)) lo = i;
    if (hi < 0 || v > (s[hi] as number)) hi = i;
  }
  if (lo >= 0) keep.add(lo);
  if (hi >= 0) keep.add(hi);
}

export function pick<T>(values: ArrayLike<T>, indices: readonly number[]): T[] {
  return indices.map((i) => values[i] as T);
}
