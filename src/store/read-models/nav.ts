/** NAV history reads: whole series for the chart cache, the newest row for cache keys and status. */
import type { Kysely } from 'kysely';
import type { SnapshotStatus, WalletKind } from '../../domain/types.ts';
import type { Database } from '../schema.ts';

export interface NavRow {
  ts: number;
  nav: string;
  benchmarkValue: string | null;
  status: SnapshotStatus;
  kind: 'hourly' | 'backfill';
  failedWallets: WalletKind[];
}

function parseWallets(json: string | null): WalletKind[] {
  if (!json) return [];
  const v: unknown = JSON.parse(json);
  return Array.isArray(v) ? (v.filter((w) => typeof w === 'string') as WalletKind[]) : [];
}

/** Every snapshot of one account, oldest first. */
export async function navRows(db: Kysely<Database>, accountId: string): Promise<NavRow[]> {
  const rows = await db
    .selectFrom('nav_history')
    .select(['ts', 'nav', 'benchmark_value', 'status', 'kind', 'failed_wallets'])
    .where('account_id', '=', accountId)
    .orderBy('ts')
    .execute();
  return rows.map((r) => ({
    ts: Number(r.ts),
    nav: String(r.nav),
    benchmarkValue: r.benchmark_value === null ? null : String(r.benchmark_value),
    status: r.status,
    kind: r.kind,
    failedWallets: r.status === 'incomplete' ? parseWallets(r.failed_wallets) : [],
  }));
}

export interface NavHead {
  ts: number;
  createdAt: number;
}

/** The newest snapshot's slot and write time: cheap (one index probe), used as a cache key. */
export async function navHead(db: Kysely<Database>, accountId: string): Promise<NavHead | null> {
  const row = await db
    .selectFrom('nav_history')
    .select(['ts', 'created_at'])
    .where('account_id', '=', accountId)
    .orderBy('ts', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { ts: Number(row.ts), createdAt: Number(row.created_at) } : null;
}
