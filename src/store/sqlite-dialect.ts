/**
 * node:sqlite (DatabaseSync) under Kysely's SQLite dialect, without a native add-on.
 *
 * Kysely's SqliteDriver hands its single connection to every caller at once; the driver below queues callers
 * so that a transaction owns the connection until it ends and no unrelated query runs inside it.
 */
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import {
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  SqliteAdapter,
  type SqliteDatabase,
  SqliteDriver,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type SqliteStatement,
} from 'kysely';

const STATEMENT_CACHE_SIZE = 256;

/** The adapter: Kysely's SqliteDatabase over DatabaseSync, reusing prepared statements. */
export function nodeSqliteDatabase(db: DatabaseSync): SqliteDatabase {
  const cache = new Map<string, StatementSync>();
  const prepared = (sql: string): StatementSync => {
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = db.prepare(sql);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      cache.set(sql, stmt);
    }
    return stmt;
  };
  return {
    close: () => db.close(),
    prepare(sql: string): SqliteStatement {
      const stmt = prepared(sql);
      const args = (p: ReadonlyArray<unknown>) => p as SQLInputValue[];
      return {
        reader: stmt.columns().length > 0,
        all: (p) => stmt.all(...args(p)),
        run: (p) => stmt.run(...args(p)),
        iterate: (p) => stmt.iterate(...args(p)),
      };
    },
  };
}

class QueuedSqliteDriver extends SqliteDriver {
  #tail: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;

  override async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    this.#release = release;
    return super.acquireConnection();
  }

  override async releaseConnection(): Promise<void> {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }
}

export function nodeSqliteDialect(db: DatabaseSync): Dialect {
  const database = nodeSqliteDatabase(db);
  return {
    createAdapter: () => new SqliteAdapter(),
    createDriver: (): Driver => new QueuedSqliteDriver({ database }),
    createQueryCompiler: () => new SqliteQueryCompiler(),
    // biome-ignore lint/suspicious/noExplicitAny: the introspector accepts any database shape
    createIntrospector: (k: Kysely<any>) => new SqliteIntrospector(k),
  };
}
