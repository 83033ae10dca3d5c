import {
  depositFlow,
  fiatOrderFlow,
  fiatPaymentFlow,
  flowScanWindow,
  payTransactionFlow,
  subAccountTransferFlow,
  valueFlow,
  withdrawalFlow,
} from '../domain/flows.ts';
import type { PriceRouter } from '../domain/prices.ts';
import type { EpochMs, Flow, FlowSource } from '../domain/types.ts';
import type { StoredFlow } from '../store/index.ts';
import { type FlowRecordKind, type FlowWindows, type RawFlowRecords, SOURCE_OF } from './flow-fetch.ts';
import type { PriceBook } from './price-book.ts';

/** Days re-read beyond the last seen item of a source (design §3). */
export const LOOKBACK_DAYS = 7;

export const flowKey = (f: { source: FlowSource; externalId: string }) => `${f.source}|${f.externalId}`;

/** A flow as Binance reported it, with the raw record kept for audit. */
export interface ScannedFlow {
  flow: Flow;
  raw: unknown;
}

/**
 * Per source: re-read from LOOKBACK_DAYS before the anchor (the oldest pending item, else the last seen one);
 * a source never seen is read `firstScanDays` back.
 */
export function scanWindows(input: {
  storedFlows: readonly StoredFlow[];
  at: EpochMs;
  firstScanDays: number;
}): FlowWindows {
  const windows = {} as FlowWindows;
  for (const kind of Object.keys(SOURCE_OF) as FlowRecordKind[]) {
    const source = SOURCE_OF[kind];
    const mine = input.storedFlows.filter((f) => f.source === source);
    if (mine.length === 0) {
      // Exactly firstScanDays long (the domain's window is inclusive at both ends, 1 ms longer): 90 days + 1 ms
      // would split into a second, 1 ms window on the 90-day-limited endpoints, costing withdrawals 18000 and
      // Pay 3000 of UID weight again on every run of an account that never had a flow.
      const first = flowScanWindow(null, input.at, input.firstScanDays);
      windows[kind] = { ...first, startTime: Math.min(first.startTime + 1, first.endTime) };
      continue;
    }
    const pending = mine.filter((f) => f.status === 'pending').map((f) => f.ts);
    const lastSeen = Math.max(...mine.map((f) => f.ts));
    const anchor = pending.length > 0 ? Math.min(lastSeen, ...pending) : lastSeen;
    windows[kind] = flowScanWindow(anchor, input.at, LOOKBACK_DAYS);
  }
  return windows;
}

/** Binance's records → Flows (unvalued), through the domain's rules per source. */
export function toFlows(accountId: string, r: RawFlowRecords): ScannedFlow[] {
  return [
    ...r.deposits.map((raw) => ({ flow: depositFlow(accountId, raw), raw })),
    ...r.withdrawals.map((raw) => ({ flow: withdrawalFlow(accountId, raw), raw })),
    ...r.fiatDeposits.map((raw) => ({ flow: fiatOrderFlow(accountId, raw, 0), raw })),
    ...r.fiatWithdrawals.map((raw) => ({ flow: fiatOrderFlow(accountId, raw, 1), raw })),
    ...r.fiatBuys.map((raw) => ({ flow: fiatPaymentFlow(accountId, raw, 0), raw })),
    ...r.fiatSells.map((raw) => ({ flow: fiatPaymentFlow(accountId, raw, 1), raw })),
    ...r.pay.map((raw) => ({ flow: payTransactionFlow(accountId, raw), raw })),
    ...r.subAccountTransfers.map((raw) => ({ flow: subAccountTransferFlow(accountId, raw), raw })),
  ];
}

export interface FlowResolution {
  /** New flows and flows whose status changed: upserted in the run's transaction. */
  writes: Array<{ flow: Flow; metadata: unknown }>;
  newlyCounted: number;
  /** Earliest τ of a newly counted flow dated at or before an already stored snapshot; null when none. */
  restateFrom: EpochMs | null;
}

function unchanged(stored: StoredFlow, flow: Flow): boolean {
  return stored.status === flow.status && stored.ts === flow.ts && stored.rawStatus === flow.rawStatus;
}

/**
 * Decides what the run records. A counted flow is final: it is never re-valued or re-counted (exactly once).
 * A flow that becomes counted is valued at its own τ (minute kline open through the valuation route), and when
 * τ is not after the latest stored snapshot it restates the benchmark from τ on.
 */
export async function resolveFlows(input: {
  scanned: readonly ScannedFlow[];
  stored: ReadonlyMap<string, StoredFlow>;
  book: PriceBook;
  router: PriceRouter;
  latestSnapshotTs: EpochMs | undefined;
}): Promise<FlowResolution> {
  const changed = input.scanned.filter(({ flow }) => {
    const stored = input.stored.get(flowKey(flow));
    return stored === undefined || (stored.status !== 'counted' && !unchanged(stored, flow));
  });
  const toValue = changed.filter(({ flow }) => flow.status === 'counted');
  await Promise.all(
    toValue.map(({ flow }) => input.book.ensure(input.router.routeSymbols([flow.asset]), [flow.ts])),
  );
  let restateFrom: EpochMs | null = null;
  const writes = changed.map(({ flow, raw }) => {
    if (flow.status !== 'counted') return { flow, metadata: { raw } };
    const symbols = input.router.routeSymbols([flow.asset]);
    const price = input.router.usdFromPrices(flow.asset, input.book.at(flow.ts, symbols));
    if (input.latestSnapshotTs !== undefined && flow.ts <= input.latestSnapshotTs) {
      restateFrom = restateFrom === null ? flow.ts : Math.min(restateFrom, flow.ts);
    }
    return { flow: valueFlow(flow, price), metadata: { raw, route: symbols } };
  });
  return { writes, newlyCounted: toValue.length, restateFrom };
}
