import { canonicalDecimal as decimal } from '../decimal.ts';
import type { FeeRecord } from '../records.ts';
import type { FeeTrackingTable } from '../schema.ts';
import { dec, isoMinute, type RepoContext } from './context.ts';

export interface FeeRepository {
  /** One row per (account, period start); recomputation replaces it. */
  upsert(fee: FeeRecord): Promise<void>;
  /** Periods starting within [from, to], ordered by period start. */
  list(accountId: string, opts?: { from?: number; to?: number }): Promise<FeeRecord[]>;
  setStatus(accountId: string, periodStart: number, status: FeeRecord['status']): Promise<boolean>;
}

export function feeRepository(ctx: RepoContext): FeeRepository {
  const { db } = ctx;
  return {
    upsert: (f) =>
      ctx.run(`saving fee for account ${f.accountId} period ${isoMinute(f.periodStart)}`, async () => {
        const row = toTable(f);
        const { account_id: _a, period_start: _p, ...rest } = row;
        await db
          .insertInto('fee_tracking')
          .values(row)
          .onConflict((oc) => oc.columns(['account_id', 'period_start']).doUpdateSet(rest))
          .execute();
      }),
    list: (accountId, opts) =>
      ctx.run(`reading fees of account ${accountId}`, async () => {
        let q = db.selectFrom('fee_tracking').selectAll().where('account_id', '=', accountId);
        if (opts?.from !== undefined) q = q.where('period_start', '>=', opts.from);
        if (opts?.to !== undefined) q = q.where('period_start', '<=', opts.to);
        return (await q.orderBy('period_start').execute()).map(toFeeRecord);
      }),
    setStatus: (accountId, periodStart, status) =>
      ctx.run(`marking fee of account ${accountId} period ${isoMinute(periodStart)} ${status}`, async () => {
        const r = await db
          .updateTable('fee_tracking')
          .set({ status })
          .where('account_id', '=', accountId)
          .where('period_start', '=', periodStart)
          .executeTakeFirst();
        return Number(r.numUpdatedRows) > 0;
      }),
  };
}

function toTable(f: FeeRecord): FeeTrackingTable {
  return {
    account_id: f.accountId,
    period_start: f.periodStart,
    period_end: f.periodEnd,
    start_index: decimal(f.startIndex, 'start index'),
    end_index: decimal(f.endIndex, 'end index'),
    hwm_before: decimal(f.hwmBefore, 'high-water mark before'),
    hwm_after: decimal(f.hwmAfter, 'high-water mark after'),
    nav_end: decimal(f.navEnd, 'NAV at period end'),
    rate: decimal(f.rate, 'fee rate'),
    fee: decimal(f.fee, 'fee'),
    status: f.status,
    computed_at: f.computedAt,
  };
}

/** One fee_tracking row as a fee record; the fees read model maps it the same way. */
export function toFeeRecord(r: FeeTrackingTable): FeeRecord {
  return {
    accountId: r.account_id,
    periodStart: Number(r.period_start),
    periodEnd: Number(r.period_end),
    startIndex: dec(r.start_index),
    endIndex: dec(r.end_index),
    hwmBefore: dec(r.hwm_before),
    hwmAfter: dec(r.hwm_after),
    navEnd: dec(r.nav_end),
    rate: dec(r.rate),
    fee: dec(r.fee),
    status: r.status,
    computedAt: Number(r.computed_at),
  };
}
