/** Worker runs: the history page, system status and metrics. */
import type { Kysely } from 'kysely';
import { toRun } from '../repos/runs.ts';
import type { Database, WorkerRunsTable } from '../schema.ts';

export type RunStatus = WorkerRunsTable['status'];

export interface RunRow {
  id: string;
  slotTs: number;
  startedAt: number;
  finishedAt: number | null;
  status: RunStatus;
  accountsOk: number;
  accountsFailed: number;
  weightUsed: number;
  message: string | null;
}

export interface RunFilter {
  status?: RunStatus;
  from?: number;
  to?: number;
  limit: number;
}

export async function listRuns(db: Kysely<Database>, f: RunFilter): Promise<RunRow[]> {
  let q = db.selectFrom('worker_runs').selectAll();
  if (f.status) q = q.where('status', '=', f.status);
  if (f.from !== undefined) q = q.where('started_at', '>=', f.from);
  if (f.to !== undefined) q = q.where('started_at', '<=', f.to);
  const rows = await q.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
  return rows.map(toRun);
}

/** The most recently started run (one probe of the started_at index). */
export async function latestRun(db: Kysely<Database>): Promise<RunRow | null> {
  const row = await db
    .selectFrom('worker_runs')
    .selectAll()
    .orderBy('started_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toRun(row) : null;
}

export interface RunTotals {
  runs: number;
  failed: number;
  weightUsed: number;
}

/** Runs started since `since`: how many, how many did not end ok, and the Binance weight they spent. */
export async function runTotalsSince(db: Kysely<Database>, since: number): Promise<RunTotals> {
  const row = await db
    .selectFrom('worker_runs')
    .select((eb) => [
      eb.fn.countAll<number | string>().as('runs'),
      eb.fn.sum<number | string | null>('weight_used').as('weight'),
      eb.fn
        .sum<number | string | null>(
          eb.case().when('status', 'in', ['failed', 'timeout']).then(1).else(0).end(),
        )
        .as('failed'),
    ])
    .where('started_at', '>=', since)
    .executeTakeFirst();
  return {
    runs: Number(row?.runs ?? 0),
    failed: Number(row?.failed ?? 0),
    weightUsed: Number(row?.weight ?? 0),
  };
}

/** The newest runs since `since` that did not end ok (failed or timed out), newest first. */
export async function failedRunsSince(db: Kysely<Database>, since: number, limit: number): Promise<RunRow[]> {
  const rows = await db
    .selectFrom('worker_runs')
    .selectAll()
    .where('status', 'in', ['failed', 'timeout'])
    .where('started_at', '>=', since)
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toRun);
}
