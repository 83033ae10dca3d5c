/** Sub-account, universal and own-wallet transfers; USDⓈ-M income. */
import { Big, fmt8, fmtPlain } from '../decimal.ts';
import { type Json, numericId } from '../json.ts';
import type { TimedEvent } from '../timeline.ts';
import { inRange, newestFirst, visible } from './events.ts';
import { signed } from './holdings.ts';
import {
  accountOf,
  DAY,
  intParam,
  type Route,
  type RouteContext,
  requireParam,
  timeWindow,
} from './types.ts';

/** Sub-account side: type 1 transfer in, 2 transfer out; default 30 days. */
function subUserHistory(ctx: RouteContext): Json {
  const w = timeWindow(ctx.params, ctx.now, { defaultMs: 30 * DAY });
  const type = intParam(ctx.params, 'type');
  const asset = ctx.params.get('asset');
  const limit = intParam(ctx.params, 'limit', { min: 1, max: 500, fallback: 500 })!;
  return visible(ctx, 'subAccountTransfer')
    .filter((e) => inRange(e.atMs, w) && (asset === undefined || e.asset === asset))
    .filter((e) => type === undefined || (e.direction === 'in' ? 1 : 2) === type)
    .sort(newestFirst)
    .slice(0, limit)
    .map((e) => ({
      counterParty: e.counterParty,
      email: e.email,
      type: e.direction === 'in' ? 1 : 2,
      asset: e.asset,
      qty: fmtPlain(new Big(e.amount)),
      fromAccountType: 'SPOT',
      toAccountType: 'SPOT',
      status: e.status,
      tranId: numericId(e.id ?? e.eventId),
      time: e.atMs,
    }));
}

/** Master side of the same transfers: from/to emails instead of a direction. */
function universalTransfer(ctx: RouteContext): Json {
  const w = timeWindow(ctx.params, ctx.now, { defaultMs: 30 * DAY });
  const page = intParam(ctx.params, 'page', { min: 1, fallback: 1 })!;
  const limit = intParam(ctx.params, 'limit', { min: 1, max: 500, fallback: 500 })!;
  const a = accountOf(ctx);
  const all = visible(ctx, 'subAccountTransfer')
    .filter((e) => inRange(e.atMs, w))
    .sort(newestFirst)
    .map((e) => ({
      tranId: numericId(e.id ?? e.eventId),
      fromEmail: e.direction === 'in' ? e.email : a.email,
      toEmail: e.direction === 'in' ? a.email : e.email,
      asset: e.asset,
      amount: fmtPlain(new Big(e.amount)),
      createTimeStamp: e.atMs,
      fromAccountType: 'SPOT',
      toAccountType: 'SPOT',
      status: e.status,
      clientTranId: '',
    }));
  return { result: all.slice((page - 1) * limit, page * limit), totalCount: all.length };
}

const WALLET_CODE: Record<string, string> = {
  spot: 'MAIN',
  funding: 'FUNDING',
  crossMargin: 'MARGIN',
  usdm: 'UMFUTURE',
  coinm: 'CMFUTURE',
};

/** Own-wallet transfers of one `type` (e.g. MAIN_UMFUTURE); current/size paging. */
function assetTransfer(ctx: RouteContext): Json {
  const type = requireParam(ctx.params, 'type');
  const w = timeWindow(ctx.params, ctx.now, { defaultMs: 7 * DAY });
  const current = intParam(ctx.params, 'current', { min: 1, fallback: 1 })!;
  const size = intParam(ctx.params, 'size', { min: 1, max: 100, fallback: 10 })!;
  const all = visible(ctx, 'transfer')
    .filter((e) => `${WALLET_CODE[e.from]}_${WALLET_CODE[e.to]}` === type && inRange(e.atMs, w))
    .sort(newestFirst)
    .map((e) => ({
      asset: e.asset,
      amount: fmtPlain(new Big(e.amount)),
      type,
      status: 'CONFIRMED',
      tranId: numericId(e.eventId),
      timestamp: e.atMs,
    }));
  return { total: all.length, rows: all.slice((current - 1) * size, current * size) };
}

/** USDⓈ-M income: futuresIncome events plus TRANSFER rows for moves in or out of the USDⓈ-M wallet. */
function income(ctx: RouteContext): Json {
  const w = timeWindow(ctx.params, ctx.now, { defaultMs: 7 * DAY, maxMs: 200 * DAY });
  const incomeType = ctx.params.get('incomeType');
  const symbol = ctx.params.get('symbol');
  const page = intParam(ctx.params, 'page', { min: 1, fallback: 1 })!;
  const limit = intParam(ctx.params, 'limit', { min: 1, max: 1000, fallback: 100 })!;
  const rows = visible(ctx, 'futuresIncome', 'transfer')
    .filter((e) => inRange(e.atMs, w))
    .flatMap((e): { e: TimedEvent; symbol: string; incomeType: string; income: Big; asset: string }[] => {
      if (e.type === 'futuresIncome') {
        return [{ e, symbol: e.symbol, incomeType: e.incomeType, income: new Big(e.amount), asset: e.asset }];
      }
      if (e.to !== 'usdm' && e.from !== 'usdm') return [];
      const amount = new Big(e.amount).times(e.to === 'usdm' ? 1 : -1);
      return [{ e, symbol: '', incomeType: 'TRANSFER', income: amount, asset: e.asset }];
    })
    .filter(
      (r) =>
        (incomeType === undefined || r.incomeType === incomeType) &&
        (symbol === undefined || r.symbol === symbol),
    )
    .sort((x, y) => x.e.atMs - y.e.atMs || x.e.seq - y.e.seq)
    .map((r) => ({
      symbol: r.symbol,
      incomeType: r.incomeType,
      income: fmt8(r.income),
      asset: r.asset,
      info: r.incomeType,
      time: r.e.atMs,
      tranId: numericId(r.e.eventId),
      tradeId: '',
    }));
  return rows.slice((page - 1) * limit, page * limit);
}

export const transferRoutes: Route[] = [
  signed('GET', '/sapi/v1/sub-account/transfer/subUserHistory', 'sapi', 1, subUserHistory),
  signed('GET', '/sapi/v1/sub-account/universalTransfer', 'sapi', 1, universalTransfer),
  signed('GET', '/sapi/v1/asset/transfer', 'sapi', 1, assetTransfer),
  signed('GET', '/fapi/v1/income', 'fapi', 30, income),
];
