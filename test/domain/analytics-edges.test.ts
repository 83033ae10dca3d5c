/**
 * The analytics held against design.md §5 through the whole report, on hand-worked histories: flow-only hours,
 * flows inside an incomplete hour, missing hours, a range that must ignore what lies outside it, the XIRR sign
 * convention, and an account emptied and funded again.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeReport } from '../../src/domain/report.ts';
import { portfolioSeries, returnIndex } from '../../src/domain/returns.ts';
import type { FlowPoint, NavPoint } from '../../src/domain/types.ts';
import { YEAR_MS } from '../../src/domain/xirr.ts';

const T0 = Date.UTC(2026, 2, 2);
const H = 3600_000;

function nav(ts: number, value: string, status: NavPoint['status'] = 'complete'): NavPoint {
  return { ts, nav: value, benchmarkValue: null, status };
}

function close(actual: number | null | undefined, expected: number, tol = 1e-12): void {
  assert.ok(actual !== null && actual !== undefined, `expected ${expected}, got ${actual}`);
  assert.ok(Math.abs(actual - expected) <= tol, `expected ${expected}, got ${actual}`);
}

describe('a flow-only hour has a zero return, wherever the flow falls in it', () => {
  // 1000 → 1100 (+10 %), then an hour where only a flow moves NAV, then 1.05 on the result
  for (const [label, tau, c] of [
    ['just after the start', T0 + H + 1, 400],
    ['half way', T0 + H + H / 2, 400],
    ['at the closing snapshot', T0 + 2 * H, 400],
    ['a withdrawal', T0 + H + H / 4, -300],
  ] as const) {
    it(label, () => {
      const v2 = 1100 + c;
      const navs = [nav(T0, '1000'), nav(T0 + H, '1100'), nav(T0 + 2 * H, String(v2))];
      navs.push(nav(T0 + 3 * H, String(v2 * 1.05)));
      const idx = returnIndex(navs, [{ ts: tau, usdValue: String(c) }]);
      // (t1, t2]: (V2 − 1100 − c)/(…) = 0 → I2 = I1 = 1.1; then ×1.05
      close(idx[2]?.index, 1.1);
      close(idx[3]?.index, 1.1 * 1.05);
    });
  }
});

describe('incomplete snapshots and missing hours make one longer sub-period', () => {
  it('a flow dated exactly at an incomplete snapshot belongs to the merged period, weighted on its span', () => {
    // t1 incomplete; deposit 100 at τ = t1: merged (t0, t2] spans 2 h, w = (t2 − t1)/(t2 − t0) = 0.5
    // r = (1212 − 1000 − 100)/(1000 + 0.5·100) = 112/1050
    const s = portfolioSeries(
      [nav(T0, '1000'), nav(T0 + H, '1107', 'incomplete'), nav(T0 + 2 * H, '1212')],
      [{ ts: T0 + H, usdValue: '100' }],
    );
    assert.deepEqual(Array.from(s.ts), [T0, T0 + 2 * H]);
    close(s.index[1], 1 + 112 / 1050);
  });

  it('hours with no row at all: the weight is measured on the whole gap', () => {
    // snapshots at 00:00 and 04:00 only; withdrawal 200 at 01:00: w = (4 − 1)/4 = 0.75
    // r = (900 − 1000 + 200)/(1000 − 0.75·200) = 100/850
    const r = computeReport({
      navs: [nav(T0, '1000'), nav(T0 + 4 * H, '900')],
      flows: [{ ts: T0 + H, usdValue: '-200' }],
      benchmark: [],
      from: T0,
      to: T0 + 4 * H,
    });
    close(r.twr, 100 / 850);
    assert.equal(r.profit, '100');
    assert.equal(r.net_flows, '-200');
  });
});

describe('a range only uses the sub-periods inside it', () => {
  // −50 % before the range, +10 % and +20 % inside, −50 % after it
  const navs = [
    nav(T0, '2000'),
    nav(T0 + H, '1000'),
    nav(T0 + 2 * H, '1100'),
    nav(T0 + 3 * H, '1320'),
    nav(T0 + 4 * H, '660'),
  ];
  const r = computeReport({ navs, flows: [], benchmark: [], from: T0 + H, to: T0 + 3 * H });

  it('twr = 1.1·1.2 − 1 = 0.32, drawdown 0, profit 1320 − 1000', () => {
    close(r.twr, 0.32);
    assert.equal(r.max_drawdown, 0);
    assert.equal(r.profit, '320');
    assert.equal(r.points, 3);
  });

  it('a flow outside the range is neither a flow nor a weight inside it', () => {
    const withOutside = computeReport({
      navs,
      flows: [
        { ts: T0 + H / 2, usdValue: '5' },
        { ts: T0 + 3.5 * H, usdValue: '-7' },
      ],
      benchmark: [],
      from: T0 + H,
      to: T0 + 3 * H,
    });
    close(withOutside.twr, 0.32);
    assert.equal(withOutside.net_flows, '0');
  });
});

describe('money-weighted return: deposits positive on the left of V_a·(1+r)^T + Σc·(1+r)^(b−τ) = V_b', () => {
  const flowsAt = (c: string): FlowPoint[] => [{ ts: T0 + YEAR_MS / 2, usdValue: c }];

  it('money that only came and went earned nothing: r = 0', () => {
    // 1000·1 + 1000·1 = 2000 and 1000·1 − 500·1 = 500 hold at r = 0
    const dep = computeReport({
      navs: [nav(T0, '1000'), nav(T0 + YEAR_MS, '2000')],
      flows: flowsAt('1000'),
      benchmark: [],
      from: T0,
      to: T0 + YEAR_MS,
    });
    close(dep.mwr, 0, 1e-12);
    const wd = computeReport({
      navs: [nav(T0, '1000'), nav(T0 + YEAR_MS, '500')],
      flows: flowsAt('-500'),
      benchmark: [],
      from: T0,
      to: T0 + YEAR_MS,
    });
    close(wd.mwr, 0, 1e-12);
  });

  it('a deposit made half way counts for half the year: 1000·(1+r) + 1000·(1+r)^½ = 2310 → r = 0.21', () => {
    // at r = 0.21: 1000·1.21 + 1000·1.1 = 2310
    const r = computeReport({
      navs: [nav(T0, '1000'), nav(T0 + YEAR_MS, '2310')],
      flows: flowsAt('1000'),
      benchmark: [],
      from: T0,
      to: T0 + YEAR_MS,
    });
    close(r.mwr, 0.21, 1e-10);
  });
});

describe('an account emptied and funded again', () => {
  // t0 1000; (t0,t1]: +10 %, 1100; (t1,t2]: withdraw all 1100 at 01:30 → 0; (t2,t3]: idle at 0;
  // (t3,t4]: deposit 500 at 03:30 → 510.
  const navs = [
    nav(T0, '1000'),
    nav(T0 + H, '1100'),
    nav(T0 + 2 * H, '0'),
    nav(T0 + 3 * H, '0'),
    nav(T0 + 4 * H, '510'),
  ];
  const flows = [
    { ts: T0 + 1.5 * H, usdValue: '-1100' },
    { ts: T0 + 3.5 * H, usdValue: '500' },
  ];
  const r = computeReport({ navs, flows, benchmark: [], from: T0, to: T0 + 4 * H });

  it('the index carries through zero NAV: 1.1 · 1 · 1 · (1 + 10/250)', () => {
    // (t1,t2]: (0 − 1100 + 1100)/(1100 − 0.5·1100) = 0; (t2,t3]: idle, 0 and not flagged;
    // (t3,t4]: (510 − 0 − 500)/(0 + 0.5·500) = 10/250 = 0.04
    close(r.twr, 1.1 * 1.04 - 1);
    assert.deepEqual(r.flagged_periods, []);
  });

  it('profit = 510 − 1000 − (500 − 1100) = 110 exactly', () => {
    assert.equal(r.net_flows, '-600');
    assert.equal(r.profit, '110');
  });

  it('a range that starts at zero NAV: return from the first deposit on, MWR defined', () => {
    const later = computeReport({ navs, flows, benchmark: [], from: T0 + 3 * H, to: T0 + 4 * H });
    close(later.twr, 0.04);
    assert.equal(later.nav_start, '0');
    // 500·(1+r)^(0.5 h/year) = 510 → r = 1.02^(year/0.5 h) − 1: finite and enormous, not null
    assert.ok(later.mwr !== null && later.mwr > 1e6, `mwr ${later.mwr}`);
  });
});
