/**
 * Calendar rules in UTC. Rebalancing: daily at 00:00, weekly on Monday at 17:00, monthly on the 1st at 00:00.
 * Snapshots belong to the slot at the top of their hour.
 */
import type { EpochMs, RebalanceRule } from './types.ts';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;
/** 1970-01-05 was a Monday; Monday 17:00 UTC instants are this plus whole weeks. */
const FIRST_MONDAY_17H = 4 * DAY_MS + 17 * HOUR_MS;

export class ScheduleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScheduleError';
  }
}

/** The slot of an instant: the top of its UTC hour. */
export function slotOf(ts: EpochMs): EpochMs {
  return Math.floor(ts / HOUR_MS) * HOUR_MS;
}

/** Smallest `origin + k·period` strictly after `ts`. */
function nextOnGrid(ts: EpochMs, origin: EpochMs, period: number): EpochMs {
  return origin + (Math.floor((ts - origin) / period) + 1) * period;
}

function fixedPeriodTimes(origin: EpochMs, period: number, fromTs: EpochMs, toTs: EpochMs): EpochMs[] {
  const times: EpochMs[] = [];
  for (let t = nextOnGrid(fromTs, origin, period); t <= toTs; t += period) times.push(t);
  return times;
}

function monthStarts(fromTs: EpochMs, toTs: EpochMs): EpochMs[] {
  const from = new Date(fromTs);
  const year = from.getUTCFullYear();
  const times: EpochMs[] = [];
  // Date.UTC carries month numbers past 11 into later years.
  for (let month = from.getUTCMonth() + 1; Date.UTC(year, month, 1) <= toTs; month += 1) {
    times.push(Date.UTC(year, month, 1));
  }
  return times;
}

/** Scheduled rebalance instants R with fromTs < R ≤ toTs, ascending. */
export function rebalanceTimes(rule: RebalanceRule, fromTs: EpochMs, toTs: EpochMs): EpochMs[] {
  if (!Number.isFinite(fromTs) || !Number.isFinite(toTs)) {
    throw new ScheduleError(`Rebalance range must be finite instants, got ${fromTs}..${toTs}`);
  }
  if (toTs <= fromTs) return [];
  switch (rule) {
    case 'none':
      return [];
    case 'daily':
      return fixedPeriodTimes(0, DAY_MS, fromTs, toTs);
    case 'weekly':
      return fixedPeriodTimes(FIRST_MONDAY_17H, WEEK_MS, fromTs, toTs);
    case 'monthly':
      return monthStarts(fromTs, toTs);
    default:
      throw new ScheduleError(`Unknown rebalance rule: ${String(rule satisfies never)}`);
  }
}
