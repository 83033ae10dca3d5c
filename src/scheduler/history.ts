import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';

/**
 * The latest slot the monitor has a run for: the newest worker_runs slot, or the newest hourly snapshot when
 * runs were pruned or the history was imported. Null on a store that was never collected.
 */
export async function lastCollectedSlot(db: Kysely<Database>): Promise<number | null> {
  const run = await db
    .selectFrom('worker_runs')
    .select((eb) => eb.fn.max('slot_ts').as('last'))
    .executeTakeFirst();
  const nav = await db
    .selectFrom('nav_history')
    .select((eb) => eb.fn.max('ts').as('last'))
    .where('kind', '=', 'hourly')
    .executeTakeFirst();
  const values = [run?.last, nav?.last].filter((v) => v !== null && v !== undefined).map(Number);
  return values.length ? Math.max(...values) : null;
}
