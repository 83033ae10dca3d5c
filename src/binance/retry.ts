import { setTimeout as sleep } from 'node:timers/promises';

export interface RetryPolicy {
  /** Sends of one request at most, the first included (default 3). */
  tries: number;
  /** No new try starts once this much time has passed since the first (default 30 s). */
  totalMs: number;
  /** First backoff; it doubles each try (default 200 ms). */
  baseDelayMs: number;
  /** Backoff ceiling (default 5 s). */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { tries: 3, totalMs: 30_000, baseDelayMs: 200, maxDelayMs: 5_000 };

/** Exponential backoff with jitter in [½·d, d], so parallel failures do not return in lockstep. */
export function backoffDelay(
  policy: RetryPolicy,
  failedTries: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedTries - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return;
  await sleep(ms, undefined, signal === undefined ? {} : { signal });
}
