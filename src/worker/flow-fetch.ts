import type { BinanceClient } from '../binance/client.ts';
import type {
  Deposit,
  FiatOrder,
  FiatPayment,
  PayTransaction,
  SubAccountTransfer,
  Withdrawal,
} from '../binance/schemas/history.ts';
import type { EpochMs, FlowSource } from '../domain/types.ts';

/** Every external-flow record of one account in a window, as Binance sent them (binance-api.md "Money in and out"). */
export interface RawFlowRecords {
  deposits: Deposit[];
  withdrawals: Withdrawal[];
  fiatDeposits: FiatOrder[];
  fiatWithdrawals: FiatOrder[];
  fiatBuys: FiatPayment[];
  fiatSells: FiatPayment[];
  pay: PayTransaction[];
  subAccountTransfers: SubAccountTransfer[];
}

export type FlowRecordKind = keyof RawFlowRecords;

/** Which stored flow source each kind of record becomes. */
export const SOURCE_OF: Readonly<Record<FlowRecordKind, FlowSource>> = {
  deposits: 'deposit',
  withdrawals: 'withdrawal',
  fiatDeposits: 'fiat_deposit',
  fiatWithdrawals: 'fiat_withdrawal',
  fiatBuys: 'fiat_payment',
  fiatSells: 'fiat_payment',
  pay: 'pay',
  subAccountTransfers: 'sub_account_transfer',
};

/** Each source is scanned from its own anchor, so one source failing never shifts another's window. */
export type FlowWindows = Record<FlowRecordKind, { startTime: EpochMs; endTime: EpochMs }>;

export interface FlowFetch {
  records: RawFlowRecords;
  /** Sources whose read failed: their items are picked up by a later run's lookback window. */
  failed: Array<{ source: keyof RawFlowRecords; error: string }>;
}

/**
 * Reads every flow source over its window in parallel; each source fails on its own. A sub-account
 * also reads its transfers with the master (they are flows for the sub-account being monitored).
 */
export async function fetchFlowRecords(
  client: BinanceClient,
  windows: FlowWindows,
  opts: { subAccount: boolean; signal?: AbortSignal | undefined },
): Promise<FlowFetch> {
  const s = { signal: opts.signal };
  const readers: { [K in keyof RawFlowRecords]: () => Promise<RawFlowRecords[K]> } = {
    deposits: () => client.depositHistory(windows.deposits, s),
    withdrawals: () => client.withdrawHistory(windows.withdrawals, s),
    fiatDeposits: () => client.fiatOrders(0, windows.fiatDeposits, s),
    fiatWithdrawals: () => client.fiatOrders(1, windows.fiatWithdrawals, s),
    fiatBuys: () => client.fiatPayments(0, windows.fiatBuys, s),
    fiatSells: () => client.fiatPayments(1, windows.fiatSells, s),
    pay: () => client.payTransactions(windows.pay, s),
    subAccountTransfers: async () =>
      opts.subAccount ? client.subAccountTransferHistory(windows.subAccountTransfers, s) : [],
  };
  const records = {} as Record<keyof RawFlowRecords, unknown[]>;
  const failed: FlowFetch['failed'] = [];
  await Promise.all(
    (Object.keys(readers) as Array<keyof RawFlowRecords>).map(async (source) => {
      try {
        records[source] = await readers[source]();
      } catch (err) {
        records[source] = [];
        failed.push({ source, error: err instanceof Error ? err.message : String(err) });
      }
    }),
  );
  return { records: records as unknown as RawFlowRecords, failed };
}
