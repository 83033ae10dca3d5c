import { Cron } from 'croner';

/** The slots of a cron expression in UTC: the instants a worker run belongs to. */
export class SlotSchedule {
  readonly expression: string;
  readonly #cron: Cron;

  constructor(expression: string) {
    this.expression = expression;
    this.#cron = new Cron(expression, { timezone: 'UTC', paused: true });
  }

  /** The first slot strictly after ts, or null when the expression has no future slot. */
  nextAfter(ts: number): number | null {
    return this.#cron.nextRun(new Date(ts))?.getTime() ?? null;
  }

  /** The latest slot at or before ts (the slot a run started at ts belongs to), or null if none. */
  latestAtOrBefore(ts: number): number | null {
    // previousRuns looks strictly before its reference; croner works in whole seconds.
    const [prev] = this.#cron.previousRuns(1, new Date(Math.floor(ts / 1000) * 1000 + 1000));
    return prev ? prev.getTime() : null;
  }
}
