/**
 * Flows: money in and out of an account (design.md §3, binance-api.md "Money in and out").
 * Each mapper turns one history record into a Flow without value (usdValue and price null); `valueFlow`
 * values it at τ once the caller has the price there.
 *
 * Quantity rules (signed: + into the account, − out of it):
 *   crypto deposit       +amount
 *   crypto withdrawal    −(amount + transactionFee): the whole outflow
 *   fiat deposit         +(amount − totalFee): what reaches the account
 *   fiat withdrawal      −amount: the order's amount already includes its fee (totalFee is part of it)
 *   fiat payment buy     +obtainAmount of the crypto bought
 *   fiat payment sale    −obtainAmount of the crypto sold (Binance's "crypto trade amount"; sourceAmount is the
 *                        fiat side and the fee is taken from the fiat, so the crypto leaving is obtainAmount)
 *   Binance Pay          amount as signed by Binance
 *   sub-account transfer +qty for type 1 (in), −qty for type 2 (out)
 * τ: deposits at completeTime (else insertTime); withdrawals at applyTime (a UTC "YYYY-MM-DD HH:mm:ss"
 * string); everything else at its own timestamp (fiat at createTime).
 * An unrecognised status is pending: it is re-read on later runs and never counted or voided by guess.
 */
import { dec, fmt } from './decimal.ts';
import { DAY_MS } from './schedule.ts';
import type { Decimal, EpochMs, Flow, FlowSource, FlowStatus } from './types.ts';

type Id = string | number | bigint;
type Code = string | number;

export class FlowRecordError extends Error {
  readonly source: FlowSource;
  readonly externalId: string;
  constructor(source: FlowSource, externalId: string, message: string) {
    super(`${source} ${externalId}: ${message}`);
    this.name = 'FlowRecordError';
    this.source = source;
    this.externalId = externalId;
  }
}

export interface DepositRecord {
  id: Id;
  amount: Decimal;
  coin: string;
  status: Code;
  insertTime: EpochMs;
  completeTime?: EpochMs | null;
  transferType?: number | null;
}

export interface WithdrawalRecord {
  id: Id;
  amount: Decimal;
  transactionFee: Decimal;
  coin: string;
  status: Code;
  applyTime: string | EpochMs;
  completeTime?: string | EpochMs | null;
}

export interface FiatOrderRecord {
  orderNo: Id;
  fiatCurrency: string;
  amount: Decimal;
  totalFee: Decimal;
  status: string;
  createTime: EpochMs;
  updateTime?: EpochMs | null;
}

export interface FiatPaymentRecord {
  orderNo: Id;
  cryptoCurrency: string;
  obtainAmount: Decimal;
  status: string;
  createTime: EpochMs;
  updateTime?: EpochMs | null;
}

export interface PayTransactionRecord {
  transactionId: Id;
  transactionTime: EpochMs;
  amount: Decimal;
  currency: string;
}

export interface SubAccountTransferRecord {
  tranId: Id;
  asset: string;
  qty: Decimal;
  time: EpochMs;
  type: Code;
  status: string;
}

/** Crypto deposit status codes: 1 success and 6 credited count; 0 and 8 wait; 2 rejected and 7 wrong void. */
const DEPOSIT_STATUS: Readonly<Record<string, FlowStatus>> = {
  '0': 'pending',
  '1': 'counted',
  '2': 'void',
  '6': 'counted',
  '7': 'void',
  '8': 'pending',
};

/** Withdrawal status codes: only 6 (completed) counts; 1 is cancelled, not success. */
const WITHDRAWAL_STATUS: Readonly<Record<string, FlowStatus>> = {
  '0': 'pending',
  '1': 'void',
  '2': 'pending',
  '3': 'void',
  '4': 'pending',
  '5': 'void',
  '6': 'counted',
};

/** Fiat order and payment statuses, compared case-insensitively. */
const FIAT_STATUS: Readonly<Record<string, FlowStatus>> = {
  successful: 'counted',
  finished: 'counted',
  completed: 'counted',
  processing: 'pending',
  pending: 'pending',
  failed: 'void',
  expired: 'void',
  cancelled: 'void',
  canceled: 'void',
  refunded: 'void',
  refunding: 'void',
  rejected: 'void',
};

const SUB_ACCOUNT_STATUS: Readonly<Record<string, FlowStatus>> = {
  success: 'counted',
  process: 'pending',
  processing: 'pending',
  failure: 'void',
  failed: 'void',
};

function statusFrom(table: Readonly<Record<string, FlowStatus>>, raw: Code): FlowStatus {
  return table[String(raw).toLowerCase()] ?? 'pending';
}

export const depositStatus = (raw: Code): FlowStatus => statusFrom(DEPOSIT_STATUS, raw);
export const withdrawalStatus = (raw: Code): FlowStatus => statusFrom(WITHDRAWAL_STATUS, raw);
export const fiatStatus = (raw: string): FlowStatus => statusFrom(FIAT_STATUS, raw);
export const subAccountTransferStatus = (raw: string): FlowStatus => statusFrom(SUB_ACCOUNT_STATUS, raw);

const UTC_DATETIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** Parses Binance's "YYYY-MM-DD HH:mm:ss" as UTC (never local time); null when malformed or impossible. */
export function parseUtcDateTime(text: string): EpochMs | null {
  const m = UTC_DATETIME.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const ts = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ts);
  const valid =
    back.getUTCFullYear() === y &&
    back.getUTCMonth() === mo - 1 &&
    back.getUTCDate() === d &&
    h < 24 &&
    mi < 60 &&
    s < 60;
  return valid ? ts : null;
}

function flowOf(
  accountId: string,
  source: FlowSource,
  externalId: Id,
  asset: string,
  quantity: () => Decimal,
  ts: () => EpochMs | null,
  status: FlowStatus,
  rawStatus: Code,
): Flow {
  const id = String(externalId);
  if (id === '') throw new FlowRecordError(source, id, 'missing id');
  if (typeof asset !== 'string' || asset === '') throw new FlowRecordError(source, id, 'missing asset');
  let signed: Decimal;
  try {
    signed = quantity();
  } catch (error) {
    throw new FlowRecordError(source, id, (error as Error).message);
  }
  const when = ts();
  if (when === null || !Number.isSafeInteger(when) || when <= 0) {
    throw new FlowRecordError(source, id, 'missing or malformed time');
  }
  return {
    accountId,
    source,
    externalId: id,
    asset,
    quantity: signed,
    ts: when,
    usdValue: null,
    price: null,
    status,
    rawStatus: String(rawStatus),
  };
}

const positive = (x: Decimal, field: string) => fmt(dec(x, field));
const negative = (x: Decimal, field: string) => fmt(dec(x, field).neg());

export function depositFlow(accountId: string, r: DepositRecord): Flow {
  return flowOf(
    accountId,
    'deposit',
    r.id,
    r.coin,
    () => positive(r.amount, 'amount'),
    () => (r.completeTime != null && r.completeTime > 0 ? r.completeTime : r.insertTime),
    depositStatus(r.status),
    r.status,
  );
}

export function withdrawalFlow(accountId: string, r: WithdrawalRecord): Flow {
  return flowOf(
    accountId,
    'withdrawal',
    r.id,
    r.coin,
    () => fmt(dec(r.amount, 'amount').plus(dec(r.transactionFee, 'transactionFee')).neg()),
    () => (typeof r.applyTime === 'number' ? r.applyTime : parseUtcDateTime(r.applyTime)),
    withdrawalStatus(r.status),
    r.status,
  );
}

/** transactionType 0 is a deposit (inflow), 1 a withdrawal (outflow). */
export function fiatOrderFlow(accountId: string, r: FiatOrderRecord, transactionType: 0 | 1): Flow {
  const isDeposit = transactionType === 0;
  return flowOf(
    accountId,
    isDeposit ? 'fiat_deposit' : 'fiat_withdrawal',
    r.orderNo,
    r.fiatCurrency,
    () => {
      const amount = dec(r.amount, 'amount');
      const fee = dec(r.totalFee, 'totalFee');
      return fmt(isDeposit ? amount.minus(fee) : amount.neg());
    },
    () => r.createTime,
    fiatStatus(r.status),
    r.status,
  );
}

/**
 * A fiat payment: transactionType 0 is a buy (the crypto bought with fiat comes in), 1 a sale (the crypto sold for
 * fiat goes out). Both directions report the crypto side as obtainAmount in cryptoCurrency.
 */
export function fiatPaymentFlow(accountId: string, r: FiatPaymentRecord, transactionType: 0 | 1 = 0): Flow {
  const isBuy = transactionType === 0;
  return flowOf(
    accountId,
    'fiat_payment',
    r.orderNo,
    r.cryptoCurrency,
    () => (isBuy ? positive(r.obtainAmount, 'obtainAmount') : negative(r.obtainAmount, 'obtainAmount')),
    () => r.createTime,
    fiatStatus(r.status),
    r.status,
  );
}

/**
 * Binance Pay lists only settled transactions, with the amount already signed. Its rows carry no status
 * field, so rawStatus records "settled" for that fact.
 */
export function payTransactionFlow(accountId: string, r: PayTransactionRecord): Flow {
  return flowOf(
    accountId,
    'pay',
    r.transactionId,
    r.currency,
    () => fmt(dec(r.amount, 'amount')),
    () => r.transactionTime,
    'counted',
    'settled',
  );
}

/** Sub-account side history: type 1 into this account, type 2 out of it. */
export function subAccountTransferFlow(accountId: string, r: SubAccountTransferRecord): Flow {
  const id = String(r.tranId);
  const type = String(r.type);
  if (type !== '1' && type !== '2') {
    throw new FlowRecordError('sub_account_transfer', id, `unknown transfer type ${type}`);
  }
  return flowOf(
    accountId,
    'sub_account_transfer',
    r.tranId,
    r.asset,
    () => (type === '1' ? positive(r.qty, 'qty') : negative(r.qty, 'qty')),
    () => r.time,
    subAccountTransferStatus(r.status),
    r.status,
  );
}

/**
 * Values a flow at τ: usdValue = quantity × price, exact, signed like the quantity. Only counted flows carry
 * a value; pending and void flows, and flows whose asset has no price at τ, keep both null.
 */
export function valueFlow(flow: Flow, usdPriceAtTau: Decimal | null): Flow {
  if (flow.status !== 'counted' || usdPriceAtTau === null) return { ...flow, usdValue: null, price: null };
  const price = dec(usdPriceAtTau, `${flow.asset} price at τ`);
  return { ...flow, price: fmt(price), usdValue: fmt(dec(flow.quantity).times(price)) };
}

export interface ScanWindow {
  startTime: EpochMs;
  endTime: EpochMs;
}

/**
 * The history window a run re-reads: from `lookbackDays` before the anchor up to now. The anchor is the last
 * seen item's τ; pass the oldest still-pending flow's τ instead when it is earlier, so it keeps being re-read
 * until it settles. With no anchor (first run) the window is the lookback before now.
 */
export function flowScanWindow(lastSeenTs: EpochMs | null, now: EpochMs, lookbackDays = 7): ScanWindow {
  if (!Number.isFinite(now) || !(lookbackDays >= 0)) {
    throw new RangeError(`Invalid scan window: now=${now}, lookbackDays=${lookbackDays}`);
  }
  const anchor = lastSeenTs === null ? now : Math.min(lastSeenTs, now);
  return { startTime: Math.max(0, anchor - lookbackDays * DAY_MS), endTime: now };
}
