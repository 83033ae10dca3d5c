/** What `bpm db status` reports: backend, location, migration versions and row counts. */
import { sql } from 'kysely';
import type { Store } from './index.ts';
import { type MigrationState, migrationState, tableExists } from './migrate.ts';
import type { Database } from './schema.ts';

export interface StoreStatus {
  backend: 'sqlite' | 'postgres';
  location: string;
  migrations: MigrationState;
  /** Rows per table; tables not created yet are absent. */
  rows: Partial<Record<keyof Database, number>>;
}

const TABLES: (keyof Database)[] = [
  'binance_accounts',
  'benchmark_configs',
  'nav_history',
  'holdings',
  'price_history',
  'processed_transactions',
  'fee_tracking',
  'system_logs',
  'worker_runs',
  'locks',
];

export async function storeStatus(store: Store): Promise<StoreStatus> {
  const rows: StoreStatus['rows'] = {};
  for (const table of TABLES) {
    if (!(await tableExists(store.db, store.dialect, table))) continue;
    const r = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(store.db);
    rows[table] = Number(r.rows[0]?.n ?? 0);
  }
  return {
    backend: store.dialect,
    location: store.location,
    migrations: await migrationState(store.db, store.dialect),
    rows,
  };
}

export function formatStatus(s: StoreStatus): string {
  const lines = [
    `backend:  ${s.backend === 'sqlite' ? 'SQLite (embedded)' : 'PostgreSQL'}`,
    `location: ${s.location}`,
    `applied:  ${s.migrations.applied.map((m) => `${m.version} ${m.name} (${new Date(m.appliedAt).toISOString()})`).join(', ') || 'none'}`,
    `pending:  ${s.migrations.pending.map((m) => `${m.version} ${m.name}`).join(', ') || 'none'}`,
    'rows:',
  ];
  const width = Math.max(...TABLES.map((t) => t.length));
  for (const table of TABLES) {
    const n = s.rows[table];
    lines.push(`  ${table.padEnd(width)}  ${n === undefined ? '(not created)' : n}`);
  }
  return `${lines.join('\n')}\n`;
}
