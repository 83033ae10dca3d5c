import type { Clock } from './clock.ts';
import { delay } from './clock.ts';
import type { EventLog } from './events.ts';
import type { SlotSchedule } from './slots.ts';
import type { RunOutcome, SlotRunner } from './worker-runner.ts';

export interface SchedulerOptions {
  clock: Clock;
  slots: SlotSchedule;
  runner: SlotRunner;
  /** The latest slot a run is known for (worker_runs / nav_history), or null on a fresh store. */
  lastSlot: () => Promise<number | null>;
  /** On stop, how long a run in progress may take to finish before it is killed. */
  graceMs: number;
  log: EventLog;
  /** Called after every run (alerts, bookkeeping); its failures are logged, never stop the loop. */
  afterRun?: (outcome: RunOutcome) => Promise<void>;
}

const iso = (ts: number) => new Date(ts).toISOString();

/** A slot started this long after its time is reported as late. */
const LATE_MS = 5000;
const KEPT_OUTCOMES = 100;

/**
 * Waits for each slot of the schedule and runs the worker for it, one run at a time. When the latest slot has
 * no run yet (at start after downtime, or because the previous run went past it) it is run at once; only that
 * one, since collecting reads the present and older slots cannot be recovered. A failed run never stops the loop.
 */
export class Scheduler {
  readonly #o: SchedulerOptions;
  /** The latest outcomes, newest last (a bounded window: the store keeps the history). */
  readonly outcomes: RunOutcome[] = [];

  constructor(opts: SchedulerOptions) {
    this.#o = opts;
  }

  /** Runs until `stop` aborts; then lets a run in progress finish within the grace period. */
  async run(stop: AbortSignal): Promise<void> {
    const { clock, slots, log } = this.#o;
    let last = await this.#o.lastSlot();
    let atStart = true;
    while (!stop.aborted) {
      const due = slots.latestAtOrBefore(clock.now());
      if (due !== null && (last === null || due > last)) {
        if (atStart) {
          log.event('info', 'catch_up', `slot ${iso(due)} was missed; running it now`, {
            slot: iso(due),
            lastSlot: last === null ? null : iso(last),
          });
        } else if (clock.now() - due > LATE_MS) {
          log.event('warn', 'late', `slot ${iso(due)} starts late: the previous run went past it`, {
            slot: iso(due),
            lateMs: clock.now() - due,
          });
        }
        atStart = false;
        await this.#runSlot(due, stop);
        last = due;
        continue;
      }
      atStart = false;
      const next = slots.nextAfter(Math.max(clock.now(), last ?? Number.NEGATIVE_INFINITY));
      if (next === null) {
        log.event('warn', 'schedule_end', `the schedule "${slots.expression}" has no further slot`);
        return;
      }
      log.event('debug', 'wait', `next slot ${iso(next)}`, { slot: iso(next) });
      await clock.sleepUntil(next, stop);
    }
  }

  async #runSlot(slotTs: number, stop: AbortSignal): Promise<void> {
    const { log, runner, graceMs } = this.#o;
    log.event('info', 'run_start', `worker run for slot ${iso(slotTs)}`, { slot: iso(slotTs) });
    const kill = new AbortController();
    const graceOver = new AbortController();
    const onStop = () => {
      log.event('info', 'grace', `stopping: the run in progress has ${graceMs} ms to finish`, {
        slot: iso(slotTs),
      });
      void delay(graceMs, graceOver.signal).then(() => {
        if (!graceOver.signal.aborted) kill.abort();
      });
    };
    if (stop.aborted) onStop();
    else stop.addEventListener('abort', onStop, { once: true });
    let outcome: RunOutcome;
    try {
      outcome = await runner.run(slotTs, kill.signal);
    } catch (err) {
      const now = this.#o.clock.now();
      outcome = {
        slotTs,
        status: 'failed',
        startedAt: now,
        finishedAt: now,
        exitCode: null,
        signal: null,
        detail: `could not run the worker: ${(err as Error).message}`,
      };
    } finally {
      stop.removeEventListener('abort', onStop);
      graceOver.abort();
    }
    this.outcomes.push(outcome);
    if (this.outcomes.length > KEPT_OUTCOMES) this.outcomes.shift();
    this.#logOutcome(outcome);
    if (this.#o.afterRun) {
      try {
        await this.#o.afterRun(outcome);
      } catch (err) {
        log.event('error', 'after_run', `after-run checks failed: ${(err as Error).message}`);
      }
    }
  }

  #logOutcome(o: RunOutcome): void {
    const data = {
      slot: iso(o.slotTs),
      status: o.status,
      durationMs: o.finishedAt - o.startedAt,
      exitCode: o.exitCode,
      signal: o.signal,
      ...(o.detail ? { detail: o.detail } : {}),
    };
    const level = o.status === 'ok' ? 'info' : 'error';
    const words: Record<RunOutcome['status'], string> = {
      ok: 'finished',
      failed: 'failed',
      timeout: 'timed out',
      killed: 'was killed at shutdown',
    };
    const detail = o.detail ? `: ${o.detail}` : '';
    this.#o.log.event(
      level,
      `run_${o.status}`,
      `worker run for slot ${iso(o.slotTs)} ${words[o.status]}${detail}`,
      data,
    );
  }
}
