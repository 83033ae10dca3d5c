/** Performance fees accrued per period (design.md §6). */
import type { Kysely } from 'kysely';
import type { FeeRecord } from '../records.ts';
import { toFeeRecord } from '../repos/fees.ts';
import type { Database } from '../schema.ts';

/** A fee period as the dashboard shows it: the stored record, the account being implied. */
export type FeeRow = Omit<FeeRecord, 'accountId'>;

export async function feeRows(db: Kysely<Database>, accountId: string): Promise<FeeRow[]> {
  const rows = await db
    .selectFrom('fee_tracking')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('period_start')
    .execute();
  return rows.map((r) => {
    const { accountId: _, ...row } = toFeeRecord(r);
    return row;
  });
}
