import { type Kysely, sql } from 'kysely';
import type { Dialect } from './connect.ts';
import type { Database } from './schema.ts';
import { sqliteTransactionScope } from './sqlite-dialect.ts';

/**
 * One real transaction on one connection. On SQLite it starts with BEGIN IMMEDIATE: the write lock is taken
 * up front, so concurrent writers queue on busy_timeout instead of failing to upgrade a read lock mid-way.
 */
export async function inTransaction<T>(
  db: Kysely<Database>,
  dialect: Dialect,
  fn: (tx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql.raw(dialect === 'sqlite' ? 'BEGIN IMMEDIATE' : 'BEGIN').execute(conn);
    let result: T;
    try {
      result = dialect === 'sqlite' ? await sqliteTransactionScope.run(true, () => fn(conn)) : await fn(conn);
    } catch (err) {
      await rollbackQuietly(conn);
      throw err;
    }
    try {
      await sql.raw('COMMIT').execute(conn);
    } catch (err) {
      await rollbackQuietly(conn);
      throw err;
    }
    return result;
  });
}

/** Undoes the transaction after a failure; a failing ROLLBACK must not hide the error that caused it. */
async function rollbackQuietly(conn: Kysely<Database>): Promise<void> {
  await sql
    .raw('ROLLBACK')
    .execute(conn)
    .catch(() => {});
}
