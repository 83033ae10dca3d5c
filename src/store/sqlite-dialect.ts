/**
 * node:sqlite (DatabaseSync) under Kysely's SQLite dialect, without a native add-on. Kysely serialises access to
 * the single connection (the SQLite adapter declares no multiple connections), so a transaction owns it until
 * it ends and no unrelated query runs inside it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import {
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

/**
 * Set while a transaction's callback runs. Kysely hands SQLite's single connection to one caller at a time, so
 * asking the store (rather than the transaction) for a query from inside would wait forever: callers check this.
 */
export const sqliteTransactionScope = new AsyncLocalStorage<true>();

export function assertOutsideSqliteTransaction(): void {
  if (sqliteTransactionScope.getStore()) {
    throw new Error('the store was used inside its own transaction: use the transaction handle (tx) instead');
  }
}

export function nodeSqliteDialect(db: DatabaseSync): Dialect {
  const database = nodeSqliteDatabase(db);
  return {
    createAdapter: () => new SqliteAdapter(),
    createDriver: (): Driver => new SqliteDriver({ database }),
    createQueryCompiler: () => new SqliteQueryCompiler(),
    // biome-ignore lint/suspicious/noExplicitAny: the introspector accepts any database shape
    createIntrospector: (k: Kysely<any>) => new SqliteIntrospector(k),
  };
}
