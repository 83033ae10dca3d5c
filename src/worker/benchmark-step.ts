import { replayBenchmark } from '../domain/benchmark.ts';
import type { PriceRouter } from '../domain/prices.ts';
import { rebalanceTimes } from '../domain/schedule.ts';
import type { BenchmarkConfig, BenchmarkPoint, BenchmarkUnits, Decimal, EpochMs } from '../domain/types.ts';
import type { Store } from '../store/index.ts';
import { type BenchmarkMemo, type ReplayEnd, valueAtSlot } from './benchmark-memo.ts';
import { MissingPriceError, type PriceBook } from './price-book.ts';

export interface BenchmarkInputs {
  config: BenchmarkConfig;
  /** t₀ and NAV(t₀): the account's first complete snapshot. */
  start: { ts: EpochMs; nav: Decimal };
  /** Snapshot slots whose benchmark value is wanted (the current slot, plus restated ones). */
  snapshotTs: readonly EpochMs[];
  /** Counted, valued flows (any τ; those at or before t₀ are ignored by the replay), identified by id. */
  flows: ReadonlyArray<ReplayedFlow>;
  untilTs: EpochMs;
}

/** A counted, valued flow as the replay takes it; id is its key (flowKey), to store B(τ⁻) against it. */
export interface ReplayedFlow {
  id: string;
  ts: EpochMs;
  usdValue: Decimal;
}

export interface BenchmarkOutcome {
  /** Benchmark value per requested snapshot slot. */
  values: Map<EpochMs, Decimal>;
  /** B(τ⁻) per flow id, for every flow the replay applied (τ in (t₀, untilTs]). */
  flowBefore: Map<string, Decimal>;
  units: BenchmarkUnits;
  initializedAt: EpochMs;
  lastRebalanceAt: EpochMs | null;
}

/** The symbols whose prices price every benchmark asset (and BTC/ETH, kept on every snapshot). */
export function benchmarkSymbols(router: PriceRouter, configs: readonly BenchmarkConfig[]): string[] {
  const assets = new Set(['BTC', 'ETH']);
  for (const c of configs) for (const w of c.assets) assets.add(w.asset);
  return router.routeSymbols(assets);
}

/**
 * Replays the benchmark (design §4) from t₀ over the stored facts. Units change only at flows and
 * rebalances, so only their instants, t₀ and the wanted snapshots need prices; all come from the PriceBook,
 * so every value is reproducible from price_history.
 */
export async function computeBenchmark(
  input: BenchmarkInputs,
  book: PriceBook,
  router: PriceRouter,
): Promise<BenchmarkOutcome> {
  const { config, start, untilTs } = input;
  const symbols = router.routeSymbols(config.assets.map((w) => w.asset));
  const flows = input.flows.filter((f) => f.ts >= start.ts && f.ts <= untilTs);
  const snapshots = [...new Set(input.snapshotTs)]
    .filter((t) => t >= start.ts && t <= untilTs)
    .sort((a, b) => a - b);
  const instants = [
    start.ts,
    ...flows.map((f) => f.ts),
    ...rebalanceTimes(config.rebalance, start.ts, untilTs),
    ...snapshots,
  ];
  await book.ensure(symbols, instants);

  const priceAt = (asset: string, ts: EpochMs): Decimal => {
    const price = router.usdFromPrices(asset, book.at(ts, symbols));
    if (price === null) throw new MissingPriceError(asset, ts);
    return price;
  };
  const points = replayBenchmark({
    config,
    startTs: start.ts,
    startNav: start.nav,
    snapshots: snapshots.map((ts) => ({ ts })),
    flows: [...flows].sort((a, b) => a.ts - b.ts),
    priceAt,
    untilTs,
  });
  return summarise(points, start.ts);
}

function summarise(points: readonly BenchmarkPoint[], initializedAt: EpochMs): BenchmarkOutcome {
  const values = new Map<EpochMs, Decimal>();
  const flowBefore = new Map<string, Decimal>();
  let units: BenchmarkUnits = {};
  let lastRebalanceAt: EpochMs | null = null;
  for (const p of points) {
    if (p.kind === 'snapshot' || (p.kind === 'start' && !values.has(p.ts))) values.set(p.ts, p.valueAfter);
    if (p.kind === 'flow' && p.flowId !== undefined) flowBefore.set(p.flowId, p.valueBefore);
    if (p.kind === 'rebalance') lastRebalanceAt = p.ts;
    units = p.units;
  }
  return { values, flowBefore, units, initializedAt, lastRebalanceAt };
}

export interface RunBenchmark {
  benchmarkValue: Decimal | null;
  /** Earlier snapshots whose value a late flow changed. */
  restated: Array<{ ts: EpochMs; benchmarkValue: Decimal }>;
  /** B(τ⁻) per flow id for every flow the replay applied; empty when the benchmark has not started. */
  flowBefore: Map<string, Decimal>;
  state: { units: BenchmarkUnits; initializedAt: EpochMs; lastRebalanceAt: EpochMs | null } | null;
}

/**
 * The benchmark of one account's run: its value at the slot and, when a flow became counted at or before an
 * already stored snapshot, the values of every stored snapshot from that flow's τ on (restatement, §3).
 */
export async function benchmarkOfRun(input: {
  store: Store;
  accountId: string;
  config: BenchmarkConfig;
  start: { ts: EpochMs; nav: Decimal };
  slot: EpochMs;
  latestTs: EpochMs | undefined;
  restateFrom: EpochMs | null;
  flows: ReadonlyArray<ReplayedFlow>;
  book: PriceBook;
  router: PriceRouter;
  /** The previous run's replay in this process (bpm demo), continued when nothing before the slot changed. */
  memo?: BenchmarkMemo | undefined;
}): Promise<RunBenchmark> {
  const { slot, memo, accountId } = input;
  const untilTs = Math.max(slot, input.latestTs ?? slot);
  const restateTs =
    input.restateFrom === null
      ? []
      : (await input.store.nav.range(input.accountId, input.restateFrom, untilTs))
          .map((r) => r.ts)
          .filter((t) => t !== slot);
  // Only a run at the newest slot has all its events at or before the slot, where the memo's units hold.
  const key =
    memo && untilTs === slot
      ? await memo.keyOf({ ...input, untilTs: slot }, input.book, input.router)
      : undefined;
  if (memo && key !== undefined && restateTs.length === 0) {
    const continued = await continueReplay(memo.recall(accountId, key), input);
    if (continued) return continued;
  }
  const outcome = await computeBenchmark(
    {
      config: input.config,
      start: input.start,
      snapshotTs: [...restateTs, slot],
      flows: input.flows,
      untilTs,
    },
    input.book,
    input.router,
  );
  if (key !== undefined) memo?.remember(accountId, key, outcome);
  else memo?.forget(accountId);
  return {
    benchmarkValue: outcome.values.get(slot) ?? null,
    restated: restateTs.flatMap((ts) => {
      const v = outcome.values.get(ts);
      return v === undefined ? [] : [{ ts, benchmarkValue: v }];
    }),
    flowBefore: outcome.flowBefore,
    state: {
      units: outcome.units,
      initializedAt: outcome.initializedAt,
      lastRebalanceAt: outcome.lastRebalanceAt,
    },
  };
}

/** The run's benchmark from the memo's units: B(slot) = Σ uₖ · Pₖ(slot); undefined to replay instead. */
async function continueReplay(
  end: ReplayEnd | undefined,
  input: { config: BenchmarkConfig; slot: EpochMs; book: PriceBook; router: PriceRouter },
): Promise<RunBenchmark | undefined> {
  if (end === undefined) return undefined;
  const { config, slot, book, router } = input;
  // The same instant the replay would make sure of, so the same prices are stored.
  await book.ensure(router.routeSymbols(config.assets.map((w) => w.asset)), [slot]);
  const value = valueAtSlot(end, config, slot, book, router);
  if (value === null) return undefined;
  return {
    benchmarkValue: value,
    restated: [],
    flowBefore: new Map(end.flowBefore),
    state: { units: end.units, initializedAt: end.initializedAt, lastRebalanceAt: end.lastRebalanceAt },
  };
}
