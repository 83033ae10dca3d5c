import { isTransientError, SecretKeyError, StoreError } from './errors.ts';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  tries: number;
  /** First back-off; doubles per attempt, with jitter. */
  baseMs: number;
}

/** Five attempts, back-offs of about 0.1, 0.2, 0.4 and 0.8 s: under 2 s of waiting in the worst case. */
export const DEFAULT_RETRY: RetryPolicy = { tries: 5, baseMs: 100 };

/**
 * Runs `work`, retrying transient failures with exponential back-off and jitter; anything else, or the last
 * transient failure, surfaces as a StoreError naming `purpose`.
 */
export async function withRetry<T>(
  purpose: string,
  work: () => Promise<T>,
  policy: RetryPolicy,
  wrap: (purpose: string, err: unknown) => Error = toStoreError,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      const transient = isTransientError(err);
      if (!transient || attempt >= policy.tries) throw wrap(purpose, err);
      await sleep(backoffMs(attempt, policy.baseMs));
    }
  }
}

/** Wraps an error once: a StoreError raised deeper keeps the purpose closest to the failing query. */
export function toStoreError(purpose: string, err: unknown): Error {
  return err instanceof StoreError || err instanceof SecretKeyError ? err : new StoreError(purpose, err);
}

/** Like toStoreError, but lets a caller's own exception (thrown inside a transaction) through unchanged. */
export function asStoreError(purpose: string, err: unknown): Error {
  if (err instanceof StoreError) return err;
  if (isDatabaseError(err)) return new StoreError(purpose, err);
  return err as Error;
}

/** Errors from the database layer, as opposed to a caller's own exception thrown inside a transaction. */
function isDatabaseError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return true;
  const e = err as { code?: unknown; errcode?: unknown; severity?: unknown };
  if (typeof e.errcode === 'number' || typeof e.severity === 'string' || typeof e.code === 'string')
    return true;
  return isTransientError(err);
}

function backoffMs(attempt: number, baseMs: number): number {
  const ceiling = baseMs * 2 ** (attempt - 1);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
