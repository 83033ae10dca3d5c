/** Crypto deposit and withdrawal history. */
import { Big, fmt8, fmtPlain } from '../decimal.ts';
import type { Json } from '../json.ts';
import { firstReached, lastChangeAt, statusAt } from '../timeline.ts';
import { inRange, NINETY_DAYS, newestFirst, offsetPage, visible } from './events.ts';
import { signed } from './holdings.ts';
import { intParam, type Route, type RouteContext, timeWindow, utcText } from './types.ts';

/** Both capital histories: a window under 90 days (default: the 90 days before now), coin and status filters. */
function capitalQuery(ctx: RouteContext): {
  window: { start: number; end: number };
  coin: string | undefined;
  status: number | undefined;
} {
  const w = timeWindow(ctx.params, ctx.now, {
    defaultMs: NINETY_DAYS - 1,
    maxMs: NINETY_DAYS,
    exclusiveMax: true,
  });
  return { window: w, coin: ctx.params.get('coin'), status: intParam(ctx.params, 'status') };
}

/** Deposits by insertTime, newest first; window must be under 90 days; status as of now. */
function deposits(ctx: RouteContext): Json {
  const { window: w, coin, status } = capitalQuery(ctx);
  const txId = ctx.params.get('txId');
  const rows = visible(ctx, 'deposit')
    .filter((e) => inRange(e.atMs, w) && (coin === undefined || e.coin === coin))
    .map((e) => ({ e, status: Number(statusAt(e, ctx.now) ?? 0) }))
    .filter((x) => (status === undefined || x.status === status) && (txId === undefined || x.e.txId === txId))
    .sort((x, y) => newestFirst(x.e, y.e))
    .map(({ e, status }) => ({
      id: e.eventId,
      amount: fmtPlain(new Big(e.amount)),
      coin: e.coin,
      network: e.network ?? e.coin,
      status,
      address: e.address ?? `addr${e.eventId.slice(0, 12)}`,
      addressTag: e.addressTag ?? '',
      txId:
        e.txId ??
        (e.transferType === 1 ? `Internal transfer ${e.eventId}` : `0x${e.eventId.padStart(64, '0')}`),
      insertTime: e.atMs,
      completeTime: lastChangeAt(e, ctx.now),
      transferType: e.transferType ?? 0,
      confirmTimes: status === 0 ? '0/12' : '12/12',
      unlockConfirm: 0,
      walletType: e.wallet === 'funding' ? 1 : 0,
      travelRuleStatus: 0,
    }));
  return offsetPage(ctx, rows, 1000, 1000);
}

/** Withdrawals by applyTime, newest first; times as UTC text; completeTime only once completed (status 6). */
function withdrawals(ctx: RouteContext): Json {
  const { window: w, coin, status } = capitalQuery(ctx);
  const orderId = ctx.params.get('withdrawOrderId');
  const ids = ctx.params.get('idList')?.split(',');
  const rows = visible(ctx, 'withdrawal')
    .filter((e) => inRange(e.atMs, w) && (coin === undefined || e.coin === coin))
    .filter(
      (e) => (orderId === undefined || e.withdrawOrderId === orderId) && (!ids || ids.includes(e.eventId)),
    )
    .map((e) => ({ e, status: Number(statusAt(e, ctx.now) ?? 0) }))
    .filter((x) => status === undefined || x.status === status)
    .sort((x, y) => newestFirst(x.e, y.e))
    .map(({ e, status }) => {
      const done = status === 6 ? firstReached(e, [6]) : undefined;
      return {
        id: e.eventId,
        amount: fmt8(new Big(e.amount)),
        transactionFee: fmtPlain(new Big(e.fee)),
        coin: e.coin,
        status,
        address: e.address ?? `0x${e.eventId.slice(0, 40).padEnd(40, '0')}`,
        txId: status === 6 ? (e.txId ?? `0x${e.eventId}${e.eventId}`) : '',
        applyTime: utcText(e.atMs),
        network: e.network ?? e.coin,
        transferType: e.transferType ?? 0,
        ...(e.withdrawOrderId ? { withdrawOrderId: e.withdrawOrderId } : {}),
        info: e.info ?? '',
        confirmNo: status === 6 ? 12 : 0,
        walletType: e.wallet === 'funding' ? 1 : 0,
        txKey: '',
        ...(done !== undefined ? { completeTime: utcText(done) } : {}),
      };
    });
  return offsetPage(ctx, rows, 1000, 1000);
}

export const capitalRoutes: Route[] = [
  signed('GET', '/sapi/v1/capital/deposit/hisrec', 'sapi', 1, deposits),
  signed('GET', '/sapi/v1/capital/withdraw/history', 'sapi', 18000, withdrawals, 'uid'),
];
