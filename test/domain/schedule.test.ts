import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rebalanceTimes, ScheduleError, slotOf } from '../../src/domain/schedule.ts';

const iso = (times: number[]) => times.map((t) => new Date(t).toISOString());
const at = (text: string) => Date.parse(text);

describe('slots', () => {
  it('an instant belongs to the top of its UTC hour', () => {
    assert.equal(slotOf(at('2026-11-23T22:37:12.345Z')), at('2026-11-23T22:00:00Z'));
    assert.equal(slotOf(at('2026-11-23T22:00:00Z')), at('2026-11-23T22:00:00Z'));
    assert.equal(slotOf(at('2026-11-23T22:59:59.999Z')), at('2026-11-23T22:00:00Z'));
  });
});

describe('rebalance times, within (from, to]', () => {
  it('none never rebalances', () => {
    assert.deepEqual(rebalanceTimes('none', at('2026-01-01T00:00:00Z'), at('2027-01-01T00:00:00Z')), []);
  });

  it('daily at 00:00 UTC; the start instant itself is excluded, the end included', () => {
    assert.deepEqual(iso(rebalanceTimes('daily', at('2026-11-24T00:00:00Z'), at('2026-11-26T00:00:00Z'))), [
      '2026-11-25T00:00:00.000Z',
      '2026-11-26T00:00:00.000Z',
    ]);
    assert.deepEqual(iso(rebalanceTimes('daily', at('2026-11-23T22:00:00Z'), at('2026-11-24T23:00:00Z'))), [
      '2026-11-24T00:00:00.000Z',
    ]);
  });

  it('weekly on Monday 17:00 UTC (2026-11-23 and 2026-11-30 are Mondays)', () => {
    assert.deepEqual(iso(rebalanceTimes('weekly', at('2026-11-20T12:00:00Z'), at('2026-12-07T16:59:59Z'))), [
      '2026-11-23T17:00:00.000Z',
      '2026-11-30T17:00:00.000Z',
    ]);
    // Starting exactly at a Monday 17:00: the next one is a week later.
    assert.deepEqual(iso(rebalanceTimes('weekly', at('2026-11-23T17:00:00Z'), at('2026-11-30T17:00:00Z'))), [
      '2026-11-30T17:00:00.000Z',
    ]);
    // Monday 16:00 → 17:00 the same day.
    assert.deepEqual(iso(rebalanceTimes('weekly', at('2026-11-23T16:00:00Z'), at('2026-11-23T18:00:00Z'))), [
      '2026-11-23T17:00:00.000Z',
    ]);
  });

  it('monthly on the 1st at 00:00 UTC, across a year end and a leap February', () => {
    assert.deepEqual(iso(rebalanceTimes('monthly', at('2027-11-15T05:00:00Z'), at('2028-03-01T00:00:00Z'))), [
      '2027-12-01T00:00:00.000Z',
      '2028-01-01T00:00:00.000Z',
      '2028-02-01T00:00:00.000Z',
      '2028-03-01T00:00:00.000Z',
    ]);
    assert.deepEqual(rebalanceTimes('monthly', at('2026-12-01T00:00:00Z'), at('2026-12-31T23:00:00Z')), []);
  });

  it('an empty or reversed range has no times; a non-finite one is an error', () => {
    assert.deepEqual(rebalanceTimes('daily', at('2026-11-24T00:00:00Z'), at('2026-11-24T00:00:00Z')), []);
    assert.deepEqual(rebalanceTimes('daily', at('2026-11-25T00:00:00Z'), at('2026-11-24T00:00:00Z')), []);
    assert.throws(() => rebalanceTimes('daily', 0, Number.NaN), ScheduleError);
  });

  it('an unknown rule is an error', () => {
    assert.throws(() => rebalanceTimes('hourly' as 'daily', 0, 86_400_000), ScheduleError);
  });
});
