import type { z } from 'zod';
import type { RequestContext } from './context.ts';
import { ENDPOINTS, type Endpoint } from './endpoints.ts';
import {
  collectBisecting,
  collectOffsets,
  collectPages,
  DAY_MS,
  splitRange,
  type TimeRange,
  uniqueBy,
} from './paging.ts';
import { send } from './pipeline.ts';
import {
  type Deposit,
  depositsSchema,
  type FiatOrder,
  type FiatPayment,
  fiatOrdersPageSchema,
  fiatPaymentsPageSchema,
  type PayTransaction,
  payTransactionsPageSchema,
  type SubAccountTransfer,
  subAccountTransfersSchema,
  type UniversalTransfer,
  universalTransfersPageSchema,
  type WalletTransfer,
  type Withdrawal,
  walletTransfersPageSchema,
  withdrawalsSchema,
} from './schemas/history.ts';

/** Per-call limits (binance-api.md, "Money in and out"). */
const CAPITAL_WINDOW_MS = 90 * DAY_MS;
const CAPITAL_PAGE = 1000;
const PAY_WINDOW_MS = 90 * DAY_MS;
const PAY_LIMIT = 100;
const SUB_ACCOUNT_WINDOW_MS = 30 * DAY_MS;
const SUB_ACCOUNT_LIMIT = 500;
const UNIVERSAL_WINDOW_MS = 7 * DAY_MS;
const UNIVERSAL_PAGE = 500;
const FIAT_PAGE = 500;
const WALLET_TRANSFER_PAGE = 100;

export type FiatTransactionType = 0 | 1;

/** Windows are read one after another: the weight limiter, not a burst, sets the pace. */
async function eachWindow<T>(
  range: TimeRange,
  spanMs: number,
  read: (window: TimeRange) => Promise<T[]>,
): Promise<T[]> {
  const all: T[] = [];
  for (const window of splitRange(range, spanMs)) all.push(...(await read(window)));
  return all;
}

/** Deposits and withdrawals share one shape of call: 90-day windows, offset paging, rows keyed by id. */
async function capitalHistory<T extends { id: string }>(
  ctx: RequestContext,
  endpoint: Endpoint,
  schema: z.ZodType<T[]>,
  range: TimeRange,
  signal?: AbortSignal,
): Promise<T[]> {
  const rows = await eachWindow(range, CAPITAL_WINDOW_MS, (window) =>
    collectOffsets(CAPITAL_PAGE, (offset) =>
      send(ctx, endpoint, { ...window, offset, limit: CAPITAL_PAGE }, schema, signal),
    ),
  );
  return uniqueBy(rows, (row) => row.id);
}

export function depositHistory(
  ctx: RequestContext,
  range: TimeRange,
  signal?: AbortSignal,
): Promise<Deposit[]> {
  return capitalHistory(ctx, ENDPOINTS.depositHistory, depositsSchema, range, signal);
}

export function withdrawHistory(
  ctx: RequestContext,
  range: TimeRange,
  signal?: AbortSignal,
): Promise<Withdrawal[]> {
  return capitalHistory(ctx, ENDPOINTS.withdrawHistory, withdrawalsSchema, range, signal);
}

/** Fiat orders and payments share one shape of call: page numbers over the whole range, total reported. */
function fiatHistory<T>(
  ctx: RequestContext,
  endpoint: Endpoint,
  schema: z.ZodType<{ data: T[]; total?: number | undefined }>,
  transactionType: FiatTransactionType,
  range: TimeRange,
  signal?: AbortSignal,
): Promise<T[]> {
  return collectPages(FIAT_PAGE, async (page) => {
    const params = {
      transactionType,
      beginTime: range.startTime,
      endTime: range.endTime,
      page,
      rows: FIAT_PAGE,
    };
    const body = await send(ctx, endpoint, params, schema, signal);
    return body.total === undefined ? { items: body.data } : { items: body.data, total: body.total };
  });
}

export function fiatOrders(
  ctx: RequestContext,
  transactionType: FiatTransactionType,
  range: TimeRange,
  signal?: AbortSignal,
): Promise<FiatOrder[]> {
  return fiatHistory(ctx, ENDPOINTS.fiatOrders, fiatOrdersPageSchema, transactionType, range, signal);
}

export function fiatPayments(
  ctx: RequestContext,
  transactionType: FiatTransactionType,
  range: TimeRange,
  signal?: AbortSignal,
): Promise<FiatPayment[]> {
  return fiatHistory(ctx, ENDPOINTS.fiatPayments, fiatPaymentsPageSchema, transactionType, range, signal);
}

export async function payTransactions(
  ctx: RequestContext,
  range: TimeRange,
  signal?: AbortSignal,
): Promise<PayTransaction[]> {
  const rows = await eachWindow(range, PAY_WINDOW_MS, (window) =>
    collectBisecting(window, PAY_LIMIT, async (part) => {
      const body = await send(
        ctx,
        ENDPOINTS.payTransactions,
        { ...part, limit: PAY_LIMIT },
        payTransactionsPageSchema,
        signal,
      );
      return body.data;
    }),
  );
  return uniqueBy(rows, (row) => row.transactionId);
}

export async function subAccountTransferHistory(
  ctx: RequestContext,
  range: TimeRange,
  signal?: AbortSignal,
): Promise<SubAccountTransfer[]> {
  const rows = await eachWindow(range, SUB_ACCOUNT_WINDOW_MS, (window) =>
    collectBisecting(window, SUB_ACCOUNT_LIMIT, (part) =>
      send(
        ctx,
        ENDPOINTS.subAccountTransferHistory,
        { ...part, limit: SUB_ACCOUNT_LIMIT },
        subAccountTransfersSchema,
        signal,
      ),
    ),
  );
  return uniqueBy(rows, (row) => row.tranId);
}

export async function universalTransfers(
  ctx: RequestContext,
  range: TimeRange,
  signal?: AbortSignal,
): Promise<UniversalTransfer[]> {
  const rows = await eachWindow(range, UNIVERSAL_WINDOW_MS, (window) =>
    collectPages(UNIVERSAL_PAGE, async (page) => {
      const params = { ...window, page, limit: UNIVERSAL_PAGE };
      const body = await send(
        ctx,
        ENDPOINTS.universalTransfers,
        params,
        universalTransfersPageSchema,
        signal,
      );
      return { items: body.result, total: body.totalCount };
    }),
  );
  return uniqueBy(rows, (row) => row.tranId);
}

/** Moves between the account's own wallets (type e.g. MAIN_UMFUTURE): not flows, but needed to explain NAV. */
export async function walletTransfers(
  ctx: RequestContext,
  type: string,
  range: TimeRange,
  signal?: AbortSignal,
): Promise<WalletTransfer[]> {
  const rows = await collectPages(WALLET_TRANSFER_PAGE, async (current) => {
    const params = { type, ...range, current, size: WALLET_TRANSFER_PAGE };
    const body = await send(ctx, ENDPOINTS.walletTransfers, params, walletTransfersPageSchema, signal);
    return { items: body.rows, total: body.total };
  });
  return uniqueBy(rows, (row) => row.tranId);
}
