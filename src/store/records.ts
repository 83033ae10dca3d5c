/** Records the repositories return besides the domain types (src/domain/types.ts). */
import type {
  BenchmarkConfig,
  BenchmarkUnits,
  Decimal,
  EpochMs,
  Flow,
  FlowSource,
  PerformanceFeeConfig,
  Snapshot,
  WalletKind,
} from '../domain/types.ts';

export interface Account {
  id: string;
  name: string;
  apiKey: string;
  keyType: 'hmac' | 'ed25519';
  subAccountOf: string | null;
  enabled: boolean;
  /** Which wallets `account add` / `account check` found enabled; null before the first check. */
  wallets: Partial<Record<WalletKind, boolean>> | null;
  feeConfig: PerformanceFeeConfig | null;
  createdAt: EpochMs;
  /** Binance base URL for this account only (e.g. another emulator); null: the process-wide one. */
  baseUrl: string | null;
}

export interface NewAccount {
  /** Generated (UUID) when absent. */
  id?: string;
  name: string;
  apiKey: string;
  /** Plain API secret (HMAC) or Ed25519 private key PEM: encrypted before it is stored. */
  secret: string;
  keyType: 'hmac' | 'ed25519';
  subAccountOf?: string | null;
  enabled?: boolean;
  wallets?: Partial<Record<WalletKind, boolean>> | null;
  feeConfig?: PerformanceFeeConfig | null;
  createdAt?: EpochMs;
  baseUrl?: string | null;
}

export interface AccountCredentials {
  apiKey: string;
  secret: string;
  keyType: 'hmac' | 'ed25519';
}

export interface StoredBenchmark {
  accountId: string;
  config: BenchmarkConfig;
  /** Cached units from the last replay; null until the benchmark starts. */
  units: BenchmarkUnits | null;
  initializedAt: EpochMs | null;
  lastRebalanceAt: EpochMs | null;
  updatedAt: EpochMs;
}

/** A nav_history row without its holdings; its ts/nav/benchmarkValue/status make it a NavPoint. */
export type NavRow = Omit<Snapshot, 'holdings'>;

export interface NavRangeOptions {
  status?: Snapshot['status'];
  kind?: Snapshot['kind'];
}

export interface PricePoint {
  symbol: string;
  ts: EpochMs;
  price: string;
}

export interface StoredFlow extends Flow {
  /** Whatever the worker kept for audit (raw record, legacy marker …). */
  metadata: unknown;
  firstSeenAt: EpochMs;
  updatedAt: EpochMs;
  /**
   * B(τ⁻): the benchmark value just before the worker's replay applied this flow; null when the replay does not
   * apply it (at or before t₀, pending, void, unvalued) or has not run since the flow was recorded.
   */
  benchmarkBefore: Decimal | null;
}

/** The replay's B(τ⁻) for one flow, identified by its key; null clears it. */
export interface FlowBenchmarkBefore {
  source: FlowSource;
  externalId: string;
  benchmarkBefore: Decimal | null;
}

export interface FlowUpsertResult {
  /** No row existed for (account, source, external id). */
  isNew: boolean;
  /** A row existed and its status changed (e.g. pending -> counted). */
  statusChanged: boolean;
  /** A row existed and some field changed (status included). */
  changed: boolean;
  previousStatus: Flow['status'] | null;
}

export interface FlowListOptions {
  from?: EpochMs;
  to?: EpochMs;
  status?: Flow['status'];
  source?: Flow['source'];
}

export interface FeeRecord {
  accountId: string;
  periodStart: EpochMs;
  periodEnd: EpochMs;
  startIndex: string;
  endIndex: string;
  hwmBefore: string;
  hwmAfter: string;
  navEnd: string;
  rate: string;
  fee: string;
  status: 'accrued' | 'paid' | 'waived';
  computedAt: EpochMs;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogEntry {
  ts?: EpochMs;
  level: LogLevel;
  component: string;
  accountId?: string | null;
  operation?: string | null;
  message: string;
  /** Any JSON-serialisable value; must not contain secrets. */
  data?: unknown;
  durationMs?: number | null;
}

export interface StoredLog extends Required<Omit<LogEntry, 'data'>> {
  id: number;
  ts: EpochMs;
  data: unknown;
}

export interface LogQuery {
  from?: EpochMs;
  to?: EpochMs;
  /** Minimum level: "warn" returns warnings and errors. */
  level?: LogLevel;
  component?: string;
  /** Account id. */
  account?: string;
  /** Newest first; default 500. */
  limit?: number;
}

export type RunStatus = 'running' | 'ok' | 'failed' | 'timeout';

export interface WorkerRun {
  id: string;
  slotTs: EpochMs;
  startedAt: EpochMs;
  finishedAt: EpochMs | null;
  status: RunStatus;
  accountsOk: number;
  accountsFailed: number;
  weightUsed: number;
  message: string | null;
}

export interface RunOutcome {
  status: Exclude<RunStatus, 'running'>;
  accountsOk: number;
  accountsFailed: number;
  weightUsed: number;
  message?: string | null;
  finishedAt?: EpochMs;
}

export interface LockLease {
  name: string;
  holder: string;
  expiresAt: EpochMs;
}
