import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dailyReturns, dailyRiskFree, maxDrawdown, relativeStats, riskStats } from '../../src/domain/risk.ts';

const D0 = Date.UTC(2026, 0, 1);
const H = 3600_000;
const DAY = 24 * H;

function close(actual: number | null | undefined, expected: number, tol = 1e-12): void {
  assert.ok(actual !== null && actual !== undefined, `expected ${expected}, got ${actual}`);
  assert.ok(Math.abs(actual - expected) <= tol, `expected ${expected}, got ${actual}`);
}

describe('daily returns', () => {
  it('sample the index at each UTC midnight from the last point at or before it', () => {
    // points at 00:00 (1), 12:00 (1.5), 23:00 (1.1), next day 01:00 (2), 24:00 (2.2)
    const ts = [D0, D0 + 12 * H, D0 + 23 * H, D0 + 25 * H, D0 + 2 * DAY];
    const index = [1, 1.5, 1.1, 2, 2.2];
    const d = dailyReturns(ts, index, D0, D0 + 2 * DAY);
    // day 1 ends at midnight D0+1d: last point at or before is 23:00 → 1.1/1 − 1 = 0.1
    // day 2 ends at b = D0+2d: 2.2/1.1 − 1 = 1
    assert.deepEqual(d.ends, [D0 + DAY, D0 + 2 * DAY]);
    close(d.returns[0], 0.1);
    close(d.returns[1], 1);
  });

  it('a partial first or last day is not a daily return', () => {
    // points at 10:00 (1), 20:00 (1.2), next day 06:00 (1.32), 3rd day 00:00 (1.5), 3rd day 06:00 (1.65)
    const ts = [D0 + 10 * H, D0 + 20 * H, D0 + 30 * H, D0 + 2 * DAY, D0 + 54 * H];
    const index = [1, 1.2, 1.32, 1.5, 1.65];
    // whole days in [10:00, day 3 06:00]: only day 2, from midnight (1.2, the 20:00 value) to midnight (1.5)
    const d = dailyReturns(ts, index, D0 + 10 * H, D0 + 54 * H);
    assert.deepEqual(d.ends, [D0 + 2 * DAY]);
    close(d.returns[0], 1.5 / 1.2 - 1);
    // a range inside one day, or across a single midnight, has no whole day
    assert.equal(dailyReturns(ts, index, D0 + 10 * H, D0 + 20 * H).returns.length, 0);
    assert.equal(dailyReturns(ts, index, D0 + 20 * H, D0 + 30 * H).returns.length, 0);
  });

  it('a gap repeats the last known value: zero for the missing days, the move on the day data returns', () => {
    const ts = [D0, D0 + 3 * DAY];
    const d = dailyReturns(ts, [1, 1.3], D0, D0 + 3 * DAY);
    assert.deepEqual(Array.from(d.returns), [0, 0, 0.30000000000000004]);
  });

  it('no range, no days', () => {
    assert.equal(dailyReturns([D0], [1], D0, D0).returns.length, 0);
  });
});

describe('max drawdown', () => {
  it('finds the deepest fall from a running peak and its recovery', () => {
    // 1 → 1.2 (peak) → 0.9 (−25 %) → 1.1 → 1.2 (recovered) → 1.0 (−16.7 %, smaller)
    const ts = [1, 2, 3, 4, 5, 6];
    const dd = maxDrawdown(ts, [1, 1.2, 0.9, 1.1, 1.2, 1.0], 0, 5);
    close(dd.max_drawdown, 0.9 / 1.2 - 1);
    assert.deepEqual([dd.max_drawdown_peak, dd.max_drawdown_trough, dd.max_drawdown_recovery], [2, 3, 5]);
  });

  it('is 0 with null instants for a rising index, null for a single point', () => {
    assert.deepEqual(maxDrawdown([1, 2], [1, 1.1], 0, 1), {
      max_drawdown: 0,
      max_drawdown_peak: null,
      max_drawdown_trough: null,
      max_drawdown_recovery: null,
    });
    assert.equal(maxDrawdown([1], [1], 0, 0).max_drawdown, null);
  });

  it('only looks inside the range', () => {
    // the fall from 2 to 1 lies before the range starting at position 2
    const dd = maxDrawdown([1, 2, 3, 4], [2, 1, 1.1, 1.0], 2, 3);
    close(dd.max_drawdown, 1.0 / 1.1 - 1);
  });
});

describe('risk statistics', () => {
  it('undefined statistics are null, not NaN or Infinity', () => {
    const flat = { ends: [1, 2, 3], returns: Float64Array.from([0.01, 0.01, 0.01]) };
    const s = riskStats(flat, 0);
    // stdev 0 → Sharpe undefined; no day below 0 → downside deviation 0 → Sortino undefined
    close(s.volatility, 0);
    assert.equal(s.sharpe, null);
    assert.equal(s.sortino, null);
    const rel = relativeStats(flat, flat);
    close(rel.tracking_error, 0);
    assert.equal(rel.information_ratio, null);
    assert.equal(rel.beta, null);
  });

  it('relative statistics need the same day grid', () => {
    const p = { ends: [1, 2, 3], returns: Float64Array.from([0.01, 0.02, -0.01]) };
    const b = { ends: [1, 2, 4], returns: Float64Array.from([0.01, 0.02, -0.01]) };
    assert.equal(relativeStats(p, b).beta, null);
    close(relativeStats(p, p).beta, 1);
  });

  it('daily risk-free equivalent compounds to the annual rate', () => {
    close((1 + dailyRiskFree(0.05)) ** 365, 1.05);
    assert.equal(dailyRiskFree(0), 0);
  });
});
