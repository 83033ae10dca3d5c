import { ApiError, badParam } from '../errors.ts';
import type { Json } from '../json.ts';
import type { Family } from '../limits.ts';
import type { AccountRuntime, World } from '../world.ts';

export interface RouteContext {
  world: World;
  /** The emulator clock for this request (clock-skew faults included). */
  now: number;
  params: Map<string, string>;
  /** Set on signed endpoints (the key's account); null on public ones. */
  account: AccountRuntime | null;
}

export interface Route {
  method: 'GET' | 'POST';
  path: string;
  family: Family;
  /** IP-limited or UID-limited (sapi only). */
  limit: 'ip' | 'uid';
  weight: (params: Map<string, string>) => number;
  signed: boolean;
  handle(ctx: RouteContext): Json;
}

export function accountOf(ctx: RouteContext): AccountRuntime {
  if (!ctx.account) throw new ApiError(401, -2014, 'API-key format invalid.');
  return ctx.account;
}

export function intParam(
  params: Map<string, string>,
  name: string,
  opts: { min?: number; max?: number; fallback?: number } = {},
): number | undefined {
  const raw = params.get(name);
  if (raw === undefined || raw === '') return opts.fallback;
  if (!/^-?\d{1,16}$/.test(raw)) throw badParam(name);
  const n = Number(raw);
  if (opts.min !== undefined && n < opts.min)
    throw new ApiError(400, -1100, `Illegal value for parameter '${name}': below ${opts.min}.`);
  if (opts.max !== undefined && n > opts.max)
    throw new ApiError(400, -1100, `Illegal value for parameter '${name}': above ${opts.max}.`);
  return n;
}

export function requireParam(params: Map<string, string>, name: string): string {
  const v = params.get(name);
  if (v === undefined || v === '') throw badParam(name);
  return v;
}

export const DAY = 86_400_000;

/**
 * The [start, end] a history endpoint answers for. Neither given: the `fallbackDays` before now. One given: that
 * side plus the default length. A window longer than `maxMs` is refused with -1127 (Binance's wording).
 */
export function timeWindow(
  params: Map<string, string>,
  now: number,
  opts: { defaultMs: number; maxMs?: number; startName?: string; endName?: string; exclusiveMax?: boolean },
): { start: number; end: number } {
  const startName = opts.startName ?? 'startTime';
  const endName = opts.endName ?? 'endTime';
  const s = intParam(params, startName, { min: 0 });
  const e = intParam(params, endName, { min: 0 });
  let start: number;
  let end: number;
  if (s === undefined && e === undefined) {
    end = now;
    start = now - opts.defaultMs;
  } else if (s === undefined) {
    end = e!;
    start = end - opts.defaultMs;
  } else if (e === undefined) {
    start = s;
    end = Math.min(now, start + opts.defaultMs);
  } else {
    start = s;
    end = e;
  }
  if (start > end) throw new ApiError(400, -1128, `${startName} must be before ${endName}.`);
  if (opts.maxMs !== undefined) {
    const tooLong = opts.exclusiveMax ? end - start >= opts.maxMs : end - start > opts.maxMs;
    if (tooLong && (s !== undefined || e !== undefined)) {
      const days = Math.round(opts.maxMs / DAY);
      throw new ApiError(400, -1127, `More than ${days} days between ${startName} and ${endName}.`);
    }
  }
  return { start, end };
}

export function page<T>(rows: T[], offset: number, limit: number): T[] {
  return rows.slice(offset, offset + limit);
}

export function utcText(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}
