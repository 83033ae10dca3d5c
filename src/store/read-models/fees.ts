/** Performance fees accrued per period (design.md §6). */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface FeeRow {
  periodStart: number;
  periodEnd: number;
  startIndex: string;
  endIndex: string;
  hwmBefore: string;
  hwmAfter: string;
  navEnd: string;
  rate: string;
  fee: string;
  status: 'accrued' | 'paid' | 'waived';
  computedAt: number;
}

export async function feeRows(db: Kysely<Database>, accountId: string): Promise<FeeRow[]> {
  const rows = await db
    .selectFrom('fee_tracking')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('period_start')
    .execute();
  return rows.map((r) => ({
    periodStart: Number(r.period_start),
    periodEnd: Number(r.period_end),
    startIndex: String(r.start_index),
    endIndex: String(r.end_index),
    hwmBefore: String(r.hwm_before),
    hwmAfter: String(r.hwm_after),
    navEnd: String(r.nav_end),
    rate: String(r.rate),
    fee: String(r.fee),
    status: r.status,
    computedAt: Number(r.computed_at),
  }));
}
