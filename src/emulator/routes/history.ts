import { Big, fmt8, fmtPlain } from '../decimal.ts';
import { ApiError, invalidSymbol } from '../errors.ts';
import { type Json, numericId } from '../json.ts';
import { tradeFigures } from '../state.ts';
import { firstReached, lastChangeAt, statusAt, type TimedEvent } from '../timeline.ts';
import { snapshotRoute } from './snapshot.ts';
import {
  accountOf,
  DAY,
  intParam,
  type Route,
  type RouteContext,
  requireParam,
  timeWindow,
  utcText,
} from './types.ts';
import { signed } from './wallets.ts';

type Of<T extends TimedEvent['type']> = Extract<TimedEvent, { type: T }>;

/** The account's events of some types that exist at the request's instant (at <= now). */
function visible<T extends TimedEvent['type']>(ctx: RouteContext, ...types: T[]): Of<T>[] {
  const a = accountOf(ctx);
  return a.events.filter((e): e is Of<T> => (types as string[]).includes(e.type) && e.atMs <= ctx.now);
}

const newestFirst = (a: TimedEvent, b: TimedEvent) => b.atMs - a.atMs || b.seq - a.seq;
const inRange = (t: number, w: { start: number; end: number }) => t >= w.start && t <= w.end;

function offsetPage<T>(ctx: RouteContext, rows: T[], maxLimit: number, fallback: number): T[] {
  const offset = intParam(ctx.params, 'offset', { min: 0, fallback: 0 })!;
  const limit = intParam(ctx.params, 'limit', { min: 1, max: maxLimit, fallback })!;
  return rows.slice(offset, offset + limit);
}

const NINETY_DAYS = 90 * DAY;

/** Deposits by insertTime, newest first; window must be under 90 days; status as of now. */
function deposits(ctx: RouteContext): Json {
  const w = timeWindow(ctx.params, ctx.now, {
    defaultMs: NINETY_DAYS - 1,
    maxMs: NINETY_DAYS,
    exclusiveMax: true,
  });
  const coin = ctx.params.get('coin');
  const status = intParam(ctx.params, 'status');
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
  const w = timeWindow(ctx.params, ctx.now, {
    defaultMs: NINETY_DAYS - 1,
    maxMs: NINETY_DAYS,
    exclusiveMax: true,
  });
  const coin = ctx.params.get('coin');
  const status = intParam(ctx.params, 'status');
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

function envelope(data: Json[], extra: Record<string, Json> = {}): Json {
  return { code: '000000', message: 'success', data, ...extra, success: true };
}

/** Fiat deposits (transactionType 0) or withdrawals (1) by createTime; default 30 days; page/rows paging. */
function fiatOrders(ctx: RouteContext): Json {
  const type = requireParam(ctx.params, 'transactionType');
  if (type !== '0' && type !== '1')
    throw new ApiError(400, -1100, "Illegal value for parameter 'transactionType'.");
  const w = timeWindow(ctx.params, ctx.now, { defaultMs: 30 * DAY, startName: 'beginTime' });
  const page = intParam(ctx.params, 'page', { min: 1, fallback: 1 })!;
  const rows = intParam(ctx.params, 'rows', { min: 1, max: 500, fallback: 100 })!;
  const all = visible(ctx, 'fiatDeposit', 'fiatWithdrawal')
    .filter((e) => (e.type === 'fiatDeposit') === (type === '0') && inRange(e.atMs, w))
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
  return envelope(all.slice((page - 1) * rows, page * rows), { total: all.length });
}

/** Buying crypto with fiat (transactionType 0) or selling (1). */
function fiatPayments(ctx: RouteContext): Json {
  const type = requireParam(ctx.params, 'transactionType');
  if (type !== '0' && type !== '1')
    throw new ApiError(400, -1100, "Illegal value for parameter 'transactionType'.");
  const w = timeWindow(ctx.params, ctx.now, { defaultMs: 30 * DAY, startName: 'beginTime' });
  const page = intParam(ctx.params, 'page', { min: 1, fallback: 1 })!;
  const rows = intParam(ctx.params, 'rows', { min: 1, max: 500, fallback: 100 })!;
  const all = visible(ctx, 'fiatPayment')
    .filter((e) => (e.side === 'buy') === (type === '0') && inRange(e.atMs, w))
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
  return envelope(all.slice((page - 1) * rows, page * rows), { total: all.length });
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

export const historyRoutes: Route[] = [
  signed('GET', '/sapi/v1/capital/deposit/hisrec', 'sapi', 1, deposits),
  signed('GET', '/sapi/v1/capital/withdraw/history', 'sapi', 18000, withdrawals, 'uid'),
  { ...signed('GET', '/api/v3/myTrades', 'api', 20, myTrades), weight: (p) => (p.has('orderId') ? 5 : 20) },
  signed('GET', '/sapi/v1/fiat/orders', 'sapi', 45000, fiatOrders, 'uid'),
  signed('GET', '/sapi/v1/fiat/payments', 'sapi', 1, fiatPayments),
  signed('GET', '/sapi/v1/pay/transactions', 'sapi', 3000, payTransactions, 'uid'),
  signed('GET', '/sapi/v1/sub-account/transfer/subUserHistory', 'sapi', 1, subUserHistory),
  signed('GET', '/sapi/v1/sub-account/universalTransfer', 'sapi', 1, universalTransfer),
  signed('GET', '/sapi/v1/asset/transfer', 'sapi', 1, assetTransfer),
  signed('GET', '/fapi/v1/income', 'fapi', 30, income),
  signed('GET', '/sapi/v1/asset/dribblet', 'sapi', 1, dribblet),
  signed('GET', '/sapi/v1/convert/tradeFlow', 'sapi', 3000, convertFlow, 'uid'),
  snapshotRoute,
];
