import { randomUUID } from 'node:crypto';
import type { RunOutcome, WorkerRun } from '../records.ts';
import type { WorkerRunsTable } from '../schema.ts';
import { isoMinute, type RepoContext } from './context.ts';

export interface WorkerRunRepository {
  /** Records a run as running; returns its id. */
  start(run: { slotTs: number; startedAt?: number; id?: string }): Promise<string>;
  finish(id: string, outcome: RunOutcome): Promise<void>;
  get(id: string): Promise<WorkerRun | undefined>;
  /** Newest first. */
  list(opts?: { limit?: number; from?: number; to?: number }): Promise<WorkerRun[]>;
  /** The newest run, optionally only finished ones. */
  latest(opts?: { finished?: boolean }): Promise<WorkerRun | undefined>;
}

export function runRepository(ctx: RepoContext): WorkerRunRepository {
  const { db } = ctx;
  return {
    start: (r) =>
      ctx.run(`recording run for slot ${isoMinute(r.slotTs)}`, async () => {
        const id = r.id ?? randomUUID();
        await db
          .insertInto('worker_runs')
          .values({
            id,
            slot_ts: r.slotTs,
            started_at: r.startedAt ?? Date.now(),
            finished_at: null,
            status: 'running',
            accounts_ok: 0,
            accounts_failed: 0,
            weight_used: 0,
            message: null,
          })
          .execute();
        return id;
      }),
    finish: (id, o) =>
      ctx.run(`recording outcome of run ${id}`, async () => {
        await db
          .updateTable('worker_runs')
          .set({
            finished_at: o.finishedAt ?? Date.now(),
            status: o.status,
            accounts_ok: o.accountsOk,
            accounts_failed: o.accountsFailed,
            weight_used: o.weightUsed,
            message: o.message ?? null,
          })
          .where('id', '=', id)
          .execute();
      }),
    get: (id) =>
      ctx.run(`reading run ${id}`, async () => {
        const r = await db.selectFrom('worker_runs').selectAll().where('id', '=', id).executeTakeFirst();
        return r && toRun(r);
      }),
    list: (opts = {}) =>
      ctx.run('listing runs', async () => {
        let q = db.selectFrom('worker_runs').selectAll();
        if (opts.from !== undefined) q = q.where('started_at', '>=', opts.from);
        if (opts.to !== undefined) q = q.where('started_at', '<=', opts.to);
        return (
          await q
            .orderBy('started_at', 'desc')
            .limit(opts.limit ?? 100)
            .execute()
        ).map(toRun);
      }),
    latest: (opts = {}) =>
      ctx.run('reading latest run', async () => {
        let q = db.selectFrom('worker_runs').selectAll();
        if (opts.finished) q = q.where('status', '!=', 'running');
        const r = await q.orderBy('started_at', 'desc').limit(1).executeTakeFirst();
        return r && toRun(r);
      }),
  };
}

/** One worker_runs row as a run; the read models map it the same way. */
export function toRun(r: WorkerRunsTable): WorkerRun {
  return {
    id: r.id,
    slotTs: Number(r.slot_ts),
    startedAt: Number(r.started_at),
    finishedAt: r.finished_at === null ? null : Number(r.finished_at),
    status: r.status,
    accountsOk: Number(r.accounts_ok),
    accountsFailed: Number(r.accounts_failed),
    weightUsed: Number(r.weight_used),
    message: r.message,
  };
}
