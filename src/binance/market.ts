import type { RequestContext } from './context.ts';
import { ENDPOINTS } from './endpoints.ts';
import { send } from './pipeline.ts';
import {
  type ExchangeInfo,
  exchangeInfoSchema,
  type Kline,
  klinesSchema,
  serverTimeSchema,
  type TickerPrice,
  tickerPricesSchema,
} from './schemas/market.ts';

export interface KlineQuery {
  startTime?: number;
  endTime?: number;
  /** ≤ 1000 */
  limit?: number;
}

export async function serverTime(ctx: RequestContext, signal?: AbortSignal): Promise<number> {
  const body = await send(ctx, ENDPOINTS.time, {}, serverTimeSchema, signal);
  return body.serverTime;
}

export function exchangeInfo(ctx: RequestContext, signal?: AbortSignal): Promise<ExchangeInfo> {
  return send(ctx, ENDPOINTS.exchangeInfo, {}, exchangeInfoSchema, signal);
}

/** Every symbol's last price in one call (weight 4), shared by all accounts of a run. */
export function tickerPrices(ctx: RequestContext, signal?: AbortSignal): Promise<TickerPrice[]> {
  return send(ctx, ENDPOINTS.tickerPrices, {}, tickerPricesSchema, signal);
}

export function klines(
  ctx: RequestContext,
  symbol: string,
  interval: string,
  query: KlineQuery,
  signal?: AbortSignal,
): Promise<Kline[]> {
  return send(ctx, ENDPOINTS.klines, { symbol, interval, ...query }, klinesSchema, signal);
}
