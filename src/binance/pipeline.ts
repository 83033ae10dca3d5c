import type { z } from 'zod';
import { attempt } from './attempt.ts';
import type { RequestContext } from './context.ts';
import type { Endpoint } from './endpoints.ts';
import { type BinanceError, RateLimitError } from './errors.ts';
import type { Params } from './query.ts';
import { backoffDelay, pause } from './retry.ts';

/**
 * One request with the retry rules:
 * - -1021 (timestamp outside recvWindow): re-sync the clock and send again, once;
 * - 5xx, connection failures and timeouts: read-only requests retried with backoff, bounded in tries and time;
 * - a malformed JSON body on a success status: retried once (a truncated body is a transport accident);
 * - 429: a read-only request waits out Retry-After and tries again if that fits in the time budget;
 * - 418 and every other 4xx: never retried.
 * The error thrown at the end is the last try's, with the number of tries.
 */
export async function send<S extends z.ZodType>(
  ctx: RequestContext,
  endpoint: Endpoint,
  params: Params,
  schema: S,
  signal?: AbortSignal,
): Promise<z.output<S>> {
  const startedAt = Date.now();
  let tries = 0;
  let resynced = false;
  let malformedRetried = false;
  for (;;) {
    tries += 1;
    const result = await attempt(ctx, endpoint, params, schema, signal);
    if (result.ok) return result.value;

    const { error, retry } = result;
    if (retry === 'clock' && !resynced) {
      resynced = true;
      await ctx.clock.sync(ctx.readServerTime, signal);
      continue;
    }
    const mayRetry = endpoint.readOnly && tries < ctx.retry.tries;
    const elapsed = Date.now() - startedAt;
    let waitMs: number | undefined;
    if (mayRetry && retry === 'transient') waitMs = backoffDelay(ctx.retry, tries);
    if (mayRetry && retry === 'malformed' && !malformedRetried) {
      malformedRetried = true;
      waitMs = backoffDelay(ctx.retry, tries);
    }
    // The limiter holds the bucket until Retry-After has passed; the next try waits there.
    if (mayRetry && retry === 'rateLimited' && error instanceof RateLimitError) waitMs = error.retryAfterMs;
    if (waitMs === undefined || elapsed + waitMs > ctx.retry.totalMs) throw withTries(error, tries);
    if (retry !== 'rateLimited') await pause(waitMs, signal);
  }
}

function withTries(error: BinanceError, tries: number): BinanceError {
  if (tries > 1) {
    error.attempts = tries;
    error.message = `${error.message} after ${tries} tries`;
  }
  return error;
}
