/** Fiat deposits and withdrawals, fiat payments, Binance Pay. */
import { Big, fmt8, fmtPlain } from '../decimal.ts';
import { ApiError } from '../errors.ts';
import type { Json } from '../json.ts';
import { lastChangeAt, statusAt } from '../timeline.ts';
import { envelope, inRange, NINETY_DAYS, newestFirst, visible } from './events.ts';
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

interface FiatQuery {
  /** transactionType 0: money in (deposit, buy); 1: money out (withdrawal, sell). */
  incoming: boolean;
  window: { start: number; end: number };
  page: number;
  rows: number;
}

/** Both fiat endpoints take the same transactionType, beginTime/endTime (default 30 days) and page/rows. */
function fiatQuery(ctx: RouteContext): FiatQuery {
  const type = requireParam(ctx.params, 'transactionType');
  if (type !== '0' && type !== '1')
    throw new ApiError(400, -1100, "Illegal value for parameter 'transactionType'.");
  const window = timeWindow(ctx.params, ctx.now, { defaultMs: 30 * DAY, startName: 'beginTime' });
  const page = intParam(ctx.params, 'page', { min: 1, fallback: 1 })!;
  const rows = intParam(ctx.params, 'rows', { min: 1, max: 500, fallback: 100 })!;
  return { incoming: type === '0', window, page, rows };
}

function fiatPage(all: Json[], { page, rows }: FiatQuery): Json {
  return envelope(all.slice((page - 1) * rows, page * rows), { total: all.length });
}

/** Fiat deposits (transactionType 0) or withdrawals (1) by createTime; default 30 days; page/rows paging. */
function fiatOrders(ctx: RouteContext): Json {
  const q = fiatQuery(ctx);
  const all = visible(ctx, 'fiatDeposit', 'fiatWithdrawal')
    .filter((e) => (e.type === 'fiatDeposit') === q.incoming && inRange(e.atMs, q.window))
    .sort(newestFirst)
    .map((e) => ({
      orderNo: e.eventId,
      fiatCurrency: e.fiatCurrency,
      indicatedAmount: new Big(e.amount).toFixed(2),
      amount: new Big(e.amount).toFixed(2),
      totalFee: new Big(e.fee).toFixed(2),
      method: e.method ?? 'BankAccount',
      status: String(statusAt(e, ctx.now) ?? 'Processing'),
      createTime: e.atMs,
      updateTime: lastChangeAt(e, ctx.now),
    }));
  return fiatPage(all, q);
}

/** Buying crypto with fiat (transactionType 0) or selling (1). */
function fiatPayments(ctx: RouteContext): Json {
  const q = fiatQuery(ctx);
  const all = visible(ctx, 'fiatPayment')
    .filter((e) => (e.side === 'buy') === q.incoming && inRange(e.atMs, q.window))
    .sort(newestFirst)
    .map((e) => ({
      orderNo: e.eventId,
      sourceAmount: fmtPlain(new Big(e.sourceAmount)),
      fiatCurrency: e.fiatCurrency,
      obtainAmount: fmtPlain(new Big(e.obtainAmount)),
      cryptoCurrency: e.cryptoCurrency,
      totalFee: fmtPlain(new Big(e.fee)),
      price: fmt8(new Big(e.sourceAmount).minus(e.fee).div(e.obtainAmount)),
      status: String(statusAt(e, ctx.now) ?? 'Processing'),
      paymentMethod: e.paymentMethod ?? 'Credit Card',
      createTime: e.atMs,
      updateTime: lastChangeAt(e, ctx.now),
    }));
  return fiatPage(all, q);
}

function payTransactions(ctx: RouteContext): Json {
  const w = timeWindow(ctx.params, ctx.now, { defaultMs: NINETY_DAYS, maxMs: NINETY_DAYS });
  const limit = intParam(ctx.params, 'limit', { min: 1, max: 100, fallback: 100 })!;
  const a = accountOf(ctx);
  const rows = visible(ctx, 'pay')
    .filter((e) => inRange(e.atMs, w))
    .sort(newestFirst)
    .slice(0, limit)
    .map((e) => {
      const incoming = !e.amount.startsWith('-');
      const me = { name: a.spec.name, type: 'USER', binanceId: String(a.uid) };
      const other = { name: e.counterparty ?? 'Counterparty', type: 'USER', binanceId: '12345678' };
      const receiver = incoming ? { ...me, email: a.email } : { ...other, email: 'counterparty@example.com' };
      const receiverInfo = {
        ...receiver,
        accountId: receiver.binanceId,
        countryCode: '1',
        phoneNumber: '',
        mobileCode: 'US',
        extend: { institutionName: '', cardNumber: '', digitalWalletId: '' },
      };
      const walletType = e.wallet === 'funding' ? 1 : 2;
      return {
        orderType: e.orderType,
        transactionId: e.eventId.startsWith('M_') ? e.eventId : `M_P_${e.eventId}`,
        transactionTime: e.atMs,
        amount: fmtPlain(new Big(e.amount)),
        currency: e.currency,
        walletType,
        walletTypes: [walletType],
        fundsDetail: [
          {
            currency: e.currency,
            amount: fmtPlain(new Big(e.amount).abs()),
            walletAssetCost: { [String(walletType)]: fmtPlain(new Big(e.amount).abs()) },
          },
        ],
        payerInfo: incoming ? other : me,
        receiverInfo,
      };
    });
  return envelope(rows);
}

export const fiatRoutes: Route[] = [
  signed('GET', '/sapi/v1/fiat/orders', 'sapi', 45000, fiatOrders, 'uid'),
  signed('GET', '/sapi/v1/fiat/payments', 'sapi', 1, fiatPayments),
  signed('GET', '/sapi/v1/pay/transactions', 'sapi', 3000, payTransactions, 'uid'),
];
