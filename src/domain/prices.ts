/**
 * USD price routing (design.md §2 "Prices"). USDT = 1 USD. For an asset X the first route that exists wins:
 *   1. XUSDT                      (direct)
 *   2. USDTX, inverted            (1 / price)
 *   3. through a hub, in the order BTC, BNB, ETH, FDUSD, USDC: X→hub by XHUB or inverted HUBX, then the hub's
 *      own USD price by these same rules (hubs already on the path are not revisited, so no loops).
 * Stablecoins other than USDT are priced through their own pair (USDCUSDT), never assumed to be 1.
 * Only TRADING markets are edges; a market without a ticker, or with a price that is zero or not a positive
 * decimal, is skipped as if it did not exist.
 *
 * Precision: a route is the product of its legs' prices divided by the product of its inverted legs' prices.
 * Products are exact; the one division (only when a leg is inverted) is rounded half-even to 20 significant
 * digits (decimal.ts). A route without inverted legs is exact.
 */

import type { Dec } from './decimal.ts';
import { dec, divide, fmt, ONE } from './decimal.ts';
import type { Decimal, Market, TickerPrices } from './types.ts';

export const USD_ASSET = 'USDT';
export const PRICE_HUBS = ['BTC', 'BNB', 'ETH', 'FDUSD', 'USDC'] as const;

/** One edge of a route: the market's price, or its inverse when the asset is the market's quote. */
export interface RouteLeg {
  symbol: string;
  inverse: boolean;
}

export interface PriceRouter {
  /** USD price of one unit of `asset` from the tickers, or null when no route exists. */
  usd(asset: string): Decimal | null;
  /** Symbols used by the asset's route, in order (empty for USDT and for unpriced assets). */
  route(asset: string): string[];
  /** The route with the direction of each leg, or null when the asset cannot be priced. */
  legs(asset: string): RouteLeg[] | null;
  /** Distinct symbols (sorted) needed to price one asset or every one of `assets`, e.g. for klines at τ. */
  routeSymbols(assets: string | Iterable<string>): string[];
  /**
   * Evaluates the asset's route (chosen from the tickers) with other prices per symbol, e.g. 1-minute kline
   * opens at τ. Null when the asset has no route or a symbol on it has no usable price.
   */
  usdFromPrices(asset: string, symbolPrices: Readonly<Record<string, Decimal>>): Decimal | null;
}

interface Edge {
  symbol: string;
  price: Dec;
}

function positivePrice(text: Decimal | undefined): Dec | null {
  if (text === undefined) return null;
  try {
    const price = dec(text);
    return price.gt(0) ? price : null;
  } catch {
    return null;
  }
}

/** TRADING markets with a usable ticker, keyed by "BASE/QUOTE". */
function tradableEdges(markets: readonly Market[], tickers: TickerPrices): Map<string, Edge> {
  const edges = new Map<string, Edge>();
  for (const market of markets) {
    if (market.status !== 'TRADING') continue;
    const price = positivePrice(tickers[market.symbol]);
    if (price === null) continue;
    edges.set(`${market.baseAsset}/${market.quoteAsset}`, { symbol: market.symbol, price });
  }
  return edges;
}

/** Evaluates legs against per-symbol prices: Π direct / Π inverse, one rounding at most. */
export function evaluateLegs(legs: readonly RouteLeg[], priceOf: (symbol: string) => Dec | null): Dec | null {
  let numerator = ONE;
  let denominator = ONE;
  for (const leg of legs) {
    const price = priceOf(leg.symbol);
    if (price === null) return null;
    if (leg.inverse) denominator = denominator.times(price);
    else numerator = numerator.times(price);
  }
  return denominator.eq(1) ? numerator : divide(numerator, denominator);
}

export function createPriceRouter(markets: readonly Market[], tickers: TickerPrices): PriceRouter {
  const edges = tradableEdges(markets, tickers);
  const tickerPrice = new Map<string, Dec>();
  for (const edge of edges.values()) tickerPrice.set(edge.symbol, edge.price);

  function leg(from: string, to: string): RouteLeg | null {
    const direct = edges.get(`${from}/${to}`);
    if (direct) return { symbol: direct.symbol, inverse: false };
    const inverse = edges.get(`${to}/${from}`);
    if (inverse) return { symbol: inverse.symbol, inverse: true };
    return null;
  }

  function findLegs(asset: string, visited: ReadonlySet<string>): RouteLeg[] | null {
    if (asset === USD_ASSET) return [];
    const toUsd = leg(asset, USD_ASSET);
    if (toUsd) return [toUsd];
    const path = new Set(visited).add(asset);
    for (const hub of PRICE_HUBS) {
      if (path.has(hub)) continue;
      const toHub = leg(asset, hub);
      if (!toHub) continue;
      const hubLegs = findLegs(hub, path);
      if (hubLegs) return [toHub, ...hubLegs];
    }
    return null;
  }

  const cache = new Map<string, RouteLeg[] | null>();
  function legsOf(asset: string): RouteLeg[] | null {
    if (!cache.has(asset)) cache.set(asset, findLegs(asset, new Set()));
    return cache.get(asset) ?? null;
  }

  return {
    usd(asset) {
      const legs = legsOf(asset);
      if (legs === null) return null;
      const price = evaluateLegs(legs, (symbol) => tickerPrice.get(symbol) ?? null);
      return price === null ? null : fmt(price);
    },
    route(asset) {
      return (legsOf(asset) ?? []).map((l) => l.symbol);
    },
    legs(asset) {
      const legs = legsOf(asset);
      return legs === null ? null : legs.map((l) => ({ ...l }));
    },
    routeSymbols(assets) {
      const symbols = new Set<string>();
      for (const asset of typeof assets === 'string' ? [assets] : assets)
        for (const l of legsOf(asset) ?? []) symbols.add(l.symbol);
      return [...symbols].sort();
    },
    usdFromPrices(asset, symbolPrices) {
      const legs = legsOf(asset);
      if (legs === null) return null;
      const price = evaluateLegs(legs, (symbol) => positivePrice(symbolPrices[symbol]));
      return price === null ? null : fmt(price);
    },
  };
}

/** Every asset that appears in a market (any status): what "a listed asset" means for LD-prefix handling. */
export function listedAssets(markets: readonly Market[]): Set<string> {
  const assets = new Set<string>();
  for (const m of markets) {
    assets.add(m.baseAsset);
    assets.add(m.quoteAsset);
  }
  return assets;
}
