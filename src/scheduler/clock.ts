/** Time as the scheduler sees it: injectable so tests can move through hours of slots in milliseconds. */
export interface Clock {
  now(): number;
  /** Resolves once now() >= ts, or as soon as the signal aborts (never rejects). */
  sleepUntil(ts: number, signal?: AbortSignal): Promise<void>;
}

/** Waits ms of real time; resolves early (never rejects) when the signal aborts. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Timers may fire a little early and hours-long timeouts drift: wake at most every minute and check again. */
const MAX_NAP_MS = 60_000;

export const systemClock: Clock = {
  now: () => Date.now(),
  async sleepUntil(ts, signal) {
    while (!signal?.aborted) {
      const left = ts - Date.now();
      if (left <= 0) return;
      await delay(Math.min(left, MAX_NAP_MS), signal);
    }
  },
};
