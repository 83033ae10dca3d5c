/**
 * The last replay of each account, for a process that runs the worker slot after slot (`bpm demo` builds months
 * of hourly history this way). The replay from t₀ is a fold over its events (start, flows, rebalances) and the
 * prices at their instants; snapshots change nothing. So when a run's events up to its slot are exactly those
 * of the previous replay, with the same prices, the units at the slot are that replay's final units, and the
 * value at the slot is Σ uₖ · Pₖ(slot), the very sum the replay's snapshot step takes. The memo holds nothing
 * the store does not: it is keyed by every input of the fold, and anything else (a new flow, a rebalance, a
 * restatement, a slot before the latest snapshot) replays from t₀ as usual.
 */
import { benchmarkValue } from '../domain/benchmark.ts';
import type { PriceRouter } from '../domain/prices.ts';
import { rebalanceTimes } from '../domain/schedule.ts';
import type { BenchmarkConfig, BenchmarkUnits, Decimal, EpochMs } from '../domain/types.ts';
import type { PriceBook } from './price-book.ts';

export interface ReplayEnd {
  units: BenchmarkUnits;
  initializedAt: EpochMs;
  lastRebalanceAt: EpochMs | null;
  /** B(τ⁻) of every flow the replay applied. */
  flowBefore: ReadonlyMap<string, Decimal>;
}

interface Entry extends ReplayEnd {
  key: string;
}

export interface ReplayFacts {
  config: BenchmarkConfig;
  start: { ts: EpochMs; nav: Decimal };
  flows: ReadonlyArray<{ id: string; ts: EpochMs; usdValue: Decimal }>;
  /** The replay runs up to here (the run's slot). */
  untilTs: EpochMs;
}

export class BenchmarkMemo {
  readonly #byAccount = new Map<string, Entry>();

  /**
   * Everything the fold up to `untilTs` depends on: the rule and weights, t₀ and NAV(t₀), each flow (id, τ,
   * value) and each rebalance instant, and the prices of the benchmark's route symbols at all of these instants
   * (made sure of in the book first, so they are the prices the replay would use).
   */
  async keyOf(facts: ReplayFacts, book: PriceBook, router: PriceRouter): Promise<string> {
    const { config, start, untilTs } = facts;
    const symbols = router.routeSymbols(config.assets.map((w) => w.asset));
    const flows = facts.flows
      .filter((f) => f.ts >= start.ts && f.ts <= untilTs)
      .map((f) => [f.id, f.ts, f.usdValue] as const)
      .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const rebalances = rebalanceTimes(config.rebalance, start.ts, untilTs);
    const instants = [...new Set([start.ts, ...flows.map((f) => f[1]), ...rebalances])].sort((a, b) => a - b);
    await book.ensure(symbols, instants);
    return JSON.stringify([
      config.rebalance,
      config.assets.map((w) => [w.asset, w.weight]),
      start.ts,
      start.nav,
      flows,
      rebalances,
      instants.map((ts) => [ts, book.at(ts, symbols)]),
    ]);
  }

  /** The end of the account's last replay, when it was keyed by `key`. */
  recall(accountId: string, key: string): ReplayEnd | undefined {
    const entry = this.#byAccount.get(accountId);
    return entry?.key === key ? entry : undefined;
  }

  remember(accountId: string, key: string, end: ReplayEnd): void {
    const { units, initializedAt, lastRebalanceAt, flowBefore } = end;
    this.#byAccount.set(accountId, { key, units, initializedAt, lastRebalanceAt, flowBefore });
  }

  forget(accountId: string): void {
    this.#byAccount.delete(accountId);
  }
}

/**
 * B(slot) = Σ uₖ · Pₖ(slot) for the held units, with the prices the replay would take (the route's USD price
 * from the book); null when a price is missing or not positive, where the replay itself reports the error.
 */
export function valueAtSlot(
  end: ReplayEnd,
  config: BenchmarkConfig,
  slot: EpochMs,
  book: PriceBook,
  router: PriceRouter,
): Decimal | null {
  const symbols = router.routeSymbols(config.assets.map((w) => w.asset));
  const prices = book.at(slot, symbols);
  const usd: Record<string, Decimal> = {};
  for (const { asset } of config.assets) {
    const price = router.usdFromPrices(asset, prices);
    if (price === null || !(Number(price) > 0)) return null;
    usd[asset] = price;
  }
  return benchmarkValue(end.units, usd);
}
