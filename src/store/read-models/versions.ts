/**
 * Per-account data versions in one statement: the newest snapshot (slot and write time) and the flows' count and
 * last update. Each is an index probe per account (correlated subqueries), never a scan of the history, so the
 * dashboard can check its caches on every request.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface AccountVersion {
  id: string;
  name: string;
  lastTs: number | null;
  /** Changes whenever the account's newest snapshot or any of its flows is written. */
  version: string;
}

export async function accountVersions(db: Kysely<Database>): Promise<AccountVersion[]> {
  const rows = await db
    .selectFrom('binance_accounts as a')
    .select((eb) => [
      'a.id',
      'a.name',
      eb
        .selectFrom('nav_history as n')
        .select('n.ts')
        .whereRef('n.account_id', '=', 'a.id')
        .orderBy('n.ts', 'desc')
        .limit(1)
        .as('last_ts'),
      eb
        .selectFrom('nav_history as n')
        .select('n.created_at')
        .whereRef('n.account_id', '=', 'a.id')
        .orderBy('n.ts', 'desc')
        .limit(1)
        .as('last_written'),
      eb
        .selectFrom('processed_transactions as p')
        .select((e) => e.fn.countAll<number | string>().as('c'))
        .whereRef('p.account_id', '=', 'a.id')
        .as('flow_count'),
      eb
        .selectFrom('processed_transactions as p')
        .select((e) => e.fn.max('p.updated_at').as('m'))
        .whereRef('p.account_id', '=', 'a.id')
        .as('flow_updated'),
    ])
    .orderBy('a.name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    lastTs: r.last_ts === null || r.last_ts === undefined ? null : Number(r.last_ts),
    version: [r.last_ts, r.last_written, r.flow_count, r.flow_updated].map((v) => Number(v ?? 0)).join(':'),
  }));
}
