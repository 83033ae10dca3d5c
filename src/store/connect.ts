/** Opening the two backends: an embedded SQLite file, or PostgreSQL through a pg Pool (pooler-safe). */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { isTransientError, StoreError } from './errors.ts';
import type { Database } from './schema.ts';
import { nodeSqliteDialect } from './sqlite-dialect.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface Connection {
  dialect: Dialect;
  db: Kysely<Database>;
  /** The raw SQLite handle (backups); undefined on PostgreSQL. */
  sqlite: DatabaseSync | undefined;
}

const INT8_OID = 20;

/** int8 (counts, epoch ms, serial ids) as JS numbers; numeric stays text, as pg returns it by default. */
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID && format !== 'binary') return (v: string) => Number(v);
    // biome-ignore lint/suspicious/noExplicitAny: pg's overloads
    return (pg.types.getTypeParser as any)(oid, format);
  },
};

export function connectPostgres(url: string): Connection {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    idleTimeoutMillis: 10_000,
    connectionTimeoutMillis: 10_000,
    types: pgTypes,
  });
  // A client losing its server (restart, pooler recycle, terminated backend) must not crash the process: idle
  // ones are dropped by the pool, a checked-out one fails its next query, which the retry policy handles.
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  return {
    dialect: 'postgres',
    db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
    sqlite: undefined,
  };
}

/**
 * One connection per database file per process, shared by every store opened on it. SQLite calls are
 * synchronous: a second connection in the same process waiting for the first one's write lock would block the
 * very event loop the first one needs to finish, for the whole busy timeout. Sharing the connection makes them
 * queue in Kysely's connection mutex instead.
 */
const shared = new Map<string, { connection: Connection; refs: number }>();

export interface SharedConnection {
  connection: Connection;
  release(): Promise<void>;
}

export function connectSqliteShared(path: string, busyTimeoutMs: number): SharedConnection {
  try {
    return openShared(path, busyTimeoutMs);
  } catch (err) {
    if (err instanceof StoreError) throw err;
    throw new StoreError(`opening the SQLite store at ${path}`, err);
  }
}

function openShared(path: string, busyTimeoutMs: number): SharedConnection {
  if (path === ':memory:') {
    const connection = connectSqlite(path, busyTimeoutMs);
    return { connection, release: () => connection.db.destroy() };
  }
  const key = resolve(path);
  let entry = shared.get(key);
  if (!entry) {
    entry = { connection: connectSqlite(path, busyTimeoutMs), refs: 0 };
    shared.set(key, entry);
  }
  entry.refs++;
  const held = entry;
  let released = false;
  return {
    connection: held.connection,
    release: async () => {
      if (released) return;
      released = true;
      held.refs--;
      if (held.refs === 0) {
        shared.delete(key);
        await held.connection.db.destroy();
      }
    },
  };
}

/**
 * Creates the store's directory and any missing parent, one level at a time. Node's own recursive mkdir never
 * returns on some paths (under /proc it loops forever at full CPU, deaf to signals); here every refusal
 * is an error at once.
 */
function ensureDirectory(dir: string, dbPath: string): void {
  const missing: string[] = [];
  for (let d = resolve(dir); !existsSync(d); d = dirname(d)) {
    missing.push(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw new StoreError(`creating the directory ${d} of the SQLite store at ${dbPath}`, err);
    }
  }
}

function connectSqlite(path: string, busyTimeoutMs: number): Connection {
  if (path !== ':memory:') ensureDirectory(dirname(path), path);
  const sqlite = new DatabaseSync(path, { timeout: busyTimeoutMs });
  try {
    sqlite.exec(`PRAGMA busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
    setJournalWal(sqlite, busyTimeoutMs);
    sqlite.exec('PRAGMA synchronous = NORMAL');
    // Checkpoints run automatically (every 1000 pages) but leave the WAL file at its largest size: a backfill
    // or an import would keep hundreds of MB of WAL on disk while the scheduler and dashboard stay open.
    // Truncate it back after each checkpoint.
    sqlite.exec('PRAGMA journal_size_limit = 67108864');
    sqlite.exec('PRAGMA foreign_keys = ON');
  } catch (err) {
    sqlite.close();
    throw err;
  }
  return { dialect: 'sqlite', db: new Kysely<Database>({ dialect: nodeSqliteDialect(sqlite) }), sqlite };
}

/** Switching to WAL needs a brief exclusive lock that busy_timeout does not always cover: retry it. */
function setJournalWal(sqlite: DatabaseSync, budgetMs: number): void {
  const deadline = Date.now() + Math.max(budgetMs, 1000);
  for (;;) {
    try {
      sqlite.exec('PRAGMA journal_mode = WAL');
      return;
    } catch (err) {
      if (!isTransientError(err) || Date.now() > deadline) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
}

/** The URL with its password replaced, for status output and errors. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}
