import { Big, round8 } from './decimal.ts';
import { hash32, mulberry32, normalDraws } from './random.ts';
import type { ParsedScenario, PricePathSpec } from './scenario.ts';
import type { Market } from './symbols.ts';

const HOUR = 3_600_000;

/** A price as a function of time, piecewise linear between its nodes. */
export interface PricePath {
  at(t: number): Big;
  /** Node times strictly inside (from, to): where the path can turn, so where highs and lows can be. */
  nodes(from: number, to: number): number[];
}

function interpolate(t0: number, p0: Big, t1: number, p1: Big, t: number): Big {
  return round8(
    p0.plus(
      p1
        .minus(p0)
        .times(t - t0)
        .div(t1 - t0),
    ),
  );
}

/** Index of the last node at or before t (-1 when t is before the first). */
function lastAtOrBefore(times: number[], t: number): number {
  let lo = 0;
  let hi = times.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Explicit points: linear between them, flat before the first and after the last. */
export function pointsPath(points: [number, Big][]): PricePath {
  const sorted = [...points].sort((a, b) => a[0] - b[0]);
  const times = sorted.map((p) => p[0]);
  const prices = sorted.map((p) => round8(p[1]));
  return {
    at(t) {
      const i = lastAtOrBefore(times, t);
      if (i < 0) return prices[0]!;
      if (i >= times.length - 1) return prices[prices.length - 1]!;
      return interpolate(times[i]!, prices[i]!, times[i + 1]!, prices[i + 1]!, t);
    },
    nodes(from, to) {
      return times.filter((x) => x > from && x < to);
    },
  };
}

/**
 * A seeded geometric random walk with one step per hour from `from`: p(k+1) = p(k) * exp(vol * z - vol^2 / 2 + drift),
 * z standard normal from mulberry32 + Box-Muller. Hourly nodes are rounded to 8 decimals, linear in between.
 */
export function walkPath(opts: {
  from: number;
  start: Big;
  hourlyVol: number;
  seed: number;
  drift?: number;
}): PricePath {
  const draw = normalDraws(mulberry32(opts.seed));
  const nodes: Big[] = [round8(opts.start)];
  let level = Number(opts.start);
  const drift = opts.drift ?? 0;
  const node = (k: number): Big => {
    while (nodes.length <= k) {
      level *= Math.exp(opts.hourlyVol * draw() - (opts.hourlyVol * opts.hourlyVol) / 2 + drift);
      nodes.push(new Big(level.toFixed(8)));
    }
    return nodes[k]!;
  };
  return {
    at(t) {
      if (t <= opts.from) return nodes[0]!;
      const k = Math.floor((t - opts.from) / HOUR);
      const t0 = opts.from + k * HOUR;
      if (t === t0) return node(k);
      return interpolate(t0, node(k), t0 + HOUR, node(k + 1), t);
    },
    nodes(from, to) {
      const out: number[] = [];
      const first = Math.max(opts.from, opts.from + Math.floor((from - opts.from) / HOUR + 1) * HOUR);
      for (let x = first; x < to; x += HOUR) if (x > from) out.push(x);
      return out;
    },
  };
}

/** base/USDT divided by quote/USDT: a cross pair priced from its two legs. */
function derivedPath(base: PricePath, quote: PricePath): PricePath {
  return {
    at: (t) => round8(base.at(t).div(quote.at(t))),
    nodes: (from, to) =>
      [...new Set([...base.nodes(from, to), ...quote.nodes(from, to)])].sort((a, b) => a - b),
  };
}

/** Shocks multiply the path from their time on; the path just before a shock is a node too. */
function shockedPath(path: PricePath, shocks: { at: number; factor: Big }[]): PricePath {
  if (shocks.length === 0) return path;
  const sorted = [...shocks].sort((a, b) => a.at - b.at);
  return {
    at(t) {
      let p = path.at(t);
      for (const s of sorted) if (s.at <= t) p = p.times(s.factor);
      return round8(p);
    },
    nodes(from, to) {
      const extra = sorted.flatMap((s) => [s.at - 1, s.at]).filter((x) => x > from && x < to);
      return [...new Set([...path.nodes(from, to), ...extra])].sort((a, b) => a - b);
    },
  };
}

function pathFromSpec(spec: PricePathSpec, scenarioStart: number): PricePath {
  if (Array.isArray(spec)) return pointsPath(spec.map(([t, p]) => [Date.parse(t), new Big(p)]));
  const w = spec.walk;
  return walkPath({
    from: w.from ? Date.parse(w.from) : scenarioStart,
    start: new Big(w.start),
    hourlyVol: w.hourlyVol,
    seed: w.seed,
    ...(w.drift !== undefined ? { drift: w.drift } : {}),
  });
}

/**
 * Every listed symbol gets a path. Rule for a symbol without one: when both BASEUSDT and QUOTEUSDT have paths it is
 * their ratio (SOLBTC = SOLUSDT / BTCUSDT); otherwise a default walk (start 1, hourly vol 1%, seed from the name).
 */
export function buildPricePaths(scenario: ParsedScenario, markets: Market[]): Map<string, PricePath> {
  const start = Date.parse(scenario.start);
  const shocks = new Map<string, { at: number; factor: Big }[]>();
  for (const e of scenario.events) {
    if (e.type !== 'priceShock') continue;
    const list = shocks.get(e.symbol) ?? [];
    list.push({ at: Date.parse(e.at), factor: new Big(e.factor) });
    shocks.set(e.symbol, list);
  }
  const paths = new Map<string, PricePath>();
  for (const [symbol, spec] of Object.entries(scenario.prices)) {
    paths.set(symbol, shockedPath(pathFromSpec(spec, start), shocks.get(symbol) ?? []));
  }
  for (const m of markets) {
    if (paths.has(m.symbol)) continue;
    const base = paths.get(`${m.baseAsset}USDT`);
    const quote = paths.get(`${m.quoteAsset}USDT`);
    const own =
      base && quote
        ? derivedPath(base, quote)
        : walkPath({ from: start, start: new Big(1), hourlyVol: 0.01, seed: hash32(m.symbol) });
    paths.set(m.symbol, shockedPath(own, shocks.get(m.symbol) ?? []));
  }
  return paths;
}
