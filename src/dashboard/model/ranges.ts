/** Turns a validated range query into instants: a named period ending now, or an explicit from/to. */
import { resolvePeriod } from '../../domain/periods.ts';
import type { RangeView } from '../api-types.ts';
import type { RangeQuery } from '../validate.ts';

export const DEFAULT_RANGE = '30d';

export function resolveRange(q: RangeQuery, now: number, firstTs: number | null): RangeView {
  if (q.from !== undefined || q.to !== undefined) {
    return { name: 'custom', from: q.from ?? firstTs ?? 0, to: q.to ?? now };
  }
  const name = q.range ?? DEFAULT_RANGE;
  const r = resolvePeriod(name, now, firstTs ?? now);
  return { name, from: r.from, to: r.to };
}
