/**
 * Request-weight limits per fixed one-minute window of REAL time (not the scenario clock): advancing the scenario
 * clock by days in a test must not reset the weight a client has used, just as it would not on Binance.
 */

export type Family = 'api' | 'sapi' | 'fapi' | 'dapi';

export interface LimitConfig {
  api: number;
  sapiIp: number;
  sapiUid: number;
  fapi: number;
  dapi: number;
}

export const DEFAULT_LIMITS: LimitConfig = {
  api: 6000,
  sapiIp: 12000,
  sapiUid: 180000,
  fapi: 2400,
  dapi: 2400,
};

const MINUTE = 60_000;
const BAN_START_MS = 120_000;
const BAN_MAX_MS = 3 * 86_400_000;

interface Bucket {
  window: number;
  used: number;
  warned: boolean;
}

export type LimitVerdict =
  | { kind: 'ok'; used: number }
  | { kind: 'limited'; used: number; retryAfterSec: number }
  | { kind: 'banned'; used: number; retryAfterSec: number; until: number };

/** Bans cover a whole host: /api and /sapi share api.binance.com; fapi and dapi are hosts of their own. */
function banScope(family: Family): string {
  return family === 'sapi' ? 'api' : family;
}

export class WeightLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly bans = new Map<string, { until: number; count: number }>();
  readonly config: LimitConfig;
  readonly enforce: boolean;
  private readonly realNow: () => number;

  constructor(config: LimitConfig, enforce: boolean, realNow: () => number = Date.now) {
    this.config = config;
    this.enforce = enforce;
    this.realNow = realNow;
  }

  /** Currently banned host for this IP, if any. */
  ban(ip: string, family: Family): LimitVerdict | null {
    if (!this.enforce) return null;
    const ban = this.bans.get(`${ip}|${banScope(family)}`);
    const now = this.realNow();
    if (!ban || ban.until <= now) return null;
    return { kind: 'banned', used: 0, retryAfterSec: Math.ceil((ban.until - now) / 1000), until: ban.until };
  }

  /**
   * Spend weight in a bucket. Over the limit: the first time in a window 429; continuing while still limited earns an
   * IP ban (418) of 2 minutes, doubling with each ban up to 3 days. UID limits only ever answer 429.
   */
  spend(
    key: string,
    weight: number,
    limit: number,
    ban: { ip: string; family: Family } | null,
  ): LimitVerdict {
    const now = this.realNow();
    const window = Math.floor(now / MINUTE) * MINUTE;
    let b = this.buckets.get(key);
    if (!b || b.window !== window) {
      b = { window, used: 0, warned: false };
      this.buckets.set(key, b);
    }
    b.used += weight;
    if (!this.enforce || b.used <= limit) return { kind: 'ok', used: b.used };
    const retryAfterSec = Math.max(1, Math.ceil((window + MINUTE - now) / 1000));
    if (!ban || !b.warned) {
      b.warned = true;
      return { kind: 'limited', used: b.used, retryAfterSec };
    }
    const scope = `${ban.ip}|${banScope(ban.family)}`;
    const prev = this.bans.get(scope);
    const length = Math.min(BAN_MAX_MS, prev ? BAN_START_MS * 2 ** prev.count : BAN_START_MS);
    const until = now + length;
    this.bans.set(scope, { until, count: (prev?.count ?? 0) + 1 });
    return { kind: 'banned', used: b.used, retryAfterSec: Math.ceil(length / 1000), until };
  }

  used(key: string): number {
    const b = this.buckets.get(key);
    const window = Math.floor(this.realNow() / MINUTE) * MINUTE;
    return b && b.window === window ? b.used : 0;
  }

  reset(): void {
    this.buckets.clear();
    this.bans.clear();
  }
}
