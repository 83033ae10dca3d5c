import { slotOf } from '../domain/schedule.ts';
import type { WorkerRunRepository } from '../store/index.ts';
import type { RunOutcome } from './worker-runner.ts';

/**
 * Makes worker_runs tell the truth about a run that did not end well: a worker killed at its time limit cannot
 * record its own end, and one that crashed at start never recorded its beginning.
 */
export async function recordRunOutcome(runs: WorkerRunRepository, o: RunOutcome): Promise<void> {
  if (o.status === 'ok') return;
  const status = o.status === 'timeout' ? 'timeout' : 'failed';
  const message = o.detail ?? status;
  // The worker records its run under the hour the slot falls in: a schedule finer than hourly has slots off it.
  const slots = new Set([o.slotTs, slotOf(o.slotTs)]);
  const mine = (await runs.list({ from: o.startedAt - 1000, limit: 50 })).filter((r) => slots.has(r.slotTs));
  for (const r of mine.filter((x) => x.status === 'running')) {
    await runs.finish(r.id, {
      status,
      accountsOk: r.accountsOk,
      accountsFailed: r.accountsFailed,
      weightUsed: r.weightUsed,
      message,
      finishedAt: o.finishedAt,
    });
  }
  if (mine.length === 0) {
    const id = await runs.start({ slotTs: o.slotTs, startedAt: o.startedAt });
    await runs.finish(id, {
      status,
      accountsOk: 0,
      accountsFailed: 0,
      weightUsed: 0,
      message,
      finishedAt: o.finishedAt,
    });
  }
}
