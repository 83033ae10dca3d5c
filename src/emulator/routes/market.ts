import { Big, fmt8, round8 } from '../decimal.ts';
import { ApiError, badParam, invalidSymbol } from '../errors.ts';
import type { Json } from '../json.ts';
import { hash32, mulberry32 } from '../random.ts';
import type { Market } from '../symbols.ts';
import type { World } from '../world.ts';
import { intParam, type Route, type RouteContext, requireParam } from './types.ts';

const INTERVALS: Record<string, number> = {
  '1m': 60_000,
  '3m': 180_000,
  '5m': 300_000,
  '15m': 900_000,
  '30m': 1_800_000,
  '1h': 3_600_000,
  '2h': 7_200_000,
  '4h': 14_400_000,
  '6h': 21_600_000,
  '8h': 28_800_000,
  '12h': 43_200_000,
  '1d': 86_400_000,
};

function symbolInfo(m: Market, status: string): Json {
  return {
    symbol: m.symbol,
    status,
    baseAsset: m.baseAsset,
    baseAssetPrecision: 8,
    quoteAsset: m.quoteAsset,
    quotePrecision: 8,
    quoteAssetPrecision: 8,
    baseCommissionPrecision: 8,
    quoteCommissionPrecision: 8,
    orderTypes: [
      'LIMIT',
      'LIMIT_MAKER',
      'MARKET',
      'STOP_LOSS',
      'STOP_LOSS_LIMIT',
      'TAKE_PROFIT',
      'TAKE_PROFIT_LIMIT',
    ],
    icebergAllowed: true,
    ocoAllowed: true,
    otoAllowed: true,
    opoAllowed: true,
    quoteOrderQtyMarketAllowed: true,
    allowTrailingStop: true,
    cancelReplaceAllowed: true,
    amendAllowed: false,
    pegInstructionsAllowed: true,
    isSpotTradingAllowed: status === 'TRADING',
    isMarginTradingAllowed: status === 'TRADING',
    filters: [
      {
        filterType: 'PRICE_FILTER',
        minPrice: '0.00000001',
        maxPrice: '1000000.00000000',
        tickSize: '0.00000001',
      },
      { filterType: 'LOT_SIZE', minQty: '0.00000100', maxQty: '9000.00000000', stepSize: '0.00000100' },
    ],
    permissions: [],
    permissionSets: [['SPOT', 'MARGIN']],
    defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
    allowedSelfTradePreventionModes: ['NONE', 'EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'],
  };
}

/** `symbol`, or `symbols` as a JSON array, or every listed symbol. */
function requestedMarkets(ctx: RouteContext): Market[] {
  const one = ctx.params.get('symbol');
  const many = ctx.params.get('symbols');
  if (one !== undefined && many !== undefined) {
    throw new ApiError(400, -1106, "Parameter 'symbols' sent when not required.");
  }
  if (one !== undefined) {
    const m = ctx.world.marketBySymbol.get(one);
    if (!m) throw invalidSymbol();
    return [m];
  }
  if (many !== undefined) {
    let names: unknown;
    try {
      names = JSON.parse(many);
    } catch {
      throw badParam('symbols');
    }
    if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === 'string')) {
      throw badParam('symbols');
    }
    return names.map((n) => {
      const m = ctx.world.marketBySymbol.get(n);
      if (!m) throw invalidSymbol();
      return m;
    });
  }
  return ctx.world.markets;
}

function exchangeInfo(ctx: RouteContext): Json {
  const wanted =
    ctx.params.has('symbol') || ctx.params.has('symbols') ? requestedMarkets(ctx) : ctx.world.markets;
  const statusFilter = ctx.params.get('symbolStatus');
  const symbols = wanted
    .map((m) => ({ m, status: ctx.world.status(m.symbol, ctx.now) }))
    .filter((x) => statusFilter === undefined || x.status === statusFilter)
    .map((x) => symbolInfo(x.m, x.status));
  return {
    timezone: 'UTC',
    serverTime: ctx.now,
    rateLimits: [
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
      { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 200000 },
      { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 61000 },
    ],
    exchangeFilters: [],
    symbols,
    sors: sors(ctx.world.markets),
  };
}

/** Smart order routing groups: every base asset listed against more than one quote. */
function sors(markets: Market[]): Json[] {
  const byBase = new Map<string, string[]>();
  for (const m of markets) byBase.set(m.baseAsset, [...(byBase.get(m.baseAsset) ?? []), m.symbol]);
  return [...byBase]
    .filter(([, symbols]) => symbols.length > 1)
    .map(([baseAsset, symbols]) => ({ baseAsset, symbols }));
}

function tickerPrice(ctx: RouteContext): Json {
  const statusFilter = ctx.params.get('symbolStatus');
  const markets = requestedMarkets(ctx).filter(
    (m) => statusFilter === undefined || ctx.world.status(m.symbol, ctx.now) === statusFilter,
  );
  const rows = markets.map((m) => ({ symbol: m.symbol, price: fmt8(ctx.world.price(m.symbol, ctx.now)) }));
  if (ctx.params.has('symbol')) {
    if (rows.length === 0)
      throw new ApiError(400, -1220, "The symbol's status does not match the requested symbolStatus.");
    return rows[0]!;
  }
  return rows;
}

/**
 * One candle of the piecewise-linear path: the close is the price at the candle's end (the next open; `now` for the
 * candle still forming); highs and lows are at the path's nodes or the candle's ends.
 */
export function candle(
  world: World,
  symbol: string,
  openTime: number,
  intervalMs: number,
  now: number,
): Json {
  const closeTime = openTime + intervalMs - 1;
  const lastTime = Math.min(closeTime + 1, now);
  const open = world.price(symbol, openTime);
  const close = world.price(symbol, lastTime);
  let high = open.gt(close) ? open : close;
  let low = open.lt(close) ? open : close;
  for (const t of world.nodes(symbol, openTime, lastTime)) {
    const p = world.price(symbol, t);
    if (p.gt(high)) high = p;
    if (p.lt(low)) low = p;
  }
  const rnd = mulberry32(hash32(`${symbol}|${openTime}|${intervalMs}`));
  const minutes = Math.max(1, Math.round((lastTime - openTime + 1) / 60_000));
  const volume = round8(new Big((5 + 20 * rnd()).toFixed(8)).times(minutes).div(60));
  const mid = open.plus(close).div(2);
  const quoteVolume = round8(volume.times(mid));
  const takerShare = new Big((0.35 + 0.3 * rnd()).toFixed(4));
  return [
    openTime,
    fmt8(open),
    fmt8(high),
    fmt8(low),
    fmt8(close),
    fmt8(volume),
    closeTime,
    fmt8(quoteVolume),
    Math.floor(minutes * (3 + 40 * rnd())),
    fmt8(volume.times(takerShare)),
    fmt8(quoteVolume.times(takerShare)),
    '0',
  ];
}

/**
 * Candles with openTime >= startTime (aligned to the interval) and <= endTime, never past now, oldest first.
 * Only endTime: the `limit` candles up to it. Neither: the latest `limit` candles.
 */
function klines(ctx: RouteContext): Json {
  const symbol = requireParam(ctx.params, 'symbol');
  if (!ctx.world.marketBySymbol.has(symbol)) throw invalidSymbol();
  const interval = requireParam(ctx.params, 'interval');
  const step = INTERVALS[interval];
  if (step === undefined) throw new ApiError(400, -1120, 'Invalid interval.');
  const limit = intParam(ctx.params, 'limit', { min: 1, max: 1000, fallback: 500 })!;
  const startTime = intParam(ctx.params, 'startTime', { min: 0 });
  const endTime = intParam(ctx.params, 'endTime', { min: 0 });
  const lastOpen = Math.floor(Math.min(ctx.now, endTime ?? ctx.now) / step) * step;
  let first: number;
  if (startTime !== undefined) first = Math.ceil(startTime / step) * step;
  else first = lastOpen - (limit - 1) * step;
  const rows: Json[] = [];
  for (let t = first; t <= lastOpen && rows.length < limit; t += step) {
    rows.push(candle(ctx.world, symbol, t, step, ctx.now));
  }
  return rows;
}

export const marketRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/v3/time',
    family: 'api',
    limit: 'ip',
    weight: () => 1,
    signed: false,
    handle: (ctx) => ({ serverTime: ctx.now }),
  },
  {
    method: 'GET',
    path: '/api/v3/ping',
    family: 'api',
    limit: 'ip',
    weight: () => 1,
    signed: false,
    handle: () => ({}),
  },
  {
    method: 'GET',
    path: '/api/v3/exchangeInfo',
    family: 'api',
    limit: 'ip',
    weight: () => 20,
    signed: false,
    handle: exchangeInfo,
  },
  {
    method: 'GET',
    path: '/api/v3/ticker/price',
    family: 'api',
    limit: 'ip',
    weight: (p) => (p.has('symbol') ? 2 : 4),
    signed: false,
    handle: tickerPrice,
  },
  {
    method: 'GET',
    path: '/api/v3/klines',
    family: 'api',
    limit: 'ip',
    weight: () => 2,
    signed: false,
    handle: klines,
  },
];
