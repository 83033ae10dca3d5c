/**
 * Benchmark points from stored facts (design.md §5: the benchmark's return is exact). The worker's replay
 * stores B(t) at every snapshot (nav_history.benchmark_value) and B(τ⁻) for every flow it applied
 * (processed_transactions.benchmark_before). From those two alone the replay's chain is rebuilt:
 *
 *   snapshot tᵢ   valueBefore = valueAfter = B(tᵢ)
 *   flow c at τ   valueBefore = B(τ⁻), valueAfter = B(τ⁻) + c (deposit) or max(B(τ⁻) − |c|, 0) (withdrawal)
 *
 * so benchmarkSeries chain-links B(τ⁻)/B(tᵢ₋₁) · B(tᵢ)/B(τ⁺), exactly the replay's growth. Rebalances need no
 * point: they leave B unchanged at their instant, so the ratio across one is the ratio of its neighbours.
 *
 * Fallback: a counted flow inside the benchmark's life without a stored B(τ⁻) (imported history, or a flow not
 * yet replayed) is taken as executed at the next instant whose benchmark value is known: the next flow with a
 * stored B(τ⁻), else the snapshot closing its sub-period. That point's valueBefore is lowered by the flow's c.
 * With no stored B(τ⁻) at all this is the approximation of returns.ts benchmarkPointsFromNavs.
 */
import Big from 'big.js';
import { sortedByTs } from './returns.ts';
import type { BenchmarkPoint, FlowPoint, NavPoint } from './types.ts';

const ZERO = new Big(0);

/** Complete snapshots with a benchmark value and the counted flows between the first and the last of them. */
export function benchmarkPointsFromFacts(
  navs: readonly NavPoint[],
  flows: readonly FlowPoint[],
): BenchmarkPoint[] {
  const snapshots = sortedByTs(navs).filter((p) => p.status === 'complete' && p.benchmarkValue !== null);
  const first = snapshots[0];
  if (first === undefined) return [];
  const last = snapshots[snapshots.length - 1]!;
  const inLife = [...flows].filter((f) => f.ts > first.ts && f.ts <= last.ts).sort(replayOrder);

  const out: BenchmarkPoint[] = [point(first.ts, 'start', first.benchmarkValue!, first.benchmarkValue!)];
  // Σc of flows without B(τ⁻) waiting for the next known value.
  let unplaced = ZERO;
  let j = 0;
  for (let i = 1; i < snapshots.length; i++) {
    const snap = snapshots[i]!;
    for (; j < inLife.length && inLife[j]!.ts <= snap.ts; j++) {
      const f = inLife[j]!;
      const c = new Big(f.usdValue);
      if (f.benchmarkBefore === null || f.benchmarkBefore === undefined) {
        unplaced = unplaced.plus(c);
        continue;
      }
      const before = new Big(f.benchmarkBefore);
      const moved = before.plus(c);
      const after = c.gte(0) || moved.gt(0) ? moved : ZERO;
      out.push(point(f.ts, 'flow', lowered(f.benchmarkBefore, unplaced), after.toFixed()));
      unplaced = ZERO;
    }
    const value = snap.benchmarkValue!;
    out.push(point(snap.ts, 'snapshot', lowered(value, unplaced), value));
    unplaced = ZERO;
  }
  return out;
}

/** Points rebuilt from stored values carry no units: one frozen empty record serves them all. */
const NO_UNITS: BenchmarkPoint['units'] = Object.freeze({});

function point(ts: number, kind: BenchmarkPoint['kind'], before: string, after: string): BenchmarkPoint {
  return { ts, kind, valueBefore: before, valueAfter: after, units: NO_UNITS };
}

/**
 * The known value less the flows placed on it; the stored text unchanged when there are none (the common case:
 * parsing every snapshot's value into a decimal object would dominate the cost of years of hourly history).
 */
function lowered(value: string, unplaced: Big): string {
  return unplaced === ZERO || unplaced.eq(ZERO) ? value : new Big(value).minus(unplaced).toFixed();
}

/**
 * The replay's order of flows at one instant (benchmark.ts): deposits before withdrawals, larger first. Equal
 * values are ordered by B(τ⁻), which rises through deposits and falls through withdrawals; flows without one
 * come after those with one.
 */
function replayOrder(a: FlowPoint, b: FlowPoint): number {
  if (a.ts !== b.ts) return a.ts - b.ts;
  const ca = new Big(a.usdValue);
  const cb = new Big(b.usdValue);
  const aIn = ca.gte(0);
  if (aIn !== cb.gte(0)) return aIn ? -1 : 1;
  const bySize = cb.abs().cmp(ca.abs());
  if (bySize !== 0) return bySize;
  const ba = a.benchmarkBefore ?? null;
  const bb = b.benchmarkBefore ?? null;
  if (ba === null || bb === null) return ba === bb ? 0 : ba === null ? 1 : -1;
  const rising = new Big(ba).cmp(bb);
  return aIn ? rising : -rising;
}
