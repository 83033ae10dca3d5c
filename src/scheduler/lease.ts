import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { LockRepository } from '../store/index.ts';
import { delay } from './clock.ts';

export const SCHEDULER_LOCK = 'scheduler';

/** Another scheduler holds this store's lease. */
export class SchedulerLockedError extends Error {
  override name = 'SchedulerLockedError';
  readonly holder: string;
  readonly expiresAt: number | null;
  constructor(holder: string, expiresAt: number | null) {
    const h = describeHolder(holder);
    super(
      `another scheduler is already running on this store (pid ${h.pid} on host ${h.host}` +
        (expiresAt === null ? '' : `, lease valid until ${new Date(expiresAt).toISOString()}`) +
        '); stop it first, or wait for its lease to expire if it died',
    );
    this.holder = holder;
    this.expiresAt = expiresAt;
  }
}

/** Holder names read "host:pid:nonce", so a refused scheduler can say who is in the way. */
export function holderName(pid = process.pid, host = hostname()): string {
  return `${host}:${pid}:${randomBytes(4).toString('hex')}`;
}

export function describeHolder(holder: string): { host: string; pid: string } {
  const parts = holder.split(':');
  if (parts.length < 3) return { host: holder, pid: '?' };
  return { host: parts.slice(0, -2).join(':'), pid: parts[parts.length - 2]! };
}

export interface LeaseOptions {
  locks: LockRepository;
  holder?: string;
  ttlMs?: number;
  /** How often the lease is renewed; well inside ttlMs. */
  renewEveryMs?: number;
  now?: () => number;
  /** Called once if a renewal finds the lease taken by someone else, or keeps failing until it expired. */
  onLost?: (why: string) => void;
}

/**
 * One scheduler per store: a lease in the store's locks table, renewed in the background. A scheduler that dies
 * without releasing it blocks others only until the lease expires.
 */
export class SchedulerLease {
  readonly holder: string;
  readonly #o: LeaseOptions;
  readonly #ttlMs: number;
  readonly #stop = new AbortController();
  #renewing: Promise<void> | null = null;
  #validUntil = 0;

  private constructor(o: LeaseOptions, holder: string) {
    this.#o = o;
    this.holder = holder;
    this.#ttlMs = o.ttlMs ?? 60_000;
  }

  /** Takes the lease or throws SchedulerLockedError naming the current holder. */
  static async acquire(o: LeaseOptions): Promise<SchedulerLease> {
    const lease = new SchedulerLease(o, o.holder ?? holderName());
    const now = lease.#now();
    if (!(await o.locks.acquire(SCHEDULER_LOCK, lease.holder, lease.#ttlMs, now))) {
      const current = await o.locks.get(SCHEDULER_LOCK);
      throw new SchedulerLockedError(current?.holder ?? 'unknown', current?.expiresAt ?? null);
    }
    lease.#validUntil = now + lease.#ttlMs;
    lease.#renewing = lease.#renewLoop();
    return lease;
  }

  #now(): number {
    return (this.#o.now ?? Date.now)();
  }

  async #renewLoop(): Promise<void> {
    const every = this.#o.renewEveryMs ?? Math.floor(this.#ttlMs / 3);
    while (!this.#stop.signal.aborted) {
      await delay(every, this.#stop.signal);
      if (this.#stop.signal.aborted) return;
      const now = this.#now();
      let lost: string | null = null;
      try {
        if (await this.#o.locks.renew(SCHEDULER_LOCK, this.holder, this.#ttlMs, now)) {
          this.#validUntil = now + this.#ttlMs;
        } else {
          lost = 'the scheduler lease was taken over by another process';
        }
      } catch (err) {
        // A store hiccup is survivable while the lease is still valid; past its expiry it is not.
        if (now >= this.#validUntil) lost = `the scheduler lease expired: ${(err as Error).message}`;
      }
      if (lost) {
        this.#o.onLost?.(lost);
        return;
      }
    }
  }

  async release(): Promise<void> {
    this.#stop.abort();
    await this.#renewing;
    await this.#o.locks.release(SCHEDULER_LOCK, this.holder);
  }
}
