import type { Json } from '../json.ts';
import type { TimedEvent } from '../timeline.ts';
import { accountOf, DAY, intParam, type RouteContext } from './types.ts';

export type Of<T extends TimedEvent['type']> = Extract<TimedEvent, { type: T }>;

/** The account's events of some types that exist at the request's instant (at <= now). */
export function visible<T extends TimedEvent['type']>(ctx: RouteContext, ...types: T[]): Of<T>[] {
  const a = accountOf(ctx);
  return a.events.filter((e): e is Of<T> => (types as string[]).includes(e.type) && e.atMs <= ctx.now);
}

export const newestFirst = (a: TimedEvent, b: TimedEvent) => b.atMs - a.atMs || b.seq - a.seq;

export const inRange = (t: number, w: { start: number; end: number }) => t >= w.start && t <= w.end;

export function offsetPage<T>(ctx: RouteContext, rows: T[], maxLimit: number, fallback: number): T[] {
  const offset = intParam(ctx.params, 'offset', { min: 0, fallback: 0 })!;
  const limit = intParam(ctx.params, 'limit', { min: 1, max: maxLimit, fallback })!;
  return rows.slice(offset, offset + limit);
}

export function envelope(data: Json[], extra: Record<string, Json> = {}): Json {
  return { code: '000000', message: 'success', data, ...extra, success: true };
}

export const NINETY_DAYS = 90 * DAY;
