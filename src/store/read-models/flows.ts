/** Deposits and withdrawals of one account, as recorded (metadata, which holds raw records, is not read). */
import type { Kysely } from 'kysely';
import type { FlowStatus } from '../../domain/types.ts';
import type { Database } from '../schema.ts';

export interface FlowRow {
  source: string;
  externalId: string;
  asset: string;
  quantity: string;
  ts: number;
  usdValue: string | null;
  price: string | null;
  status: FlowStatus;
  rawStatus: string;
  /** B(τ⁻) as the worker's benchmark replay stored it; null when the replay has not applied the flow. */
  benchmarkBefore: string | null;
}

export async function flowRows(
  db: Kysely<Database>,
  accountId: string,
  range: { from?: number; to?: number } = {},
): Promise<FlowRow[]> {
  let q = db
    .selectFrom('processed_transactions')
    .select([
      'source',
      'external_id',
      'asset',
      'quantity',
      'ts',
      'usd_value',
      'price',
      'status',
      'raw_status',
      'benchmark_before',
    ])
    .where('account_id', '=', accountId);
  if (range.from !== undefined) q = q.where('ts', '>=', range.from);
  if (range.to !== undefined) q = q.where('ts', '<=', range.to);
  const rows = await q.orderBy('ts').orderBy('external_id').execute();
  return rows.map((r) => ({
    source: r.source,
    externalId: r.external_id,
    asset: r.asset,
    quantity: String(r.quantity),
    ts: Number(r.ts),
    usdValue: r.usd_value === null ? null : String(r.usd_value),
    price: r.price === null ? null : String(r.price),
    status: r.status,
    rawStatus: r.raw_status,
    benchmarkBefore: r.benchmark_before === null ? null : String(r.benchmark_before),
  }));
}
