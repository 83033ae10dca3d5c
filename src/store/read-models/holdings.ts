/** The per-wallet, per-asset breakdown of one snapshot. */
import type { Kysely } from 'kysely';
import { holdingsAt as storedHoldingsAt } from '../repos/nav.ts';
import type { Database } from '../schema.ts';

export interface HoldingRow {
  wallet: string;
  asset: string;
  quantity: string;
  price: string | null;
  value: string | null;
}

export function holdingsAt(db: Kysely<Database>, accountId: string, ts: number): Promise<HoldingRow[]> {
  return storedHoldingsAt(db, accountId, ts);
}

/**
 * The newest complete snapshot: its slot (holdings are shown for it, a partial one would mislead) and the wallets
 * the account does not have enabled (they count as 0).
 */
export async function latestCompleteHead(
  db: Kysely<Database>,
  accountId: string,
): Promise<{ ts: number; notEnabledWallets: string[] } | null> {
  const row = await db
    .selectFrom('nav_history')
    .select(['ts', 'not_enabled_wallets'])
    .where('account_id', '=', accountId)
    .where('status', '=', 'complete')
    .orderBy('ts', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  const wallets: unknown = row.not_enabled_wallets ? JSON.parse(row.not_enabled_wallets) : [];
  return {
    ts: Number(row.ts),
    notEnabledWallets: Array.isArray(wallets) ? wallets.filter((w) => typeof w === 'string') : [],
  };
}
