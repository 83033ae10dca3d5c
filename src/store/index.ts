/**
 * The store: an embedded SQLite file by default, PostgreSQL when a URL is given. Repositories map rows to the
 * domain's types; `transaction` binds the same repositories to one transaction.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { Kysely } from 'kysely';
import {
  type Connection,
  connectPostgres,
  connectSqliteShared,
  type Dialect,
  redactUrl,
  type SharedConnection,
} from './connect.ts';
import { migrate } from './migrate.ts';
import { type AccountRepository, accountRepository } from './repos/accounts.ts';
import { type BenchmarkConfigRepository, benchmarkRepository } from './repos/benchmarks.ts';
import type { RepoContext } from './repos/context.ts';
import { type FeeRepository, feeRepository } from './repos/fees.ts';
import { type FlowRepository, flowRepository } from './repos/flows.ts';
import { type LockRepository, lockRepository } from './repos/locks.ts';
import { logRepository, type SystemLogRepository } from './repos/logs.ts';
import { type NavHistoryRepository, navRepository } from './repos/nav.ts';
import { type PriceHistoryRepository, priceRepository } from './repos/prices.ts';
import { runRepository, type WorkerRunRepository } from './repos/runs.ts';
import { asStoreError, DEFAULT_RETRY, type RetryPolicy, toStoreError, withRetry } from './retry.ts';
import type { Database } from './schema.ts';
import { SecretKeyring } from './secrets.ts';
import { assertOutsideSqliteTransaction } from './sqlite-dialect.ts';
import { inTransaction } from './transaction.ts';

export { SecretKeyError, StoreError } from './errors.ts';
export type * from './records.ts';
export type { BenchmarkState } from './repos/benchmarks.ts';
export type {
  AccountRepository,
  BenchmarkConfigRepository,
  FeeRepository,
  FlowRepository,
  LockRepository,
  NavHistoryRepository,
  PriceHistoryRepository,
  SystemLogRepository,
  WorkerRunRepository,
};

export const DEFAULT_DB_PATH = './data/monitor.db';
export const DEFAULT_LOG_RETENTION_DAYS = 30;

export interface StoreOptions {
  dbPath?: string;
  databaseUrl?: string;
  /** base64 (or hex) 32 bytes. */
  secretKey?: string;
  /** Apply pending migrations at open (default true). */
  migrate?: boolean;
  /** system_logs retention used by logs.prune() (default 30 days). */
  logRetentionDays?: number;
  /** SQLite busy_timeout (default 5000 ms). */
  busyTimeoutMs?: number;
  /** Retries of transient errors (default 5 tries from 100 ms back-off). */
  retry?: RetryPolicy;
}

export function storeOptionsFromEnv(env: NodeJS.ProcessEnv, cliDbPath?: string): StoreOptions {
  const opts: StoreOptions = {};
  if (env.DATABASE_URL) opts.databaseUrl = env.DATABASE_URL;
  else opts.dbPath = cliDbPath || env.MONITOR_DB || DEFAULT_DB_PATH;
  if (env.MONITOR_SECRET_KEY) opts.secretKey = env.MONITOR_SECRET_KEY;
  const days = Number(env.MONITOR_LOG_RETENTION_DAYS);
  if (env.MONITOR_LOG_RETENTION_DAYS && Number.isFinite(days) && days > 0) opts.logRetentionDays = days;
  return opts;
}

/** The repositories, bound either to the store's connection pool or to one transaction. */
export interface StoreRepositories {
  readonly dialect: Dialect;
  accounts: AccountRepository;
  benchmarks: BenchmarkConfigRepository;
  nav: NavHistoryRepository;
  prices: PriceHistoryRepository;
  flows: FlowRepository;
  fees: FeeRepository;
  logs: SystemLogRepository;
  runs: WorkerRunRepository;
  locks: LockRepository;
}

export interface StoreTx extends StoreRepositories {
  /** The transaction itself, for reads that must see its uncommitted writes. */
  readonly db: Kysely<Database>;
}

export interface Store extends StoreRepositories {
  readonly db: Kysely<Database>;
  /** Where the data lives: the SQLite file path, or the URL with its password hidden. */
  readonly location: string;
  /** The store's secret key (lazily resolved); used by `bpm secrets`. */
  readonly keys: SecretKeyring;
  /** The raw SQLite handle (online backup); undefined on PostgreSQL. */
  readonly sqlite: DatabaseSync | undefined;
  /**
   * All writes for one account's run in ONE transaction; `tx` exposes the same repositories bound to it.
   * Transient failures (lock contention, serialization failure, lost connection) re-run `fn` from the start,
   * so `fn` must only touch the database through `tx`. Inside `fn`, never use the store itself: on SQLite its
   * single connection is held by the transaction.
   */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>, purpose?: string): Promise<T>;
  close(): Promise<void>;
}

export async function openStore(opts: StoreOptions): Promise<Store> {
  const { connection: conn, release } = opts.databaseUrl
    ? ownConnection(connectPostgres(opts.databaseUrl))
    : connectSqliteShared(opts.dbPath ?? DEFAULT_DB_PATH, opts.busyTimeoutMs ?? 5000);
  const { db, dialect } = conn;
  const retry = opts.retry ?? DEFAULT_RETRY;
  const keys = SecretKeyring.fromOptions(
    opts.secretKey,
    opts.databaseUrl ? undefined : (opts.dbPath ?? DEFAULT_DB_PATH),
  );
  const logRetentionDays = opts.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS;
  const location = opts.databaseUrl ? redactUrl(opts.databaseUrl) : (opts.dbPath ?? DEFAULT_DB_PATH);
  try {
    if (opts.migrate !== false) {
      await withRetry(`migrating the ${dialect} store at ${location}`, () => migrate(db, dialect), retry);
    }
  } catch (err) {
    await release();
    throw err;
  }

  const rootCtx: RepoContext = {
    db,
    dialect,
    keys,
    logRetentionDays,
    run: async (purpose, work) => {
      assertOutsideSqliteTransaction();
      return withRetry(purpose, work, retry);
    },
    atomic: async (purpose, work) => {
      assertOutsideSqliteTransaction();
      return withRetry(purpose, () => inTransaction(db, dialect, work), retry);
    },
  };
  const txContext = (tx: Kysely<Database>): RepoContext => ({
    db: tx,
    dialect,
    keys,
    logRetentionDays,
    // Inside a transaction a failed statement spoils the whole transaction: retrying is the outer loop's job.
    run: async (purpose, work) => {
      try {
        return await work();
      } catch (err) {
        throw toStoreError(purpose, err);
      }
    },
    atomic: async (purpose, work) => {
      try {
        return await work(tx);
      } catch (err) {
        throw toStoreError(purpose, err);
      }
    },
  });

  return {
    ...repositories(rootCtx),
    db,
    location,
    keys,
    sqlite: conn.sqlite,
    transaction: async (fn, purpose = 'running a transaction') => {
      assertOutsideSqliteTransaction();
      return withRetry(
        purpose,
        () => inTransaction(db, dialect, (tx) => fn({ ...repositories(txContext(tx)), db: tx })),
        retry,
        asStoreError,
      );
    },
    close: release,
  };
}

function ownConnection(connection: Connection): SharedConnection {
  return { connection, release: () => connection.db.destroy() };
}

function repositories(ctx: RepoContext): StoreRepositories {
  return {
    dialect: ctx.dialect,
    accounts: accountRepository(ctx),
    benchmarks: benchmarkRepository(ctx),
    nav: navRepository(ctx),
    prices: priceRepository(ctx),
    flows: flowRepository(ctx),
    fees: feeRepository(ctx),
    logs: logRepository(ctx),
    runs: runRepository(ctx),
    locks: lockRepository(ctx),
  };
}
