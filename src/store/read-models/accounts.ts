/**
 * Accounts as the dashboard sees them. The key columns (api_key, api_secret_enc) are deliberately never selected:
 * nothing read here can carry a secret to the browser.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface AccountView {
  id: string;
  name: string;
  enabled: boolean;
  subAccountOf: string | null;
  createdAt: number;
  feeConfig: string | null;
}

const ACCOUNT_COLUMNS = ['id', 'name', 'enabled', 'sub_account_of', 'created_at', 'fee_config'] as const;

type AccountRow = {
  id: string;
  name: string;
  enabled: number;
  sub_account_of: string | null;
  created_at: number;
  fee_config: string | null;
};

function toView(r: AccountRow): AccountView {
  return {
    id: r.id,
    name: r.name,
    enabled: Number(r.enabled) === 1,
    subAccountOf: r.sub_account_of,
    createdAt: Number(r.created_at),
    feeConfig: r.fee_config,
  };
}

export async function listAccountViews(db: Kysely<Database>): Promise<AccountView[]> {
  const rows = await db.selectFrom('binance_accounts').select(ACCOUNT_COLUMNS).orderBy('name').execute();
  return rows.map(toView);
}

export async function accountViewByName(db: Kysely<Database>, name: string): Promise<AccountView | null> {
  const row = await db
    .selectFrom('binance_accounts')
    .select(ACCOUNT_COLUMNS)
    .where('name', '=', name)
    .executeTakeFirst();
  return row ? toView(row) : null;
}
