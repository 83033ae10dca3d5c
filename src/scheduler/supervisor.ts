import { type ChildCommand, type StartChildOptions, type StartedChild, startChild } from './child.ts';
import { delay } from './clock.ts';
import type { EventLog } from './events.ts';

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /** A child that stayed up this long is considered healthy again: the next restart waits initialMs. */
  resetAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1000, maxMs: 60_000, resetAfterMs: 60_000 };

export interface SupervisorOptions {
  name: string;
  command: ChildCommand;
  log: EventLog;
  backoff?: BackoffPolicy;
  /** When stopping: SIGTERM, then SIGKILL after this long. */
  killAfterMs?: number;
  childOptions?: StartChildOptions;
  now?: () => number;
  /** Once aborted (the scheduler is shutting down), a child that ends is not started again. */
  shutdown?: AbortSignal;
}

/**
 * Keeps one child process alive (the dashboard): when it dies it is started again after a delay that doubles
 * with each quick crash, up to a ceiling, so a broken dashboard neither stops monitoring nor spins the CPU.
 */
export class Supervisor {
  readonly #o: SupervisorOptions;
  readonly #stopping = new AbortController();
  #child: StartedChild | null = null;
  #loop: Promise<void> | null = null;
  /** How many times the child was started again after dying. */
  restarts = 0;

  constructor(opts: SupervisorOptions) {
    this.#o = opts;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  start(): void {
    this.#loop ??= this.#keepAlive();
  }

  async #keepAlive(): Promise<void> {
    const { log, name } = this.#o;
    const backoff = this.#o.backoff ?? DEFAULT_BACKOFF;
    const now = this.#o.now ?? Date.now;
    let wait = backoff.initialMs;
    while (!this.#stopping.signal.aborted) {
      const startedAt = now();
      const child = startChild(this.#o.command, this.#o.childOptions);
      this.#child = child;
      log.event('info', `${name}_start`, `${name} started (pid ${child.pid})`, { childPid: child.pid });
      const exit = await child.exited;
      if (this.#stopping.signal.aborted) return;
      if (this.#o.shutdown?.aborted) {
        // A terminal's Ctrl-C reaches the whole process group: the child may end before it is told to.
        log.event('info', `${name}_end`, `${name} ended during shutdown; not started again`, {
          childPid: child.pid,
          exitCode: exit.code,
          signal: exit.signal,
        });
        return;
      }
      if (now() - startedAt >= backoff.resetAfterMs) wait = backoff.initialMs;
      const how = exit.signal ? `ended by ${exit.signal}` : `exited with code ${exit.code}`;
      const tail = child.stderrTail();
      log.event('error', `${name}_exit`, `${name} ${how}; starting it again in ${wait} ms`, {
        childPid: child.pid,
        exitCode: exit.code,
        signal: exit.signal,
        restartInMs: wait,
        ...(tail ? { stderr: tail.slice(-500) } : {}),
      });
      await delay(wait, this.#stopping.signal);
      wait = Math.min(wait * 2, backoff.maxMs);
      if (!this.#stopping.signal.aborted) this.restarts += 1;
    }
  }

  async stop(): Promise<void> {
    this.#stopping.abort();
    const child = this.#child;
    if (child) {
      const exit = await child.terminate(this.#o.killAfterMs ?? 5000);
      this.#o.log.event('info', `${this.#o.name}_stop`, `${this.#o.name} stopped`, {
        childPid: child.pid,
        exitCode: exit.code,
        signal: exit.signal,
      });
    }
    await this.#loop;
  }
}
