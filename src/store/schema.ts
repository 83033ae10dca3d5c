/**
 * The store's tables as Kysely sees them, identical on SQLite and PostgreSQL.
 *
 * Portable column conventions (so one set of queries serves both backends):
 * - instants are UTC epoch milliseconds: INTEGER on SQLite, BIGINT on PostgreSQL (parsed back to number);
 * - exact amounts are decimal text: TEXT on SQLite, NUMERIC on PostgreSQL (returned as string);
 * - booleans are 0/1 integers (SMALLINT on PostgreSQL);
 * - structured values are JSON text.
 */
import type { Generated } from 'kysely';

export interface BinanceAccountsTable {
  id: string;
  name: string;
  api_key: string;
  /** AES-256-GCM envelope of the API secret (HMAC secret or Ed25519 private key PEM). */
  api_secret_enc: string;
  key_type: 'hmac' | 'ed25519';
  /** Name or id of the master account when this is a monitored sub-account. */
  sub_account_of: string | null;
  enabled: number;
  /** JSON object WalletKind -> boolean, as found by `account add` / `account check`. */
  wallets: string | null;
  /** JSON PerformanceFeeConfig, or null when no performance fee is charged. */
  fee_config: string | null;
  created_at: number;
  /** Binance base URL for this account only (migration 2); null: the process-wide one. */
  base_url: string | null;
}

export interface BenchmarkConfigsTable {
  account_id: string;
  /** JSON BenchmarkWeight[] */
  assets: string;
  rebalance: 'none' | 'daily' | 'weekly' | 'monthly';
  /** JSON BenchmarkUnits: a cache of what replaying snapshots and flows gives. */
  units: string | null;
  initialized_at: number | null;
  last_rebalance_at: number | null;
  updated_at: number;
}

export interface NavHistoryTable {
  account_id: string;
  ts: number;
  nav: string;
  benchmark_value: string | null;
  btc_price: string | null;
  eth_price: string | null;
  status: 'complete' | 'incomplete';
  kind: 'hourly' | 'backfill';
  /** JSON WalletKind[] */
  failed_wallets: string;
  /** JSON WalletKind[] */
  not_enabled_wallets: string;
  created_at: number;
}

export interface HoldingsTable {
  account_id: string;
  ts: number;
  wallet: string;
  asset: string;
  quantity: string;
  price: string | null;
  value: string | null;
}

export interface PriceHistoryTable {
  ts: number;
  symbol: string;
  price: string;
}

export interface ProcessedTransactionsTable {
  account_id: string;
  source: string;
  external_id: string;
  asset: string;
  quantity: string;
  ts: number;
  usd_value: string | null;
  price: string | null;
  status: 'counted' | 'pending' | 'void';
  raw_status: string;
  /** JSON: the raw record and anything else worth keeping for audit. */
  metadata: string | null;
  first_seen_at: number;
  updated_at: number;
  /**
   * B(τ⁻): the benchmark value just before the replay applied this flow (migration 2). Null when the flow is
   * not applied to the benchmark: dated at or before t₀, pending, void, unvalued, or not yet replayed.
   */
  benchmark_before: string | null;
}

export interface FeeTrackingTable {
  account_id: string;
  period_start: number;
  period_end: number;
  start_index: string;
  end_index: string;
  hwm_before: string;
  hwm_after: string;
  nav_end: string;
  rate: string;
  fee: string;
  status: 'accrued' | 'paid' | 'waived';
  computed_at: number;
}

export interface SystemLogsTable {
  id: Generated<number>;
  ts: number;
  level: 'debug' | 'info' | 'warn' | 'error';
  component: string;
  account_id: string | null;
  operation: string | null;
  message: string;
  data: string | null;
  duration_ms: number | null;
}

export interface WorkerRunsTable {
  id: string;
  slot_ts: number;
  started_at: number;
  finished_at: number | null;
  status: 'running' | 'ok' | 'failed' | 'timeout';
  accounts_ok: number;
  accounts_failed: number;
  /** Binance request weight spent by the run. */
  weight_used: number;
  message: string | null;
}

export interface LocksTable {
  name: string;
  holder: string;
  expires_at: number;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: number;
}

export interface Database {
  binance_accounts: BinanceAccountsTable;
  benchmark_configs: BenchmarkConfigsTable;
  nav_history: NavHistoryTable;
  holdings: HoldingsTable;
  price_history: PriceHistoryTable;
  processed_transactions: ProcessedTransactionsTable;
  fee_tracking: FeeTrackingTable;
  system_logs: SystemLogsTable;
  worker_runs: WorkerRunsTable;
  locks: LocksTable;
  schema_migrations: SchemaMigrationsTable;
}
