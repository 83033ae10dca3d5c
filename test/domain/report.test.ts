import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeReport, type Report } from '../../src/domain/report.ts';
import type { BenchmarkPoint, NavPoint } from '../../src/domain/types.ts';

const T0 = Date.UTC(2026, 0, 1);
const H = 3600_000;
const DAY = 24 * H;

function nav(ts: number, value: string, status: NavPoint['status'] = 'complete'): NavPoint {
  return { ts, nav: value, benchmarkValue: null, status };
}

function bp(
  ts: number,
  before: string,
  after = before,
  kind: BenchmarkPoint['kind'] = 'snapshot',
): BenchmarkPoint {
  return { ts, kind, valueBefore: before, valueAfter: after, units: {} };
}

function close(actual: number | null, expected: number, tol = 1e-12): void {
  assert.ok(actual !== null, `expected ${expected}, got null`);
  assert.ok(Math.abs(actual - expected) <= tol, `expected ${expected}, got ${actual}`);
}

function assertNoNaN(r: Report): void {
  for (const [k, v] of Object.entries(r))
    assert.ok(!(typeof v === 'number' && !Number.isFinite(v)), `${k} = ${v}`);
}

const golden = {
  navs: [nav(T0, '1000'), nav(T0 + H, '1100'), nav(T0 + 2 * H, '1045')],
  flows: [{ ts: T0 + H / 2, usdValue: '50' }],
  benchmark: [
    bp(T0, '1000', '1000', 'start'),
    bp(T0 + H / 2, '1010', '1060', 'flow'),
    bp(T0 + H, '1070'),
    bp(T0 + 2 * H, '1016.5'),
  ],
};

describe('computeReport golden: a deposit, a benchmark with the same deposit', () => {
  const r = computeReport({ ...golden, from: T0, to: T0 + 2 * H });

  it('anchors and counts', () => {
    assert.equal(r.from, T0);
    assert.equal(r.to, T0 + 2 * H);
    assert.equal(r.points, 3);
    assert.deepEqual(r.flagged_periods, []);
  });

  it('exact amounts: profit = 1045 − 1000 − 50 = −5', () => {
    assert.equal(r.nav_start, '1000');
    assert.equal(r.nav, '1045');
    assert.equal(r.net_flows, '50');
    assert.equal(r.profit, '-5');
  });

  it('twr, benchmark, alpha', () => {
    // TWR = (1 + 50/1025)·(1045/1100) − 1 = 1075/1025 · 0.95 − 1 = −0.0036585365853...
    const twr = (1075 / 1025) * 0.95 - 1;
    close(r.twr, twr);
    // benchmark: 1010/1000 · 1070/1060 · 1016.5/1070 − 1 = 1.01 · 1016.5/1060 − 1 = −0.0314481132...
    const bench = (1.01 * 1016.5) / 1060 - 1;
    close(r.benchmark_twr, bench);
    // alpha = −0.0036585 − (−0.0314481) = +0.0277896 (percentage points as a fraction)
    close(r.alpha, twr - bench);
    close(r.relative_alpha, (1 + twr) / (1 + bench) - 1);
  });

  it('drawdown on the index: peak at t1 (1075/1025), trough at t2, −5 %', () => {
    close(r.max_drawdown, -0.05);
    assert.equal(r.max_drawdown_peak, T0 + H);
    assert.equal(r.max_drawdown_trough, T0 + 2 * H);
    assert.equal(r.max_drawdown_recovery, null);
  });

  it('mwr solves 1000·(1+r)^T + 50·(1+r)^Tc = 1045', () => {
    // T = 2 h in years; the deposit at 0.5 h has 1.5 h left to grow
    const year = 365 * DAY;
    const T = (2 * H) / year;
    const Tc = (1.5 * H) / year;
    assert.ok(r.mwr !== null);
    const lhs = 1000 * (1 + r.mwr) ** T + 50 * (1 + r.mwr) ** Tc;
    close(lhs, 1045, 1e-6);
  });

  it('a range inside one day has no whole day: no daily statistics, never NaN', () => {
    assert.equal(r.volatility, null);
    assert.equal(r.sharpe, null);
    assert.equal(r.best_day, null);
    assert.equal(r.best_day_at, null);
    assertNoNaN(r);
  });
});

describe('computeReport golden: daily risk statistics', () => {
  // NAV at midnights: 100, 110, 99, 108.9 → daily returns +0.10, −0.10, +0.10
  // benchmark:        100, 105, 94.5, 99.225 → +0.05, −0.10, +0.05
  const navs = [nav(T0, '100'), nav(T0 + DAY, '110'), nav(T0 + 2 * DAY, '99'), nav(T0 + 3 * DAY, '108.9')];
  const benchmark = [
    bp(T0, '100'),
    bp(T0 + DAY, '105'),
    bp(T0 + 2 * DAY, '94.5'),
    bp(T0 + 3 * DAY, '99.225'),
  ];
  const r = computeReport({ navs, flows: [], benchmark, from: T0, to: T0 + 3 * DAY });
  const s365 = Math.sqrt(365);

  it('volatility, Sharpe, Sortino', () => {
    // mean = 0.1/3; deviations 0.2/3, −0.4/3, 0.2/3; Σ² = 0.24/9; stdev = sqrt(0.24/9/2) = 0.1154700538...
    const sd = Math.sqrt(0.24 / 9 / 2);
    close(r.volatility, sd * s365);
    close(r.sharpe, (0.1 / 3 / sd) * s365);
    // downside deviation = sqrt((0 + 0.01 + 0)/3) = 0.0577350269...
    close(r.sortino, (0.1 / 3 / Math.sqrt(0.01 / 3)) * s365);
  });

  it('best and worst day, drawdown 99/110 − 1 = −10 % not recovered', () => {
    close(r.best_day, 0.1);
    assert.equal(r.best_day_at, T0 + DAY);
    close(r.worst_day, -0.1);
    assert.equal(r.worst_day_at, T0 + 2 * DAY);
    close(r.max_drawdown, -0.1);
    assert.equal(r.max_drawdown_recovery, null);
  });

  it('tracking error, information ratio and beta', () => {
    // active = 0.05, 0, 0.05: mean 0.1/3, deviations 0.05/3, −0.1/3, 0.05/3 → stdev sqrt(0.015/9/2)
    const te = Math.sqrt(0.015 / 9 / 2);
    close(r.tracking_error, te * s365);
    close(r.information_ratio, (0.1 / 3 / te) * s365);
    // cov(p, b) = (0.2/3·0.05 + 0.4/3·0.1 + 0.2/3·0.05)/2 = 0.01; var(b) = (0.0025 + 0.01 + 0.0025)/2 = 0.0075
    close(r.beta, 0.01 / 0.0075);
  });

  it('risk-free rate lowers Sharpe by the daily equivalent', () => {
    const rf = computeReport({ navs, flows: [], benchmark, from: T0, to: T0 + 3 * DAY, riskFreeRate: 0.05 });
    const rfd = 1.05 ** (1 / 365) - 1;
    const sd = Math.sqrt(0.24 / 9 / 2);
    close(rf.sharpe, ((0.1 / 3 - rfd) / sd) * s365);
  });

  it('recovery is the first point back at the peak', () => {
    const more = [...navs, nav(T0 + 4 * DAY, '110'), nav(T0 + 5 * DAY, '120')];
    const rr = computeReport({ navs: more, flows: [], benchmark: [], from: T0, to: T0 + 5 * DAY });
    assert.equal(rr.max_drawdown_peak, T0 + DAY);
    assert.equal(rr.max_drawdown_recovery, T0 + 4 * DAY);
    assert.equal(rr.benchmark_twr, null);
    assert.equal(rr.beta, null);
  });
});

describe('computeReport anchoring and edge cases', () => {
  it('the start is the last complete snapshot at or before from', () => {
    // from = 1.5 h → anchored at t1 (1100); to = 2.5 h → t2 (1045). Flows in (t1, t2]: none.
    const r = computeReport({ ...golden, from: T0 + 1.5 * H, to: T0 + 2.5 * H });
    assert.equal(r.from, T0 + H);
    assert.equal(r.to, T0 + 2 * H);
    assert.equal(r.profit, '-55');
    assert.equal(r.net_flows, '0');
    close(r.twr, -0.05);
  });

  it('a range before the history starts is anchored on the first snapshot', () => {
    const r = computeReport({ ...golden, from: T0 - 10 * DAY, to: T0 + 2 * H });
    assert.equal(r.from, T0);
  });

  it('a single snapshot gives nav and nulls, never NaN', () => {
    const r = computeReport({
      navs: [nav(T0, '42.5')],
      flows: [],
      benchmark: [],
      from: T0 - DAY,
      to: T0 + DAY,
    });
    assert.equal(r.points, 1);
    assert.equal(r.nav, '42.5');
    assert.equal(r.twr, null);
    assert.equal(r.profit, null);
    assert.equal(r.mwr, null);
    assert.equal(r.max_drawdown, null);
    assertNoNaN(r);
  });

  it('empty history and a range before every snapshot give an empty report', () => {
    const r = computeReport({ navs: [], flows: [], benchmark: [], from: T0, to: T0 + DAY });
    assert.equal(r.points, 0);
    assert.equal(r.nav, null);
    const before = computeReport({ ...golden, from: T0 - 2 * DAY, to: T0 - DAY });
    assert.equal(before.points, 0);
  });

  it('a zero-NAV start with a deposit exactly at the end flags the sub-period', () => {
    // (t0, t1]: V0 = 0, deposit 100 at t1: denominator 0 → r = 0, flagged
    const r = computeReport({
      navs: [nav(T0, '0'), nav(T0 + H, '100')],
      flows: [{ ts: T0 + H, usdValue: '100' }],
      benchmark: [],
      from: T0,
      to: T0 + H,
    });
    assert.deepEqual(r.flagged_periods, [{ start: T0, end: T0 + H }]);
    assert.equal(r.twr, 0);
    assert.equal(r.profit, '0');
    assertNoNaN(r);
  });

  it('exact decimals for amounts beyond float precision', () => {
    const r = computeReport({
      navs: [nav(T0, '1000000000.01'), nav(T0 + H, '1000000000.33')],
      flows: [{ ts: T0 + H / 2, usdValue: '0.1' }],
      benchmark: [],
      from: T0,
      to: T0 + H,
    });
    // 1000000000.33 − 1000000000.01 − 0.1 = 0.22 exactly
    assert.equal(r.profit, '0.22');
  });
});
