/**
 * The JSON API's response shapes (docs/api.md). Shared by the server and the page scripts (type-only there).
 * Exact amounts are decimal strings; statistics and chart values are numbers; times are epoch ms.
 */
import type { Report } from '../domain/report.ts';
import type { FeeRow } from '../store/read-models/fees.ts';
import type { FlowRow } from '../store/read-models/flows.ts';
import type { LogRow } from '../store/read-models/logs.ts';
import type { RunRow } from '../store/read-models/runs.ts';
import type { NamedRange } from './validate.ts';

export interface RangeView {
  name: NamedRange | 'custom';
  from: number;
  to: number;
}

export interface RunView extends RunRow {
  durationMs: number | null;
}

export interface ChangeSet {
  '24h': number | null;
  '7d': number | null;
  '30d': number | null;
}

export interface OverviewRow {
  name: string;
  enabled: boolean;
  /** Newest complete snapshot. */
  ts: number | null;
  nav: string | null;
  benchmark: string | null;
  /** TWR over the last 24 h / 7 d / 30 d (a deposit is not a change). */
  change: ChangeSet;
  benchmarkChange: ChangeSet;
  /** Since the first snapshot: TWR − benchmark TWR. */
  twr: number | null;
  alpha: number | null;
  /** Time-weighted return over the last 30 days at 61 evenly spaced instants (the sparkline). */
  trend: number[];
  /** The newest snapshot of any status: an incomplete one names its failed wallets. */
  lastSnapshot: { ts: number; status: 'complete' | 'incomplete'; failedWallets: string[] } | null;
}

export interface OverviewResponse {
  generatedAt: number;
  accounts: OverviewRow[];
  total: OverviewRow | null;
  lastRun: RunView | null;
}

export interface IncompleteView {
  ts: number;
  nav: string;
  failedWallets: string[];
}

export interface AccountInfo {
  name: string;
  enabled: boolean;
  subAccountOf: string | null;
  createdAt: number;
  performanceFee: { rate: string; period: string; alphaOnly: boolean } | null;
}

export interface AccountResponse {
  account: AccountInfo;
  range: RangeView;
  firstTs: number | null;
  lastTs: number | null;
  latest: { ts: number; nav: string; benchmark: string | null } | null;
  report: Report;
  incomplete: IncompleteView[];
}

export interface SeriesResponse {
  account: string;
  range: RangeView;
  /** Points in the range before downsampling, and how they were reduced. */
  total: number;
  downsampling: 'none' | 'm4';
  ts: number[];
  nav: number[];
  benchmark: Array<number | null>;
  /** Return index rebased to 1 at the range's first point (deposits and withdrawals removed). */
  index: number[];
  benchmarkIndex: Array<number | null>;
  /** index / running peak − 1, within the range. */
  drawdown: number[];
  incomplete: IncompleteView[];
}

export interface HoldingView {
  wallet: string;
  asset: string;
  quantity: string;
  price: string | null;
  value: string | null;
}

export interface HoldingsResponse {
  account: string;
  ts: number | null;
  nav: string | null;
  wallets: Array<{ wallet: string; value: string; holdings: HoldingView[] }>;
  /** Value per asset across wallets, largest first; assets worth under $1 in total are grouped as dust. */
  allocation: Array<{ asset: string; value: string; share: number }>;
  dust: { assets: number; value: string; share: number };
  unpriced: Array<{ wallet: string; asset: string; quantity: string }>;
  /** Wallets the account does not have enabled (e.g. no futures account): they count as 0. */
  notEnabled: string[];
}

export interface FlowsResponse {
  account: string;
  flows: FlowRow[];
  countedUsd: string;
  pending: number;
  /**
   * The first complete snapshot (null before one exists). Flows at or before it are already in the starting NAV:
   * no period's return or benchmark sees them.
   */
  historyStartTs: number | null;
  /** The counted flows after historyStartTs: the ones that enter returns and the benchmark. */
  countedInHistoryUsd: string;
  /** The counted flows at or before historyStartTs (all of them while there is no complete snapshot). */
  countedBeforeHistoryUsd: string;
}

export interface FeesResponse {
  account: string;
  performanceFee: AccountInfo['performanceFee'];
  fees: FeeRow[];
  accruedUsd: string;
}

export interface RunsResponse {
  runs: RunView[];
}

export interface LogView extends LogRow {
  account: string | null;
}

export interface LogsResponse {
  logs: LogView[];
  components: string[];
  /** Pass as beforeId for the next (older) page; null at the end. */
  nextBeforeId: number | null;
}

export interface StatusResponse {
  now: number;
  store: { dialect: string; reachable: boolean };
  accounts: { total: number; enabled: number };
  lastRun: RunView | null;
  /** The next slot after the last run (hourly schedule), when a run has happened. */
  nextRunAt: number | null;
  lastSnapshotTs: number | null;
  last24h: { runs: number; failed: number; weightUsed: number };
  /** What went wrong lately: runs that failed or timed out, accounts whose newest snapshot is incomplete, errors. */
  failures: {
    /** Up to 5, newest first, from the last 7 days. */
    runs: RunView[];
    incomplete: Array<{ account: string; ts: number; failedWallets: string[] }>;
    /** Up to 5 error log entries of the last 24 hours, newest first. */
    errors: LogView[];
  };
}
