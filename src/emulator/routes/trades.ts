/** Trades, Convert and dust history. */
import { Big, fmt8, fmtPlain } from '../decimal.ts';
import { ApiError, invalidSymbol } from '../errors.ts';
import { type Json, numericId } from '../json.ts';
import { tradeFigures } from '../state.ts';
import { inRange, newestFirst, visible } from './events.ts';
import { signed } from './holdings.ts';
import { DAY, intParam, type Route, type RouteContext, requireParam, timeWindow } from './types.ts';

/** Trades of one symbol, oldest first; window at most 24 hours; fromId pages by id. */
function myTrades(ctx: RouteContext): Json {
  const symbol = requireParam(ctx.params, 'symbol');
  const m = ctx.world.marketBySymbol.get(symbol);
  if (!m) throw invalidSymbol();
  const s = intParam(ctx.params, 'startTime', { min: 0 });
  const e = intParam(ctx.params, 'endTime', { min: 0 });
  if (s !== undefined && e !== undefined && e - s > DAY) {
    throw new ApiError(400, -1127, 'More than 24 hours between startTime and endTime.');
  }
  const fromId = ctx.params.get('fromId');
  const limit = intParam(ctx.params, 'limit', { min: 1, max: 1000, fallback: 500 })!;
  const orderId = ctx.params.get('orderId');
  const trades = visible(ctx, 'trade')
    .filter((t) => t.symbol === symbol)
    .map((t, i) => ({ t, id: t.id ?? String(28_457 + t.seq * 10 + i) }))
    .filter(({ t }) => (s === undefined || t.atMs >= s) && (e === undefined || t.atMs <= e))
    .filter(
      ({ t, id }) =>
        (orderId === undefined || (t.orderId ?? id) === orderId) &&
        (fromId === undefined || BigInt(id) >= BigInt(fromId)),
    )
    .sort((x, y) => x.t.atMs - y.t.atMs || x.t.seq - y.t.seq);
  const chosen =
    fromId === undefined && s === undefined && e === undefined
      ? trades.slice(-limit)
      : trades.slice(0, limit);
  return chosen.map(({ t, id }) => {
    const f = tradeFigures(t, ctx.world.price(symbol, t.atMs), m);
    return {
      symbol,
      id: numericId(id),
      orderId: numericId(t.orderId ?? id),
      orderListId: -1,
      price: fmt8(f.price),
      qty: fmt8(f.qty),
      quoteQty: fmt8(f.quoteQty),
      commission: fmt8(f.commission),
      commissionAsset: f.commissionAsset,
      time: t.atMs,
      isBuyer: t.side === 'BUY',
      isMaker: t.isMaker ?? false,
      isBestMatch: true,
    };
  });
}

function dribblet(ctx: RouteContext): Json {
  const w = timeWindow(ctx.params, ctx.now, { defaultMs: 100 * DAY });
  const rows = visible(ctx, 'dust')
    .filter((e) => inRange(e.atMs, w))
    .sort(newestFirst)
    .map((e) => {
      const got = e.items.reduce((acc, i) => acc.plus(i.transferedAmount), new Big(0));
      const fees = e.items.reduce((acc, i) => acc.plus(i.fee), new Big(0));
      return {
        operateTime: e.atMs,
        totalTransferedAmount: fmtPlain(got),
        totalServiceChargeAmount: fmtPlain(fees),
        transId: numericId(e.eventId),
        userAssetDribbletDetails: e.items.map((i, n) => ({
          transId: numericId(String(BigInt(e.eventId) + BigInt(n + 1))),
          serviceChargeAmount: fmtPlain(new Big(i.fee)),
          amount: fmtPlain(new Big(i.amount)),
          operateTime: e.atMs,
          transferedAmount: fmtPlain(new Big(i.transferedAmount)),
          fromAsset: i.asset,
          targetAsset: 'BNB',
        })),
      };
    });
  return { total: rows.length, userAssetDribblets: rows };
}

/** Convert history: startTime and endTime required, at most 30 days apart. */
function convertFlow(ctx: RouteContext): Json {
  const start = intParam(ctx.params, 'startTime', { min: 0 });
  const end = intParam(ctx.params, 'endTime', { min: 0 });
  if (start === undefined) requireParam(ctx.params, 'startTime');
  if (end === undefined) requireParam(ctx.params, 'endTime');
  const w = timeWindow(ctx.params, ctx.now, { defaultMs: 30 * DAY, maxMs: 30 * DAY });
  const limit = intParam(ctx.params, 'limit', { min: 1, max: 1000, fallback: 100 })!;
  const all = visible(ctx, 'convert')
    .filter((e) => inRange(e.atMs, w))
    .sort(newestFirst);
  const list = all.slice(0, limit).map((e) => {
    const from = new Big(e.fromAmount);
    const to = new Big(e.toAmount);
    return {
      quoteId: e.eventId.padStart(32, '0').slice(-32),
      orderId: numericId(e.eventId),
      orderStatus: 'SUCCESS',
      fromAsset: e.fromAsset,
      fromAmount: fmtPlain(from),
      toAsset: e.toAsset,
      toAmount: fmtPlain(to),
      ratio: fmt8(to.div(from)),
      inverseRatio: fmt8(from.div(to)),
      createTime: e.atMs,
    };
  });
  return { list, startTime: w.start, endTime: w.end, limit, moreData: all.length > limit };
}

export const tradeRoutes: Route[] = [
  { ...signed('GET', '/api/v3/myTrades', 'api', 20, myTrades), weight: (p) => (p.has('orderId') ? 5 : 20) },
  signed('GET', '/sapi/v1/asset/dribblet', 'sapi', 1, dribblet),
  signed('GET', '/sapi/v1/convert/tradeFlow', 'sapi', 3000, convertFlow, 'uid'),
];
