/**
 * Background warming: after a worker run every account's data version changes, and the first page view would
 * pay for reloading years of history. The server checks the versions periodically and reloads stale accounts
 * one at a time, yielding between them so requests keep being answered.
 */
import type { DashboardContext } from './context.ts';

const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function warmCaches(ctx: DashboardContext): Promise<void> {
  const versions = await ctx.versions();
  for (const v of versions) {
    if (v.lastTs === null || ctx.analytics.has(v.id, v.version)) continue;
    await ctx.analytics.get(v.id, v.version);
    await yieldToRequests();
  }
  if (versions.length > 1) await ctx.aggregate.get(versions);
}

/** Runs warmCaches now and every `everyMs`, never two at once; returns the function that stops it. */
export function keepWarm(ctx: DashboardContext, everyMs: number, onError: (err: Error) => void): () => void {
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    warmCaches(ctx)
      .catch((err: Error) => onError(err))
      .finally(() => {
        running = false;
      });
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  setImmediate(tick);
  return () => clearInterval(timer);
}
