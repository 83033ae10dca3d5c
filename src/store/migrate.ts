/**
 * Applying migrations: all pending versions in one transaction, serialised between processes by a lock that
 * lives only as long as that transaction (BEGIN IMMEDIATE on SQLite, pg_advisory_xact_lock on PostgreSQL),
 * so it is safe through a transaction-mode pooler and when two processes open the store at once.
 */
import { type Kysely, sql } from 'kysely';
import type { Dialect } from './connect.ts';
import { MIGRATIONS, type Migration } from './migrations.ts';
import type { Database } from './schema.ts';
import { inTransaction } from './transaction.ts';

/** Arbitrary constant identifying this application's migration lock. */
const MIGRATION_LOCK_KEY = 804_113_271;

const CREATE_MIGRATIONS_TABLE: Record<Dialect, string> = {
  sqlite:
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  postgres:
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
};

/** The database holds tables of the same names from another system. */
export class ForeignSchemaError extends Error {
  override name = 'ForeignSchemaError';
}

export interface MigrationState {
  applied: { version: number; name: string; appliedAt: number }[];
  pending: { version: number; name: string }[];
}

/** Applies every pending migration; returns the versions it applied (none when up to date). */
export async function migrate(
  db: Kysely<Database>,
  dialect: Dialect,
  migrations: Migration[] = MIGRATIONS,
): Promise<number[]> {
  return inTransaction(db, dialect, async (tx) => {
    if (dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(tx);
    await sql.raw(CREATE_MIGRATIONS_TABLE[dialect]).execute(tx);
    const done = new Set(
      (await tx.selectFrom('schema_migrations').select('version').execute()).map((r) => r.version),
    );
    if (!done.has(1) && (await tableExists(tx, dialect, 'binance_accounts'))) {
      throw new ForeignSchemaError(
        'this database already has a binance_accounts table that this store did not create (the legacy system?): ' +
          'use a separate database for the monitor and bring the old data over with `bpm import-legacy --from URL`',
      );
    }
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      for (const statement of m.statements(dialect)) await sql.raw(statement).execute(tx);
      await tx
        .insertInto('schema_migrations')
        .values({ version: m.version, name: m.name, applied_at: Date.now() })
        .execute();
      applied.push(m.version);
    }
    return applied;
  });
}

/** Applied and pending versions, without changing anything. */
export async function migrationState(
  db: Kysely<Database>,
  dialect: Dialect,
  migrations: Migration[] = MIGRATIONS,
): Promise<MigrationState> {
  const exists = await tableExists(db, dialect, 'schema_migrations');
  const rows = exists
    ? await db.selectFrom('schema_migrations').selectAll().orderBy('version').execute()
    : [];
  const done = new Set(rows.map((r) => r.version));
  return {
    applied: rows.map((r) => ({ version: r.version, name: r.name, appliedAt: Number(r.applied_at) })),
    pending: migrations
      .filter((m) => !done.has(m.version))
      .map((m) => ({ version: m.version, name: m.name })),
  };
}

export async function tableExists(db: Kysely<Database>, dialect: Dialect, table: string): Promise<boolean> {
  const query =
    dialect === 'sqlite'
      ? sql<{ n: number }>`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ${table}`
      : sql<{ n: number }>`SELECT count(*) AS n FROM information_schema.tables
          WHERE table_schema = current_schema() AND table_name = ${table}`;
  const { rows } = await query.execute(db);
  return Number(rows[0]?.n ?? 0) > 0;
}
