import { z } from 'zod';
import { decimal, epochMs } from './common.ts';

export const serverTimeSchema = z.looseObject({ serverTime: epochMs });

export const exchangeSymbolSchema = z.looseObject({
  symbol: z.string(),
  status: z.string(),
  baseAsset: z.string(),
  quoteAsset: z.string(),
});

export const exchangeInfoSchema = z.looseObject({
  timezone: z.string(),
  serverTime: epochMs,
  rateLimits: z.array(z.looseObject({})),
  symbols: z.array(exchangeSymbolSchema),
});

export const tickerPriceSchema = z.looseObject({ symbol: z.string(), price: decimal });
export const tickerPricesSchema = z.array(tickerPriceSchema);

/** [openTime, open, high, low, close, volume, closeTime, quoteVolume, trades, takerBase, takerQuote, ignore] */
export const klineSchema = z
  .tuple([
    epochMs,
    decimal,
    decimal,
    decimal,
    decimal,
    decimal,
    epochMs,
    decimal,
    z.number(),
    decimal,
    decimal,
  ])
  .rest(z.unknown());
export const klinesSchema = z.array(klineSchema);

export type ExchangeInfo = z.output<typeof exchangeInfoSchema>;
export type TickerPrice = z.output<typeof tickerPriceSchema>;
export type Kline = z.output<typeof klineSchema>;
