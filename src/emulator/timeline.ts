import { createHash } from 'node:crypto';
import { hashId } from './random.ts';
import type { ScenarioEvent } from './scenario.ts';

/** A scenario event placed on the timeline: its time in ms, a stable id and its statuses over time. */
export type TimedEvent = ScenarioEvent & {
  atMs: number;
  seq: number;
  eventId: string;
  statusTimes: [number, string | number][];
};

/** Default statuses when the scenario gives none: the item settles at once. */
function defaultStatuses(e: ScenarioEvent): [string, string | number][] {
  switch (e.type) {
    case 'deposit':
      return [[e.at, 1]];
    case 'withdrawal':
      return [[e.at, 6]];
    case 'fiatDeposit':
    case 'fiatWithdrawal':
      return [[e.at, 'Successful']];
    case 'fiatPayment':
      return [[e.at, 'Completed']];
    default:
      return [];
  }
}

function idDigits(e: ScenarioEvent): number {
  switch (e.type) {
    case 'withdrawal':
    case 'fiatDeposit':
    case 'fiatWithdrawal':
    case 'fiatPayment':
      return 0;
    case 'deposit':
      return 18;
    default:
      return 11;
  }
}

/** Ids are derived from the event's own content and its position, so they never change between runs. */
function stableId(e: ScenarioEvent, seq: number): string {
  const text = `${seq}|${JSON.stringify(e)}`;
  const digits = idDigits(e);
  if (digits > 0) return hashId(text, digits);
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

export function placeEvents(events: ScenarioEvent[], firstSeq: number): TimedEvent[] {
  return events.map((e, i) => {
    const seq = firstSeq + i;
    const given = 'statuses' in e ? (e.statuses as [string, string | number][] | undefined) : undefined;
    const statuses = given ?? defaultStatuses(e);
    const statusTimes = statuses
      .map(([t, s]): [number, string | number] => [Date.parse(t), s])
      .sort((a, b) => a[0] - b[0]);
    const id = 'id' in e && e.id ? e.id : stableId(e, seq);
    return { ...e, atMs: Date.parse(e.at), seq, eventId: id, statusTimes };
  });
}

/** The status an item shows at time t (undefined before its first status). */
export function statusAt(e: TimedEvent, t: number): string | number | undefined {
  let current: string | number | undefined;
  for (const [time, s] of e.statusTimes) if (time <= t) current = s;
  return current;
}

/** When the item first reached one of the given statuses (undefined if it never does). */
export function firstReached(e: TimedEvent, statuses: (string | number)[]): number | undefined {
  return e.statusTimes.find(([, s]) => statuses.includes(s))?.[0];
}

/** The time of the item's latest status change visible at t. */
export function lastChangeAt(e: TimedEvent, t: number): number {
  let last = e.atMs;
  for (const [time] of e.statusTimes) if (time <= t) last = Math.max(last, time);
  return last;
}
