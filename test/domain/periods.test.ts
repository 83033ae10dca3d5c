import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  feePeriods,
  isPeriodName,
  midnightsWithin,
  parseInstant,
  parseMonth,
  resolvePeriod,
} from '../../src/domain/periods.ts';

const H = 3600_000;
const DAY = 24 * H;
const NOW = Date.UTC(2026, 10, 23, 22, 0);
const FIRST = Date.UTC(2024, 1, 29, 17, 0);

describe('resolvePeriod', () => {
  it('rolling windows end now', () => {
    assert.deepEqual(resolvePeriod('24h', NOW, FIRST), { from: NOW - DAY, to: NOW });
    assert.deepEqual(resolvePeriod('7d', NOW, FIRST), { from: NOW - 7 * DAY, to: NOW });
    assert.deepEqual(resolvePeriod('30d', NOW, FIRST), { from: NOW - 30 * DAY, to: NOW });
    assert.deepEqual(resolvePeriod('90d', NOW, FIRST), { from: NOW - 90 * DAY, to: NOW });
  });

  it('ytd starts on 1 January UTC, 1y on the same instant a year earlier, all at the first snapshot', () => {
    assert.equal(resolvePeriod('ytd', NOW, FIRST).from, Date.UTC(2026, 0, 1));
    assert.equal(resolvePeriod('1y', NOW, FIRST).from, Date.UTC(2025, 10, 23, 22, 0));
    assert.equal(resolvePeriod('1y', Date.UTC(2028, 1, 29), FIRST).from, Date.UTC(2027, 2, 1));
    assert.deepEqual(resolvePeriod('all', NOW, FIRST), { from: FIRST, to: NOW });
  });

  it('names', () => {
    assert.ok(isPeriodName('30d'));
    assert.ok(!isPeriodName('31d'));
  });
});

describe('midnights', () => {
  it('the UTC midnights in [from, to], both ends included', () => {
    const a = Date.UTC(2026, 0, 1, 10);
    assert.deepEqual(midnightsWithin(a, Date.UTC(2026, 0, 3)), [Date.UTC(2026, 0, 2), Date.UTC(2026, 0, 3)]);
    assert.deepEqual(midnightsWithin(Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 1, 23)), [Date.UTC(2026, 0, 1)]);
    assert.deepEqual(midnightsWithin(a, Date.UTC(2026, 0, 1, 23)), []);
  });
});

describe('fee periods', () => {
  it('monthly periods that have ended, from the calendar start of the first one', () => {
    const first = Date.UTC(2026, 0, 15, 9);
    assert.deepEqual(feePeriods('monthly', first, Date.UTC(2026, 2, 10)), [
      { from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 1, 1) },
      { from: Date.UTC(2026, 1, 1), to: Date.UTC(2026, 2, 1) },
    ]);
  });

  it('quarterly and yearly', () => {
    const first = Date.UTC(2025, 4, 2);
    assert.deepEqual(
      feePeriods('quarterly', first, Date.UTC(2026, 0, 1)).map((p) => p.to),
      [Date.UTC(2025, 6, 1), Date.UTC(2025, 9, 1), Date.UTC(2026, 0, 1)],
    );
    assert.deepEqual(feePeriods('yearly', first, Date.UTC(2025, 11, 31)), []);
  });
});

describe('parsing', () => {
  it('months', () => {
    assert.deepEqual(parseMonth('2026-10'), { from: Date.UTC(2026, 9, 1), to: Date.UTC(2026, 10, 1) });
    assert.equal(parseMonth('2026-13'), null);
    assert.equal(parseMonth('October'), null);
  });

  it('instants: dates and zone-less times are UTC; garbage and impossible dates are null', () => {
    assert.equal(parseInstant('2026-10-01'), Date.UTC(2026, 9, 1));
    assert.equal(parseInstant('2026-10-01T12:30'), Date.UTC(2026, 9, 1, 12, 30));
    assert.equal(parseInstant('2026-10-01T12:30:00+02:00'), Date.UTC(2026, 9, 1, 10, 30));
    assert.equal(parseInstant('2026-10-01T12:30:00.5Z'), Date.UTC(2026, 9, 1, 12, 30, 0, 500));
    assert.equal(parseInstant('yesterday'), null);
    assert.equal(parseInstant('2026-02-30'), null);
    assert.equal(parseInstant('2026-10-01T25:00'), null);
  });
});
