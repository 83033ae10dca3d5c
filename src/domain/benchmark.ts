/**
 * The benchmark (design.md §4): a portfolio of fixed target weights that receives the account's deposits and
 * withdrawals at the prices of their instant τ, and is rebalanced on schedule.
 *
 *   start      at t₀ (first complete snapshot): uₖ = wₖ · NAV(t₀) / Pₖ(t₀)
 *   value      B(t) = Σ uₖ · Pₖ(t)
 *   deposit    c at τ: uₖ += wₖ · c / Pₖ(τ)
 *   withdrawal c at τ: uₖ ×= (1 − c / B(τ)), floored at 0
 *   rebalance  at R:   uₖ = wₖ · B(R) / Pₖ(R)
 *
 * Conventions fixed here:
 * - Units are rounded half-even to 18 decimal places, once per step (each uₖ is one exact quotient rounded
 *   once: a withdrawal computes uₖ · (B − c) / B).
 * - valueBefore is Σ uₖ · Pₖ of the units held, exactly. valueAfter is the step's defined value: NAV(t₀) at
 *   the start, B + c after a deposit, B − c (floored at 0) after a withdrawal, B after a rebalance or a
 *   snapshot. The units after a step are that value's rounded image: Σ uₖ · Pₖ differs from it by at most
 *   Σ 0.5·10⁻¹⁸ · Pₖ (about 10⁻¹³ USD for BTC), which shows up in the next step's valueBefore.
 * - Flows at or before t₀ are ignored: NAV(t₀) already contains them.
 * - Events at one instant are applied as: flows (deposits before withdrawals, larger values first), then a
 *   rebalance, then the snapshot. A snapshot at tᵢ thus includes the flows dated tᵢ, as returns do (§5).
 * - A start NAV that is zero or negative starts the benchmark empty (all units 0); deposits then fill it.
 * - Every price used must be positive; anything else is a BenchmarkError naming the asset and instant.
 */

import type { Dec } from './decimal.ts';
import { dec, divideToPlaces, fmt, sum, UNIT_DECIMAL_PLACES, ZERO } from './decimal.ts';
import { rebalanceTimes } from './schedule.ts';
import type {
  BenchmarkConfig,
  BenchmarkPoint,
  BenchmarkUnits,
  Decimal,
  EpochMs,
  RebalanceRule,
} from './types.ts';

const REBALANCE_RULES: readonly RebalanceRule[] = ['none', 'daily', 'weekly', 'monthly'];
const ASSET_NAME = /^[A-Z0-9]{1,20}$/;

export class BenchmarkConfigError extends Error {
  constructor(message: string) {
    super(`Invalid benchmark: ${message}`);
    this.name = 'BenchmarkConfigError';
  }
}

export class BenchmarkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BenchmarkError';
  }
}

/** Throws a BenchmarkConfigError unless assets are distinct, weights positive, summing to exactly 1. */
export function validateBenchmarkConfig(config: BenchmarkConfig): void {
  if (!REBALANCE_RULES.includes(config.rebalance)) {
    throw new BenchmarkConfigError(
      `rebalance must be one of ${REBALANCE_RULES.join(', ')}, got ${JSON.stringify(config.rebalance)}`,
    );
  }
  if (!Array.isArray(config.assets) || config.assets.length === 0) {
    throw new BenchmarkConfigError('at least one asset is required');
  }
  const seen = new Set<string>();
  const weights: Dec[] = [];
  for (const { asset, weight } of config.assets) {
    if (typeof asset !== 'string' || !ASSET_NAME.test(asset)) {
      throw new BenchmarkConfigError(`asset ${JSON.stringify(asset)} is not an upper-case asset symbol`);
    }
    if (seen.has(asset)) throw new BenchmarkConfigError(`asset ${asset} is listed twice`);
    seen.add(asset);
    let w: Dec;
    try {
      w = dec(weight);
    } catch {
      throw new BenchmarkConfigError(`weight of ${asset} is not a decimal: ${JSON.stringify(weight)}`);
    }
    if (w.lte(0)) throw new BenchmarkConfigError(`weight of ${asset} must be positive, got ${weight}`);
    weights.push(w);
  }
  const total = sum(weights);
  if (!total.eq(1)) {
    throw new BenchmarkConfigError(`weights must sum to exactly 1, they sum to ${fmt(total)}`);
  }
}

type Units = Map<string, Dec>;
type PriceAt = (asset: string, ts: EpochMs) => Decimal;

function pricesAt(config: BenchmarkConfig, lookup: (asset: string) => Decimal | undefined, when: string) {
  const prices = new Map<string, Dec>();
  for (const { asset } of config.assets) {
    let price: Dec | null = null;
    try {
      const text = lookup(asset);
      price = text === undefined ? null : dec(text);
    } catch {
      price = null;
    }
    if (price === null || price.lte(0)) {
      throw new BenchmarkError(`No positive ${asset} price ${when} for the benchmark`);
    }
    prices.set(asset, price);
  }
  return prices;
}

function pricesAtTs(config: BenchmarkConfig, priceAt: PriceAt, ts: EpochMs): Map<string, Dec> {
  return pricesAt(config, (asset) => priceAt(asset, ts), `at ${new Date(ts).toISOString()}`);
}

function portfolioValue(units: Units, prices: Map<string, Dec>): Dec {
  return sum([...units].map(([asset, u]) => u.times(prices.get(asset) ?? ZERO)));
}

/** Units buying `amount` USD at target weights: wₖ · amount / Pₖ, each rounded once. */
function unitsFor(config: BenchmarkConfig, amount: Dec, prices: Map<string, Dec>): Units {
  const units: Units = new Map();
  for (const { asset, weight } of config.assets) {
    const price = prices.get(asset) ?? ZERO;
    units.set(asset, divideToPlaces(dec(weight).times(amount), price, UNIT_DECIMAL_PLACES));
  }
  return units;
}

function deposit(config: BenchmarkConfig, units: Units, amount: Dec, prices: Map<string, Dec>): Units {
  const bought = unitsFor(config, amount, prices);
  return new Map([...units].map(([asset, u]) => [asset, u.plus(bought.get(asset) ?? ZERO)]));
}

/** Sold pro rata: uₖ · (B − c) / B; a withdrawal of B or more empties the benchmark. */
function withdraw(units: Units, amount: Dec, value: Dec): Units {
  if (value.lte(0) || amount.gte(value)) return new Map([...units].map(([asset]) => [asset, ZERO]));
  const remaining = value.minus(amount);
  return new Map(
    [...units].map(([asset, u]) => [asset, divideToPlaces(u.times(remaining), value, UNIT_DECIMAL_PLACES)]),
  );
}

function unitsText(units: Units): BenchmarkUnits {
  const out: BenchmarkUnits = {};
  for (const [asset, u] of units) out[asset] = fmt(u);
  return out;
}

/** B = Σ uₖ · Pₖ for stored units and prices per asset. */
export function benchmarkValue(units: BenchmarkUnits, prices: Readonly<Record<string, Decimal>>): Decimal {
  const parts: Dec[] = [];
  for (const [asset, u] of Object.entries(units)) {
    const price = prices[asset];
    if (price === undefined) throw new BenchmarkError(`No ${asset} price to value the benchmark`);
    parts.push(dec(u, `${asset} units`).times(dec(price, `${asset} price`)));
  }
  return fmt(sum(parts));
}

/** Units at the start: wₖ · NAV(t₀) / Pₖ(t₀), or all zero when NAV(t₀) ≤ 0. */
export function startUnits(
  config: BenchmarkConfig,
  startNav: Decimal,
  prices: Readonly<Record<string, Decimal>>,
): BenchmarkUnits {
  validateBenchmarkConfig(config);
  const nav = dec(startNav, 'start NAV');
  const priceMap = pricesAt(config, (asset) => prices[asset], 'given');
  if (nav.lte(0)) return Object.fromEntries(config.assets.map(({ asset }) => [asset, '0']));
  return unitsText(unitsFor(config, nav, priceMap));
}

export interface ReplayBenchmarkInput {
  config: BenchmarkConfig;
  /** t₀: the account's first complete snapshot. */
  startTs: EpochMs;
  startNav: Decimal;
  snapshots: readonly { ts: EpochMs }[];
  /** Counted flows with their signed USD value at τ; an id given is carried to the flow's point (flowId). */
  flows: readonly { ts: EpochMs; usdValue: Decimal; id?: string }[];
  priceAt: (asset: string, ts: EpochMs) => Decimal;
  untilTs: EpochMs;
}

type Event =
  | { ts: EpochMs; order: 0; kind: 'flow'; amount: Dec; id: string | undefined }
  | { ts: EpochMs; order: 1; kind: 'rebalance' }
  | { ts: EpochMs; order: 2; kind: 'snapshot' };

function compareEvents(a: Event, b: Event): number {
  if (a.ts !== b.ts) return a.ts - b.ts;
  if (a.order !== b.order) return a.order - b.order;
  if (a.kind === 'flow' && b.kind === 'flow') {
    const aIn = a.amount.gte(0);
    const bIn = b.amount.gte(0);
    if (aIn !== bIn) return aIn ? -1 : 1;
    return b.amount.abs().cmp(a.amount.abs());
  }
  return 0;
}

function eventsOf(input: ReplayBenchmarkInput): Event[] {
  const { startTs: t0, untilTs: until } = input;
  const inRange = (ts: EpochMs) => ts > t0 && ts <= until;
  const events: Event[] = [];
  for (const f of input.flows) {
    if (inRange(f.ts))
      events.push({ ts: f.ts, order: 0, kind: 'flow', amount: dec(f.usdValue, 'flow value'), id: f.id });
  }
  for (const ts of rebalanceTimes(input.config.rebalance, t0, until)) {
    events.push({ ts, order: 1, kind: 'rebalance' });
  }
  for (const ts of new Set(input.snapshots.map((s) => s.ts))) {
    if (inRange(ts)) events.push({ ts, order: 2, kind: 'snapshot' });
  }
  return events.sort(compareEvents);
}

/** Replays the benchmark from t₀ through `untilTs`: one point for the start and one per event. */
export function replayBenchmark(input: ReplayBenchmarkInput): BenchmarkPoint[] {
  const { config, startTs, priceAt } = input;
  validateBenchmarkConfig(config);
  const nav = dec(input.startNav, 'start NAV');

  const startPrices = pricesAtTs(config, priceAt, startTs);
  let units: Units = nav.gt(0)
    ? unitsFor(config, nav, startPrices)
    : new Map(config.assets.map(({ asset }) => [asset, ZERO]));
  const startValue = fmt(nav.gt(0) ? nav : ZERO);
  // Snapshots leave units unchanged: their text is written once per change and shared, read-only.
  let heldText = Object.freeze(unitsText(units));
  const points: BenchmarkPoint[] = [
    { ts: startTs, kind: 'start', valueBefore: startValue, valueAfter: startValue, units: heldText },
  ];

  for (const event of eventsOf(input)) {
    const prices = pricesAtTs(config, priceAt, event.ts);
    const before = portfolioValue(units, prices);
    let after = before;
    if (event.kind === 'flow' && event.amount.gte(0)) {
      units = deposit(config, units, event.amount, prices);
      after = before.plus(event.amount);
    } else if (event.kind === 'flow') {
      units = withdraw(units, event.amount.neg(), before);
      after = before.plus(event.amount).gt(0) ? before.plus(event.amount) : ZERO;
    } else if (event.kind === 'rebalance' && before.gt(0)) {
      units = unitsFor(config, before, prices);
    }
    if (event.kind !== 'snapshot') heldText = Object.freeze(unitsText(units));
    const beforeText = fmt(before);
    points.push({
      ts: event.ts,
      kind: event.kind,
      valueBefore: beforeText,
      valueAfter: after === before ? beforeText : fmt(after),
      units: heldText,
      ...(event.kind === 'flow' && event.id !== undefined ? { flowId: event.id } : {}),
    });
  }
  return points;
}
