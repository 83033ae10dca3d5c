/** NAV history reads: whole series for the chart cache, the newest row for cache keys and status. */
import type { Kysely } from 'kysely';
import type { NavPoint, SnapshotStatus, WalletKind } from '../../domain/types.ts';
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

/** Every snapshot of one account in [from, to], oldest first. */
export async function navRows(
  db: Kysely<Database>,
  accountId: string,
  range: { from?: number; to?: number } = {},
): Promise<NavRow[]> {
  let q = db
    .selectFrom('nav_history')
    .select(['ts', 'nav', 'benchmark_value', 'status', 'kind', 'failed_wallets'])
    .where('account_id', '=', accountId);
  if (range.from !== undefined) q = q.where('ts', '>=', range.from);
  if (range.to !== undefined) q = q.where('ts', '<=', range.to);
  const rows = await q.orderBy('ts').execute();
  return rows.map((r) => ({
    ts: Number(r.ts),
    nav: String(r.nav),
    benchmarkValue: r.benchmark_value === null ? null : String(r.benchmark_value),
    status: r.status,
    kind: r.kind,
    failedWallets: r.status === 'incomplete' ? parseWallets(r.failed_wallets) : [],
  }));
}

/** The NAV points of one account (from `since` on, if given), oldest first: only what analytics and alerts need. */
export async function navPoints(
  db: Kysely<Database>,
  accountId: string,
  since?: number,
): Promise<NavPoint[]> {
  let q = db
    .selectFrom('nav_history')
    .select(['ts', 'nav', 'benchmark_value', 'status'])
    .where('account_id', '=', accountId);
  if (since !== undefined) q = q.where('ts', '>=', since);
  const rows = await q.orderBy('ts').execute();
  return rows.map((r) => ({
    ts: Number(r.ts),
    nav: String(r.nav),
    benchmarkValue: r.benchmark_value === null ? null : String(r.benchmark_value),
    status: r.status,
  }));
}

export interface IncompleteRow {
  ts: number;
  nav: string;
  failedWallets: WalletKind[];
}

/** The incomplete snapshots of one account and the wallets that failed, oldest first. */
export async function incompleteRows(db: Kysely<Database>, accountId: string): Promise<IncompleteRow[]> {
  const rows = await db
    .selectFrom('nav_history')
    .select(['ts', 'nav', 'failed_wallets'])
    .where('account_id', '=', accountId)
    .where('status', '=', 'incomplete')
    .orderBy('ts')
    .execute();
  return rows.map((r) => ({
    ts: Number(r.ts),
    nav: String(r.nav),
    failedWallets: parseWallets(r.failed_wallets),
  }));
}

export interface IncompleteHead extends IncompleteRow {
  accountId: string;
}

/** Accounts whose newest snapshot is incomplete, with the wallets that failed (index probes per account). */
export async function incompleteHeads(db: Kysely<Database>): Promise<IncompleteHead[]> {
  const rows = await db
    .selectFrom('binance_accounts as a')
    .select((eb) => {
      const newest = <C extends 'status' | 'ts' | 'nav' | 'failed_wallets'>(col: C) =>
        eb
          .selectFrom('nav_history as n')
          .select(`n.${col}` as `n.${C}`)
          .whereRef('n.account_id', '=', 'a.id')
          .orderBy('n.ts', 'desc')
          .limit(1);
      return [
        'a.id',
        newest('status').as('status'),
        newest('ts').as('ts'),
        newest('nav').as('nav'),
        newest('failed_wallets').as('failed_wallets'),
      ];
    })
    .execute();
  return rows
    .filter((r) => r.status === 'incomplete' && r.ts !== null && r.ts !== undefined)
    .map((r) => ({
      accountId: r.id,
      ts: Number(r.ts),
      nav: String(r.nav),
      failedWallets: parseWallets((r.failed_wallets as string | null | undefined) ?? null),
    }));
}
