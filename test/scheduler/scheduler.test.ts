import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { delay } from '../../src/scheduler/clock.ts';
import { MemoryEventLog } from '../../src/scheduler/events.ts';
import { Scheduler, type SchedulerOptions } from '../../src/scheduler/scheduler.ts';
import { SlotSchedule } from '../../src/scheduler/slots.ts';
import type { RunOutcome, SlotRunner } from '../../src/scheduler/worker-runner.ts';
import { at, iso, JumpClock } from './helpers.ts';

/** A runner that records the slot and the clock at each run, and stops the scheduler after `limit` runs. */
function recordingRunner(clock: JumpClock, stop: AbortController, limit: number, fail = new Set<number>()) {
  const seen: Array<{ slot: string; clock: string }> = [];
  const runner: SlotRunner = {
    async run(slotTs) {
      seen.push({ slot: iso(slotTs), clock: iso(clock.now()) });
      if (seen.length >= limit) stop.abort();
      if (fail.has(seen.length)) throw new Error(`worker crashed on run ${seen.length}`);
      return {
        slotTs,
        status: 'ok',
        startedAt: clock.now(),
        finishedAt: clock.now(),
        exitCode: 0,
        signal: null,
      } satisfies RunOutcome;
    },
  };
  return { seen, runner };
}

function scheduler(o: Partial<SchedulerOptions> & Pick<SchedulerOptions, 'clock' | 'runner'>) {
  const log = new MemoryEventLog();
  const s = new Scheduler({
    slots: new SlotSchedule('0 * * * *'),
    lastSlot: async () => null,
    graceMs: 1000,
    log,
    ...o,
  });
  return { s, log };
}

describe('Scheduler', () => {
  it('runs at each slot of the cron, on the hour, in UTC', async () => {
    const clock = new JumpClock(at('2026-03-01T10:37:12Z'));
    const stop = new AbortController();
    const { seen, runner } = recordingRunner(clock, stop, 3);
    const { s } = scheduler({ clock, runner, lastSlot: async () => at('2026-03-01T10:00:00Z') });
    await s.run(stop.signal);
    assert.deepEqual(seen, [
      { slot: '2026-03-01T11:00:00.000Z', clock: '2026-03-01T11:00:00.000Z' },
      { slot: '2026-03-01T12:00:00.000Z', clock: '2026-03-01T12:00:00.000Z' },
      { slot: '2026-03-01T13:00:00.000Z', clock: '2026-03-01T13:00:00.000Z' },
    ]);
  });

  it('follows a seconds-level cron', async () => {
    const clock = new JumpClock(at('2026-03-01T10:00:03.500Z'));
    const stop = new AbortController();
    const { seen, runner } = recordingRunner(clock, stop, 3);
    const { s } = scheduler({
      clock,
      runner,
      slots: new SlotSchedule('*/2 * * * * *'),
      lastSlot: async () => at('2026-03-01T10:00:02Z'),
    });
    await s.run(stop.signal);
    assert.deepEqual(
      seen.map((x) => x.slot),
      ['2026-03-01T10:00:04.000Z', '2026-03-01T10:00:06.000Z', '2026-03-01T10:00:08.000Z'],
    );
  });

  it('catches up the latest missed slot once at start, not every missed one', async () => {
    // Last run 07:00, started at 10:37: 08:00, 09:00 and 10:00 were missed; only 10:00 is run, at once.
    const clock = new JumpClock(at('2026-03-01T10:37:12Z'));
    const stop = new AbortController();
    const { seen, runner } = recordingRunner(clock, stop, 2);
    const { s, log } = scheduler({ clock, runner, lastSlot: async () => at('2026-03-01T07:00:00Z') });
    await s.run(stop.signal);
    assert.deepEqual(seen, [
      { slot: '2026-03-01T10:00:00.000Z', clock: '2026-03-01T10:37:12.000Z' },
      { slot: '2026-03-01T11:00:00.000Z', clock: '2026-03-01T11:00:00.000Z' },
    ]);
    assert.equal(log.operations().filter((o) => o === 'catch_up').length, 1);
  });

  it('runs the current slot at once on a store that has never been collected', async () => {
    const clock = new JumpClock(at('2026-03-01T10:37:12Z'));
    const stop = new AbortController();
    const { seen, runner } = recordingRunner(clock, stop, 1);
    const { s } = scheduler({ clock, runner, lastSlot: async () => null });
    await s.run(stop.signal);
    assert.deepEqual(seen, [{ slot: '2026-03-01T10:00:00.000Z', clock: '2026-03-01T10:37:12.000Z' }]);
  });

  it('does not catch up when the latest slot was already run', async () => {
    const clock = new JumpClock(at('2026-03-01T10:00:30Z'));
    const stop = new AbortController();
    const { seen, runner } = recordingRunner(clock, stop, 1);
    const { s, log } = scheduler({ clock, runner, lastSlot: async () => at('2026-03-01T10:00:00Z') });
    await s.run(stop.signal);
    assert.deepEqual(
      seen.map((x) => x.slot),
      ['2026-03-01T11:00:00.000Z'],
    );
    assert.ok(!log.operations().includes('catch_up'));
  });

  it('keeps going after failed runs and logs each failure', async () => {
    const clock = new JumpClock(at('2026-03-01T10:30:00Z'));
    const stop = new AbortController();
    const { seen, runner } = recordingRunner(clock, stop, 4, new Set([1, 2]));
    const afterRun: RunOutcome[] = [];
    const { s, log } = scheduler({
      clock,
      runner,
      lastSlot: async () => at('2026-03-01T10:00:00Z'),
      afterRun: async (o) => {
        afterRun.push(o);
        if (afterRun.length === 3) throw new Error('alert channel down');
      },
    });
    await s.run(stop.signal);
    assert.equal(seen.length, 4);
    assert.deepEqual(
      s.outcomes.map((o) => o.status),
      ['failed', 'failed', 'ok', 'ok'],
    );
    assert.match(s.outcomes[0]!.detail ?? '', /worker crashed on run 1/);
    assert.equal(afterRun.length, 4);
    const failures = log.entries.filter((e) => e.operation === 'run_failed');
    assert.equal(failures.length, 2);
    assert.equal(failures[0]!.level, 'error');
    assert.ok(log.operations().includes('after_run'));
  });

  it('stops promptly while waiting for a slot, without running', async () => {
    const stop = new AbortController();
    let runs = 0;
    const clock = {
      now: () => at('2026-03-01T10:30:00Z'),
      sleepUntil: (_ts: number, signal?: AbortSignal) =>
        new Promise<void>((r) => signal?.addEventListener('abort', () => r())),
    };
    const { s } = scheduler({
      clock,
      runner: {
        run: async () => {
          runs += 1;
          throw new Error('not expected');
        },
      },
      lastSlot: async () => at('2026-03-01T10:00:00Z'),
    });
    const done = s.run(stop.signal);
    setTimeout(() => stop.abort(), 20);
    await done;
    assert.equal(runs, 0);
  });

  it('on stop lets the run in progress finish within the grace period', async () => {
    const clock = new JumpClock(at('2026-03-01T10:30:00Z'));
    const stop = new AbortController();
    const runner: SlotRunner = {
      async run(slotTs, kill) {
        stop.abort(); // the stop request arrives while the run is in progress
        await delay(60, kill);
        const t = clock.now();
        return {
          slotTs,
          status: kill.aborted ? 'killed' : 'ok',
          startedAt: t,
          finishedAt: t,
          exitCode: 0,
          signal: null,
        };
      },
    };
    const { s } = scheduler({ clock, runner, graceMs: 2000, lastSlot: async () => null });
    await s.run(stop.signal);
    assert.deepEqual(
      s.outcomes.map((o) => o.status),
      ['ok'],
    );
  });

  it('kills the run in progress when the grace period is over', async () => {
    const clock = new JumpClock(at('2026-03-01T10:30:00Z'));
    const stop = new AbortController();
    const runner: SlotRunner = {
      async run(slotTs, kill) {
        stop.abort();
        await delay(5000, kill);
        const t = clock.now();
        return {
          slotTs,
          status: kill.aborted ? 'killed' : 'ok',
          startedAt: t,
          finishedAt: t,
          exitCode: null,
          signal: 'SIGTERM',
        };
      },
    };
    const { s } = scheduler({ clock, runner, graceMs: 50, lastSlot: async () => null });
    const started = Date.now();
    await s.run(stop.signal);
    assert.ok(Date.now() - started < 2000);
    assert.deepEqual(
      s.outcomes.map((o) => o.status),
      ['killed'],
    );
  });
});

describe('Scheduler, runs that overrun the next slot', () => {
  it('runs the overrun slot late instead of skipping it, and only the latest one', async () => {
    const clock = new JumpClock(at('2026-03-01T10:59:00Z'));
    const stop = new AbortController();
    const seen: string[] = [];
    // The catch-up run of 10:00 lasts until 12:30 (past 11:00 and 12:00); later runs take no time.
    const runner: SlotRunner = {
      async run(slotTs) {
        seen.push(iso(slotTs));
        if (seen.length === 1) clock.t = at('2026-03-01T12:30:00Z');
        if (seen.length === 3) stop.abort();
        return { slotTs, status: 'ok', startedAt: 0, finishedAt: 0, exitCode: 0, signal: null };
      },
    };
    const { s, log } = scheduler({ clock, runner, lastSlot: async () => at('2026-03-01T09:00:00Z') });
    await s.run(stop.signal);
    assert.deepEqual(seen, [
      '2026-03-01T10:00:00.000Z',
      '2026-03-01T12:00:00.000Z',
      '2026-03-01T13:00:00.000Z',
    ]);
    const late = log.entries.filter((e) => e.operation === 'late');
    assert.equal(late.length, 1);
    assert.equal(late[0]!.data?.slot, '2026-03-01T12:00:00.000Z');
  });
});
