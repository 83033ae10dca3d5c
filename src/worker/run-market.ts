import type { BinanceClient } from '../binance/client.ts';
import { createPriceRouter, listedAssets, type PriceRouter } from '../domain/prices.ts';
import type { Decimal, Market, TickerPrices } from '../domain/types.ts';

/** The run's view of the market: fetched once, shared by every account of the run. */
export interface RunMarket {
  markets: Market[];
  tickers: TickerPrices;
  router: PriceRouter;
  isKnownAsset: (asset: string) => boolean;
}

/** exchangeInfo changes rarely and weighs 20: one fetch per process serves every run the process makes. */
export interface MarketsCache {
  markets?: Promise<Market[]>;
}

async function fetchMarkets(client: BinanceClient, signal?: AbortSignal): Promise<Market[]> {
  const info = await client.exchangeInfo({ signal });
  return info.symbols.map((s) => ({
    symbol: s.symbol,
    baseAsset: s.baseAsset,
    quoteAsset: s.quoteAsset,
    status: s.status,
  }));
}

export async function loadRunMarket(
  client: BinanceClient,
  cache: MarketsCache = {},
  signal?: AbortSignal,
): Promise<RunMarket> {
  cache.markets ??= fetchMarkets(client, signal);
  let markets: Market[];
  try {
    markets = await cache.markets;
  } catch (err) {
    cache.markets = undefined;
    throw err;
  }
  const rows = await client.tickerPrices({ signal });
  const tickers: Record<string, Decimal> = {};
  for (const r of rows) tickers[r.symbol] = r.price;
  const listed = listedAssets(markets);
  return {
    markets,
    tickers,
    router: createPriceRouter(markets, tickers),
    isKnownAsset: (a) => listed.has(a),
  };
}
