/**
 * Reporting periods and fee periods as UTC instant ranges. A range [from, to] is later anchored on snapshots:
 * its start is the last complete snapshot at or before `from` (report.ts).
 */

export const PERIOD_NAMES = ['24h', '7d', '30d', '90d', 'ytd', '1y', 'all'] as const;
export type PeriodName = (typeof PERIOD_NAMES)[number];

export interface Range {
  from: number;
  to: number;
}

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

export function isPeriodName(s: string): s is PeriodName {
  return (PERIOD_NAMES as readonly string[]).includes(s);
}

/**
 * The instant range of a named period ending at `now`. ytd starts on 1 January 00:00 UTC of now's year; 1y on
 * the same calendar instant one year earlier (29 February maps to 1 March); all starts at `firstTs`.
 */
export function resolvePeriod(name: PeriodName, now: number, firstTs: number): Range {
  switch (name) {
    case '24h':
      return { from: now - DAY, to: now };
    case '7d':
      return { from: now - 7 * DAY, to: now };
    case '30d':
      return { from: now - 30 * DAY, to: now };
    case '90d':
      return { from: now - 90 * DAY, to: now };
    case 'ytd':
      return { from: Date.UTC(new Date(now).getUTCFullYear(), 0, 1), to: now };
    case '1y': {
      const d = new Date(now);
      d.setUTCFullYear(d.getUTCFullYear() - 1);
      return { from: d.getTime(), to: now };
    }
    case 'all':
      return { from: Math.min(firstTs, now), to: now };
  }
}

/** UTC midnights m with from ≤ m ≤ to: the bounds of the whole UTC days inside a range. */
export function midnightsWithin(from: number, to: number): number[] {
  const out: number[] = [];
  for (let m = Math.ceil(from / DAY) * DAY; m <= to; m += DAY) out.push(m);
  return out;
}

export type FeePeriodKind = 'monthly' | 'quarterly' | 'yearly';

/** The start of the calendar fee period containing ts (UTC). */
export function feePeriodStart(kind: FeePeriodKind, ts: number): number {
  const d = new Date(ts);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  if (kind === 'monthly') return Date.UTC(y, m, 1);
  if (kind === 'quarterly') return Date.UTC(y, m - (m % 3), 1);
  return Date.UTC(y, 0, 1);
}

function nextPeriodStart(kind: FeePeriodKind, start: number): number {
  const d = new Date(start);
  const months = kind === 'monthly' ? 1 : kind === 'quarterly' ? 3 : 12;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1);
}

/**
 * The calendar fee periods [start, end) that have fully ended by `until`, beginning with the one containing
 * `firstTs`. Periods keep their calendar start (a stable key) even when the history begins inside the first.
 */
export function feePeriods(kind: FeePeriodKind, firstTs: number, until: number): Range[] {
  const out: Range[] = [];
  let start = feePeriodStart(kind, firstTs);
  for (;;) {
    const end = nextPeriodStart(kind, start);
    if (end > until) break;
    out.push({ from: start, to: end });
    start = end;
  }
  return out;
}

/** "2026-10" → October 2026 as [start, end); null when the text is not a YYYY-MM month. */
export function parseMonth(text: string): Range | null {
  const m = /^(\d{4})-(\d{2})$/.exec(text);
  if (!m) return null;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return null;
  const y = Number(m[1]);
  return { from: Date.UTC(y, month - 1, 1), to: Date.UTC(y, month, 1) };
}

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Strict ISO-8601 instant or date; dates and times without a zone are taken as UTC. Null when invalid. */
export function parseInstant(text: string): number | null {
  const m = INSTANT.exec(text);
  if (!m) return null;
  const [y, mo, d, h = 0, mi = 0, sec = 0] = m.slice(1, 7).map((x) => (x === undefined ? 0 : Number(x)));
  const ms = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0'));
  if (mo! < 1 || mo! > 12 || d! < 1 || h > 23 || mi > 59 || sec > 59) return null;
  const utc = Date.UTC(y!, mo! - 1, d!, h, mi, sec, ms);
  if (new Date(utc).getUTCDate() !== d) return null;
  return utc - zoneOffsetMs(m[8]);
}

function zoneOffsetMs(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
}
