/**
 * Portfolio and benchmark returns (design.md §5). Statistics run on floats converted once from the stored
 * decimals; exact decimal arithmetic is kept for amounts (profit, flows) in report.ts.
 */
import Big from 'big.js';
import type { BenchmarkPoint, EpochMs, FlowPoint, NavPoint } from './types.ts';

/** Complete snapshots and counted flows, sorted, converted to floats once. */
export interface PortfolioSeries {
  /** Timestamps of complete snapshots, strictly increasing. */
  ts: Float64Array;
  nav: Float64Array;
  /** The exact NAV text of each complete snapshot. */
  navText: string[];
  /** Chain-linked return index, 1 at the first complete snapshot. */
  index: Float64Array;
  /** flagged[i] = 1 when sub-period (ts[i−1], ts[i]] had a denominator ≤ 0 (its return was taken as 0). */
  flagged: Uint8Array;
  /** Flows sorted by time (all of them; the ones at or before ts[0] precede the history and count nowhere). */
  flowTs: Float64Array;
  flowValue: Float64Array;
  flowText: string[];
}

/** The Modified Dietz result of one sub-period. */
export interface SubPeriodReturn {
  r: number;
  flagged: boolean;
}

/**
 * Modified Dietz over (t0, t1]: r = (V1 − V0 − Σc) / (V0 + Σ w·c), w = (t1 − τ)/(t1 − t0).
 * Denominator ≤ 0 → r = 0 and flagged, except an idle sub-period (V0 = V1 = 0, no flows) which is just 0.
 */
export function modifiedDietz(
  t0: number,
  v0: number,
  t1: number,
  v1: number,
  flowTs: ArrayLike<number>,
  flowValue: ArrayLike<number>,
  from: number,
  to: number,
): SubPeriodReturn {
  let sum = 0;
  let weighted = 0;
  const span = t1 - t0;
  for (let j = from; j < to; j++) {
    const c = flowValue[j]!;
    sum += c;
    weighted += ((t1 - flowTs[j]!) / span) * c;
  }
  const den = v0 + weighted;
  const num = v1 - v0 - sum;
  if (den > 0) return { r: num / den, flagged: false };
  const idle = v0 === 0 && v1 === 0 && to === from;
  return { r: 0, flagged: !idle };
}

function byTs<T extends { ts: EpochMs }>(a: T, b: T): number {
  return a.ts - b.ts;
}

/** Stored series come sorted: sort (stably, a copy) only when they are not. */
export function sortedByTs<T extends { ts: EpochMs }>(xs: readonly T[]): readonly T[] {
  for (let i = 1; i < xs.length; i++) if (xs[i]!.ts < xs[i - 1]!.ts) return [...xs].sort(byTs);
  return xs;
}

/** Builds the float series: only complete snapshots, duplicates of one timestamp keep the last one given. */
export function portfolioSeries(navs: readonly NavPoint[], flows: readonly FlowPoint[]): PortfolioSeries {
  const kept: NavPoint[] = [];
  for (const p of sortedByTs(navs)) {
    if (p.status !== 'complete') continue;
    if (kept.length > 0 && kept[kept.length - 1]!.ts === p.ts) kept[kept.length - 1] = p;
    else kept.push(p);
  }
  const sortedFlows = sortedByTs(flows);
  const n = kept.length;
  const ts = new Float64Array(n);
  const nav = new Float64Array(n);
  const navText: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    ts[i] = kept[i]!.ts;
    nav[i] = Number(kept[i]!.nav);
    navText[i] = kept[i]!.nav;
  }
  const m = sortedFlows.length;
  const flowTs = new Float64Array(m);
  const flowValue = new Float64Array(m);
  const flowText: string[] = new Array(m);
  for (let j = 0; j < m; j++) {
    flowTs[j] = sortedFlows[j]!.ts;
    flowValue[j] = Number(sortedFlows[j]!.usdValue);
    flowText[j] = sortedFlows[j]!.usdValue;
  }
  const { index, flagged } = chainLink(ts, nav, flowTs, flowValue);
  return { ts, nav, navText, index, flagged, flowTs, flowValue, flowText };
}

/** Chain-links Modified Dietz sub-period returns; flows with τ ∈ (ts[i−1], ts[i]] belong to sub-period i. */
function chainLink(
  ts: Float64Array,
  nav: Float64Array,
  flowTs: Float64Array,
  flowValue: Float64Array,
): { index: Float64Array; flagged: Uint8Array } {
  const n = ts.length;
  const index = new Float64Array(n);
  const flagged = new Uint8Array(n);
  if (n === 0) return { index, flagged };
  index[0] = 1;
  let j = 0;
  while (j < flowTs.length && flowTs[j]! <= ts[0]!) j++;
  for (let i = 1; i < n; i++) {
    const start = j;
    while (j < flowTs.length && flowTs[j]! <= ts[i]!) j++;
    const sub = modifiedDietz(ts[i - 1]!, nav[i - 1]!, ts[i]!, nav[i]!, flowTs, flowValue, start, j);
    index[i] = index[i - 1]! * (1 + sub.r);
    flagged[i] = sub.flagged ? 1 : 0;
  }
  return { index, flagged };
}

/**
 * The chain-linked return index at each complete snapshot: I(t₀) = 1, I(tᵢ) = I(tᵢ₋₁)·(1 + rᵢ).
 * Incomplete snapshots are skipped, so a gap is one longer sub-period.
 */
export function returnIndex(
  navs: readonly NavPoint[],
  flows: readonly FlowPoint[],
): { ts: number; index: number }[] {
  const s = portfolioSeries(navs, flows);
  const out: { ts: number; index: number }[] = new Array(s.ts.length);
  for (let i = 0; i < s.ts.length; i++) out[i] = { ts: s.ts[i]!, index: s.index[i]! };
  return out;
}

/** The benchmark's growth index at each replay point. */
export interface BenchmarkSeries {
  ts: Float64Array;
  index: Float64Array;
}

/**
 * Exact benchmark index: J₀ = 1, Jₖ = Jₖ₋₁ · valueBefore(k) / valueAfter(k−1). A flow moves B but not J.
 * When the benchmark held nothing (valueAfter ≤ 0, e.g. after a full withdrawal) the step's growth is 1.
 */
export function benchmarkSeries(points: readonly BenchmarkPoint[]): BenchmarkSeries {
  const sorted = sortedByTs(points);
  const n = sorted.length;
  const ts = new Float64Array(n);
  const index = new Float64Array(n);
  let prevAfter = 0;
  for (let k = 0; k < n; k++) {
    const p = sorted[k]!;
    ts[k] = p.ts;
    const before = Number(p.valueBefore);
    index[k] = k === 0 ? 1 : prevAfter > 0 ? index[k - 1]! * (before / prevAfter) : index[k - 1]!;
    // a snapshot's two values are one text: parse it once (long decimals make parsing the main cost)
    prevAfter = p.valueAfter === p.valueBefore ? before : Number(p.valueAfter);
  }
  return { ts, index };
}

/**
 * Benchmark points from stored nav_history.benchmark_value when replay inputs are not at hand: the flows of a
 * sub-period are taken as executed at the snapshot closing it, so B(tᵢ⁻) = B(tᵢ) − Σc and B(tᵢ⁺) = B(tᵢ)
 * (B(τ⁺) − B(τ⁻) = c). Exact when flows land on snapshots; otherwise off by the benchmark's move between τ and tᵢ.
 */
export function benchmarkPointsFromNavs(
  navs: readonly NavPoint[],
  flows: readonly FlowPoint[],
): BenchmarkPoint[] {
  const withValue = sortedByTs(navs).filter((p) => p.status === 'complete' && p.benchmarkValue !== null);
  const sortedFlows = sortedByTs(flows);
  const out: BenchmarkPoint[] = [];
  let j = 0;
  for (let i = 0; i < withValue.length; i++) {
    const p = withValue[i]!;
    const after = p.benchmarkValue!;
    const first = j;
    while (j < sortedFlows.length && sortedFlows[j]!.ts <= p.ts) j++;
    let before = after;
    if (i > 0 && j > first) {
      let b = new Big(after);
      for (let k = first; k < j; k++) b = b.minus(sortedFlows[k]!.usdValue);
      before = b.toFixed();
    }
    out.push({
      ts: p.ts,
      kind: i === 0 ? 'start' : 'snapshot',
      valueBefore: before,
      valueAfter: after,
      units: {},
    });
  }
  return out;
}
