/**
 * Versioned migrations, one SQL text per version serving both backends. Column types are written as
 * placeholders and filled per dialect (schema.ts explains the portable conventions).
 * Released versions are never edited: add a new one.
 */
import type { Dialect } from './connect.ts';

export interface Migration {
  version: number;
  name: string;
  statements: (dialect: Dialect) => string[];
}

const TYPES: Record<Dialect, Record<string, string>> = {
  sqlite: { MS: 'INTEGER', DEC: 'TEXT', BOOL: 'INTEGER', SERIAL_PK: 'INTEGER PRIMARY KEY AUTOINCREMENT' },
  postgres: { MS: 'BIGINT', DEC: 'NUMERIC', BOOL: 'SMALLINT', SERIAL_PK: 'BIGSERIAL PRIMARY KEY' },
};

function ddl(dialect: Dialect, text: string): string[] {
  const filled = text.replace(/\{(\w+)\}/g, (_, t: string) => {
    const type = TYPES[dialect][t];
    if (!type) throw new Error(`unknown column type placeholder {${t}}`);
    return type;
  });
  return filled
    .split(/;\s*\n/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

const INITIAL = `
CREATE TABLE binance_accounts (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  api_key TEXT NOT NULL,
  api_secret_enc TEXT NOT NULL,
  key_type TEXT NOT NULL CHECK (key_type IN ('hmac', 'ed25519')),
  sub_account_of TEXT,
  enabled {BOOL} NOT NULL DEFAULT 1,
  wallets TEXT,
  fee_config TEXT,
  created_at {MS} NOT NULL
);
CREATE TABLE benchmark_configs (
  account_id TEXT PRIMARY KEY REFERENCES binance_accounts (id) ON DELETE CASCADE,
  assets TEXT NOT NULL,
  rebalance TEXT NOT NULL CHECK (rebalance IN ('none', 'daily', 'weekly', 'monthly')),
  units TEXT,
  initialized_at {MS},
  last_rebalance_at {MS},
  updated_at {MS} NOT NULL
);
CREATE TABLE nav_history (
  account_id TEXT NOT NULL REFERENCES binance_accounts (id) ON DELETE CASCADE,
  ts {MS} NOT NULL,
  nav {DEC} NOT NULL,
  benchmark_value {DEC},
  btc_price {DEC},
  eth_price {DEC},
  status TEXT NOT NULL CHECK (status IN ('complete', 'incomplete')),
  kind TEXT NOT NULL CHECK (kind IN ('hourly', 'backfill')),
  failed_wallets TEXT NOT NULL DEFAULT '[]',
  not_enabled_wallets TEXT NOT NULL DEFAULT '[]',
  created_at {MS} NOT NULL
);
CREATE UNIQUE INDEX nav_history_account_ts ON nav_history (account_id, ts);
CREATE TABLE holdings (
  account_id TEXT NOT NULL,
  ts {MS} NOT NULL,
  wallet TEXT NOT NULL,
  asset TEXT NOT NULL,
  quantity {DEC} NOT NULL,
  price {DEC},
  value {DEC},
  FOREIGN KEY (account_id, ts) REFERENCES nav_history (account_id, ts) ON DELETE CASCADE
);
CREATE INDEX holdings_account_ts ON holdings (account_id, ts);
CREATE TABLE price_history (
  ts {MS} NOT NULL,
  symbol TEXT NOT NULL,
  price {DEC} NOT NULL
);
CREATE UNIQUE INDEX price_history_symbol_ts ON price_history (symbol, ts);
CREATE TABLE processed_transactions (
  account_id TEXT NOT NULL REFERENCES binance_accounts (id) ON DELETE CASCADE,
  source TEXT NOT NULL,
  external_id TEXT NOT NULL,
  asset TEXT NOT NULL,
  quantity {DEC} NOT NULL,
  ts {MS} NOT NULL,
  usd_value {DEC},
  price {DEC},
  status TEXT NOT NULL CHECK (status IN ('counted', 'pending', 'void')),
  raw_status TEXT NOT NULL,
  metadata TEXT,
  first_seen_at {MS} NOT NULL,
  updated_at {MS} NOT NULL
);
CREATE UNIQUE INDEX processed_transactions_key ON processed_transactions (account_id, source, external_id);
CREATE INDEX processed_transactions_account_ts ON processed_transactions (account_id, ts);
CREATE TABLE fee_tracking (
  account_id TEXT NOT NULL REFERENCES binance_accounts (id) ON DELETE CASCADE,
  period_start {MS} NOT NULL,
  period_end {MS} NOT NULL,
  start_index {DEC} NOT NULL,
  end_index {DEC} NOT NULL,
  hwm_before {DEC} NOT NULL,
  hwm_after {DEC} NOT NULL,
  nav_end {DEC} NOT NULL,
  rate {DEC} NOT NULL,
  fee {DEC} NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('accrued', 'paid', 'waived')),
  computed_at {MS} NOT NULL
);
CREATE UNIQUE INDEX fee_tracking_account_period ON fee_tracking (account_id, period_start);
CREATE TABLE system_logs (
  id {SERIAL_PK},
  ts {MS} NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('debug', 'info', 'warn', 'error')),
  component TEXT NOT NULL,
  account_id TEXT,
  operation TEXT,
  message TEXT NOT NULL,
  data TEXT,
  duration_ms {MS}
);
CREATE INDEX system_logs_ts ON system_logs (ts);
CREATE INDEX system_logs_component_ts ON system_logs (component, ts);
CREATE INDEX system_logs_account_ts ON system_logs (account_id, ts);
CREATE TABLE worker_runs (
  id TEXT PRIMARY KEY,
  slot_ts {MS} NOT NULL,
  started_at {MS} NOT NULL,
  finished_at {MS},
  status TEXT NOT NULL CHECK (status IN ('running', 'ok', 'failed', 'timeout')),
  accounts_ok INTEGER NOT NULL DEFAULT 0,
  accounts_failed INTEGER NOT NULL DEFAULT 0,
  weight_used INTEGER NOT NULL DEFAULT 0,
  message TEXT
);
CREATE INDEX worker_runs_started_at ON worker_runs (started_at);
CREATE TABLE locks (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  expires_at {MS} NOT NULL
);
`;

/**
 * benchmark_before: B(τ⁻), the benchmark's value just before the flow was applied by the replay (null when the
 * replay did not apply it), so analytics chain-links the benchmark exactly (design §5).
 * base_url: a per-account Binance base URL overriding the process-wide one.
 */
const FLOW_BENCHMARK_AND_ACCOUNT_BASE_URL = `
ALTER TABLE processed_transactions ADD COLUMN benchmark_before {DEC};
ALTER TABLE binance_accounts ADD COLUMN base_url TEXT;
`;

export const MIGRATIONS: Migration[] = [
  { version: 1, name: 'initial schema', statements: (d) => ddl(d, INITIAL) },
  {
    version: 2,
    name: 'flow benchmark_before, account base_url',
    statements: (d) => ddl(d, FLOW_BENCHMARK_AND_ACCOUNT_BASE_URL),
  },
];
