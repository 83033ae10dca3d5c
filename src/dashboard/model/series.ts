/** The chart series of one account over a range: NAV and benchmark in USD, both growth indexes, drawdown. */
import { anchor } from '../../domain/report.ts';
import type { IncompleteView, RangeView, SeriesResponse } from '../api-types.ts';
import { m4Indices, pick } from '../downsample.ts';
import type { AccountAnalytics } from './account-analytics.ts';

function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

export function incompleteIn(a: AccountAnalytics, from: number, to: number): IncompleteView[] {
  return a.incomplete.filter((s) => s.ts >= from && s.ts <= to);
}

export function buildSeries(
  account: string,
  a: AccountAnalytics,
  range: RangeView,
  maxPoints: number,
): SeriesResponse {
  const p = a.prepared.portfolio;
  const span = anchor(p.ts, range.from, range.to);
  const empty: SeriesResponse = {
    account,
    range,
    total: 0,
    downsampling: 'none',
    ts: [],
    nav: [],
    benchmark: [],
    index: [],
    benchmarkIndex: [],
    drawdown: [],
    incomplete: incompleteIn(a, range.from, range.to),
  };
  if (!span) return empty;
  const { a: first, b: last } = span;
  const n = last - first + 1;
  const ts = p.ts.subarray(first, last + 1);
  const nav = p.nav.subarray(first, last + 1);
  const bench = a.benchmarkValue.subarray(first, last + 1);
  const index = new Float64Array(n);
  const benchIndex = new Float64Array(n);
  const drawdown = new Float64Array(n);
  const base = p.index[first]!;
  let benchBase = Number.NaN;
  let peak = 0;
  for (let i = 0; i < n; i++) {
    const v = base > 0 ? p.index[first + i]! / base : Number.NaN;
    index[i] = v;
    peak = Math.max(peak, v);
    drawdown[i] = peak > 0 ? v / peak - 1 : 0;
    const j = a.benchmarkIndex[first + i]!;
    if (Number.isNaN(benchBase) && Number.isFinite(j) && j > 0) benchBase = j;
    benchIndex[i] = j / benchBase;
  }
  const keep = m4Indices(ts, [nav, bench, index, drawdown], maxPoints);
  return {
    ...empty,
    total: n,
    downsampling: keep.length < n ? 'm4' : 'none',
    ts: pick(ts, keep),
    nav: pick(nav, keep).map((v) => round(v, 2)),
    benchmark: pick(bench, keep).map((v) => (Number.isFinite(v) ? round(v, 2) : null)),
    index: pick(index, keep).map((v) => round(v, 8)),
    benchmarkIndex: pick(benchIndex, keep).map((v) => {
      const f = finiteOrNull(v);
      return f === null ? null : round(f, 8);
    }),
    drawdown: pick(drawdown, keep).map((v) => round(v, 8)),
  };
}
