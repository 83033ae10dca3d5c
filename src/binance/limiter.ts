import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Request-weight throttle shared by every client of a process. IP limits are per IP, so one limiter must serve
 * all accounts; UID limits are per account and arrive here as separate buckets. Windows are aligned to the
 * wall-clock minute, as Binance counts them. A request waits BEFORE it is sent when its weight would push a
 * bucket over its limit, so normal operation never meets a 429.
 *
 * Check-and-reserve runs in one synchronous step, so any number of parallel callers cannot all pass the same
 * check: the second sees the first one's reservation.
 */

const MINUTE_MS = 60_000;

export interface WeightClaim {
  /** e.g. "https://api.binance.com|api", "https://api.binance.com|sapi-ip|/sapi/v1/margin/account" */
  bucket: string;
  /** The bucket's limit per minute. */
  limit: number;
  weight: number;
}

export interface BucketUsage {
  bucket: string;
  limit: number;
  /** Weight counted in the current minute: own requests when sent, raised to the server-reported figure. */
  used: number;
  minuteStart: number;
}

/** What acquire() reserved, in which minute. */
export interface Reservation {
  claims: readonly WeightClaim[];
  minute: number;
}

export interface WeightLimiter {
  /** Waits until every claim fits its bucket (and no cool-down is running), then counts them as sent. */
  acquire(claims: readonly WeightClaim[], signal?: AbortSignal): Promise<Reservation>;
  /** The request was answered; `reported` holds the server's used-weight headers per bucket. */
  settle(reservation: Reservation, reported: ReadonlyMap<string, number>): void;
  /** The request was never sent: give its weight back. */
  release(reservation: Reservation): void;
  /** After a 429: nothing more goes to these buckets until `until`. */
  coolDown(buckets: readonly string[], until: number): void;
  /** After a 418: nothing more goes to this host until `until`. */
  ban(hostKey: string, until: number): void;
  bannedUntil(hostKey: string): number | undefined;
  usage(): BucketUsage[];
}

export interface WeightLimiterOptions {
  /** Wall clock, epoch ms (tests shift it). */
  now?: () => number;
  /** Wait this long past the minute boundary, to absorb clock differences with Binance. */
  boundaryGuardMs?: number;
}

interface Bucket {
  limit: number;
  minute: number;
  used: number;
  coolUntil: number;
}

export function createWeightLimiter(options: WeightLimiterOptions = {}): WeightLimiter {
  const now = options.now ?? Date.now;
  const guardMs = options.boundaryGuardMs ?? 250;
  const buckets = new Map<string, Bucket>();
  const bans = new Map<string, number>();
  let wake = Promise.withResolvers<void>();

  function bucketOf(id: string, limit: number, at: number): Bucket {
    const minute = Math.floor(at / MINUTE_MS);
    let bucket = buckets.get(id);
    if (bucket === undefined) {
      bucket = { limit, minute, used: 0, coolUntil: 0 };
      buckets.set(id, bucket);
    }
    bucket.limit = limit;
    if (bucket.minute !== minute) {
      bucket.minute = minute;
      bucket.used = 0;
    }
    return bucket;
  }

  /** 0 when every claim fits now, else the instant worth re-checking at. */
  function blockedUntil(claims: readonly WeightClaim[], at: number): number {
    let until = 0;
    for (const claim of claims) {
      if (claim.weight > claim.limit) {
        throw new RangeError(
          `weight ${claim.weight} exceeds the whole limit ${claim.limit} of ${claim.bucket}`,
        );
      }
      const bucket = bucketOf(claim.bucket, claim.limit, at);
      if (bucket.coolUntil > at) until = Math.max(until, bucket.coolUntil);
      else if (bucket.used + claim.weight > claim.limit) {
        until = Math.max(until, (bucket.minute + 1) * MINUTE_MS + guardMs);
      }
    }
    return until;
  }

  function notify(): void {
    const current = wake;
    wake = Promise.withResolvers<void>();
    current.resolve();
  }

  return {
    async acquire(claims, signal) {
      for (;;) {
        signal?.throwIfAborted();
        const at = now();
        const until = blockedUntil(claims, at);
        if (until === 0) {
          // Binance counts a request when it arrives, so the weight counts from the moment it is sent.
          for (const claim of claims) bucketOf(claim.bucket, claim.limit, at).used += claim.weight;
          return { claims, minute: Math.floor(at / MINUTE_MS) };
        }
        // A released reservation may free room before the minute boundary.
        await waitFor(Math.max(1, until - at), wake.promise, signal);
      }
    },

    settle(reservation, reported) {
      const at = now();
      for (const claim of reservation.claims) {
        const bucket = bucketOf(claim.bucket, claim.limit, at);
        const serverUsed = reported.get(claim.bucket);
        // A figure from an earlier minute says nothing about this one.
        if (bucket.minute !== reservation.minute || serverUsed === undefined) continue;
        if (serverUsed > bucket.used) bucket.used = serverUsed;
      }
    },

    release(reservation) {
      const at = now();
      for (const claim of reservation.claims) {
        const bucket = bucketOf(claim.bucket, claim.limit, at);
        if (bucket.minute === reservation.minute) bucket.used = Math.max(0, bucket.used - claim.weight);
      }
      notify();
    },

    coolDown(ids, until) {
      const at = now();
      for (const id of ids) {
        const bucket = buckets.get(id) ?? bucketOf(id, Number.POSITIVE_INFINITY, at);
        bucket.coolUntil = Math.max(bucket.coolUntil, until);
      }
    },

    ban(hostKey, until) {
      bans.set(hostKey, Math.max(bans.get(hostKey) ?? 0, until));
    },

    bannedUntil(hostKey) {
      const until = bans.get(hostKey);
      if (until === undefined) return undefined;
      if (until <= now()) {
        bans.delete(hostKey);
        return undefined;
      }
      return until;
    },

    usage() {
      const at = now();
      return [...buckets.entries()].map(([bucket, state]) => {
        const current = bucketOf(bucket, state.limit, at);
        return {
          bucket,
          limit: current.limit,
          used: current.used,
          minuteStart: current.minute * MINUTE_MS,
        };
      });
    },
  };
}

/** Resolves after `ms` or when `early` settles, whichever comes first; never leaves a timer behind. */
async function waitFor(ms: number, early: Promise<void>, signal?: AbortSignal): Promise<void> {
  const timer = new AbortController();
  const timerSignal = signal === undefined ? timer.signal : AbortSignal.any([signal, timer.signal]);
  const elapsed = sleep(ms, undefined, { signal: timerSignal }).catch(() => undefined);
  try {
    await Promise.race([elapsed, early]);
  } finally {
    timer.abort();
  }
  signal?.throwIfAborted();
}
