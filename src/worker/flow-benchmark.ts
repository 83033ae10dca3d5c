/**
 * Keeping processed_transactions.benchmark_before equal to the latest replay's B(τ⁻) (design §5: analytics
 * chain-links the benchmark exactly from it). The replay runs from t₀ over every counted, valued flow, so its
 * output is the whole truth: a flow it applied gets its B(τ⁻), every other flow (at or before t₀, pending,
 * void, unvalued, after the replayed range) gets null. Only differences are written, so an unchanged history
 * costs no writes and a second run writes nothing.
 */
import Big from 'big.js';
import type { Decimal, EpochMs, Flow, FlowSource } from '../domain/types.ts';
import type { FlowBenchmarkBefore, StoredFlow } from '../store/index.ts';
import type { ReplayedFlow } from './benchmark-step.ts';
import { flowKey } from './flow-step.ts';

/** Counted flows with a USD value, identified by their key, for the replay. */
export function replayedFlows(
  flows: Iterable<{
    source: FlowSource;
    externalId: string;
    ts: EpochMs;
    usdValue: Decimal | null;
    status: string;
  }>,
): ReplayedFlow[] {
  const out: ReplayedFlow[] = [];
  for (const f of flows) {
    if (f.status === 'counted' && f.usdValue !== null)
      out.push({ id: flowKey(f), ts: f.ts, usdValue: f.usdValue });
  }
  return out;
}

/**
 * The benchmark_before writes that bring the stored flows in line with a replay. `written` are the flows this
 * transaction upserts: the store may have cleared their value, so each is written whatever it held.
 */
export function benchmarkBeforeWrites(
  stored: readonly StoredFlow[],
  written: readonly Flow[],
  replayed: ReadonlyMap<string, Decimal>,
): FlowBenchmarkBefore[] {
  const fresh = new Set(written.map(flowKey));
  const out: FlowBenchmarkBefore[] = [];
  for (const f of written) out.push(entry(f, replayed.get(flowKey(f)) ?? null));
  for (const f of stored) {
    if (fresh.has(flowKey(f))) continue;
    const want = replayed.get(flowKey(f)) ?? null;
    if (!sameValue(f.benchmarkBefore, want)) out.push(entry(f, want));
  }
  return out;
}

function entry(f: { source: FlowSource; externalId: string }, value: Decimal | null): FlowBenchmarkBefore {
  return { source: f.source, externalId: f.externalId, benchmarkBefore: value };
}

/** By value: PostgreSQL's numeric may give back "11250.0" for "11250". */
function sameValue(a: Decimal | null, b: Decimal | null): boolean {
  if (a === null || b === null) return a === b;
  return new Big(a).eq(b);
}
