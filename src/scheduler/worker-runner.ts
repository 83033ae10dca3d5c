import { formatDuration } from '../config/duration.ts';
import { type ChildCommand, type StartChildOptions, startChild } from './child.ts';

export type RunStatus = 'ok' | 'failed' | 'timeout' | 'killed';

/** How one slot's worker run ended, as the scheduler logs it. */
export interface RunOutcome {
  slotTs: number;
  status: RunStatus;
  startedAt: number;
  finishedAt: number;
  exitCode: number | null;
  signal: string | null;
  pid?: number;
  /** Why it failed: the end of the child's stderr, or the timeout. */
  detail?: string;
}

/** Runs the worker for one slot. `kill` aborts when the run must end now (shutdown grace over). */
export interface SlotRunner {
  run(slotTs: number, kill: AbortSignal): Promise<RunOutcome>;
}

export interface ChildSlotRunnerOptions {
  /** The worker's command line for a slot, e.g. `node bin/bpm.js collect --at <ISO>`. */
  command: (slotTs: number) => ChildCommand;
  timeoutMs: number;
  /** After SIGTERM, how long before SIGKILL. */
  killAfterMs?: number;
  now?: () => number;
  childOptions?: StartChildOptions;
}

/** The worker as a child process with a time limit: past it SIGTERM, then SIGKILL, and the run is 'timeout'. */
export class ChildSlotRunner implements SlotRunner {
  readonly #opts: ChildSlotRunnerOptions;

  constructor(opts: ChildSlotRunnerOptions) {
    this.#opts = opts;
  }

  async run(slotTs: number, kill: AbortSignal): Promise<RunOutcome> {
    const now = this.#opts.now ?? Date.now;
    const killAfterMs = this.#opts.killAfterMs ?? 5000;
    const startedAt = now();
    const child = startChild(this.#opts.command(slotTs), { detached: true, ...this.#opts.childOptions });
    let ending: 'timeout' | 'killed' | null = null;
    const end = (why: 'timeout' | 'killed') => {
      if (ending) return;
      ending = why;
      void child.terminate(killAfterMs);
    };
    const timer = setTimeout(() => end('timeout'), this.#opts.timeoutMs);
    const onKill = () => end('killed');
    if (kill.aborted) onKill();
    else kill.addEventListener('abort', onKill, { once: true });
    const exit = await child.exited;
    clearTimeout(timer);
    kill.removeEventListener('abort', onKill);
    const finishedAt = now();
    const base = { slotTs, startedAt, finishedAt, exitCode: exit.code, signal: exit.signal, pid: child.pid };
    if (ending === 'timeout') {
      return {
        ...base,
        status: 'timeout',
        detail: `killed after the ${formatDuration(this.#opts.timeoutMs)} time limit`,
      };
    }
    if (ending === 'killed') return { ...base, status: 'killed', detail: 'killed at shutdown' };
    if (exit.code === 0) return { ...base, status: 'ok' };
    const how = exit.signal ? `ended by ${exit.signal}` : `exited with code ${exit.code}`;
    const tail = child.stderrTail();
    return { ...base, status: 'failed', detail: tail ? `${how}: ${tail}` : how };
  }
}
