import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aggregateAccounts } from '../../src/domain/aggregate.ts';
import { computeReport } from '../../src/domain/report.ts';
import type { BenchmarkPoint, NavPoint } from '../../src/domain/types.ts';

const T0 = Date.UTC(2026, 0, 1);
const H = 3600_000;

function nav(
  ts: number,
  value: string,
  benchmarkValue: string | null = null,
  status: NavPoint['status'] = 'complete',
): NavPoint {
  return { ts, nav: value, benchmarkValue, status };
}

function bp(ts: number, value: string): BenchmarkPoint {
  return { ts, kind: 'snapshot', valueBefore: value, valueAfter: value, units: {} };
}

function close(actual: number | null | undefined, expected: number, tol = 1e-12): void {
  assert.ok(actual !== null && actual !== undefined, `expected ${expected}, got ${actual}`);
  assert.ok(Math.abs(actual - expected) <= tol, `expected ${expected}, got ${actual}`);
}

describe('aggregateAccounts', () => {
  it('sums NAV and benchmark at common timestamps exactly; returns are on the sums', () => {
    const a = {
      navs: [nav(T0, '100.10'), nav(T0 + H, '110.20')],
      flows: [],
      benchmark: [bp(T0, '100.10'), bp(T0 + H, '105')],
    };
    const b = {
      navs: [nav(T0, '200.20'), nav(T0 + H, '190.10')],
      flows: [{ ts: T0 + H / 2, usdValue: '10' }],
      benchmark: [bp(T0, '200.20'), bp(T0 + H, '215')],
    };
    const agg = aggregateAccounts([a, b]);
    assert.deepEqual(
      agg.navs.map((p) => [p.ts, p.nav, p.benchmarkValue]),
      [
        [T0, '300.3', '300.3'],
        [T0 + H, '300.3', '320'],
      ],
    );
    assert.deepEqual(agg.flows, [{ ts: T0 + H / 2, usdValue: '10' }]);
    const r = computeReport({ ...agg, from: T0, to: T0 + H });
    // portfolio: (300.3 − 300.3 − 10)/(300.3 + 0.5·10) = −10/305.3
    close(r.twr, -10 / 305.3);
    // benchmark: flows at the closing snapshot: B(t1⁻) = 320 − 10 = 310 → 310/300.3 − 1
    close(r.benchmark_twr, 310 / 300.3 - 1, 1e-9);
    assert.equal(r.profit, '-10');
  });

  it("an account's B(τ⁻) is not the sum's: several accounts stay approximate, one account is exact", () => {
    // a: B 100 → flow +10 at τ with B(τ⁻) 120 (B(τ⁺) 130) → 104 at t1. b: B 200 → 215, no flows.
    const a = {
      navs: [nav(T0, '100', '100'), nav(T0 + H, '115', '104')],
      flows: [{ ts: T0 + H / 2, usdValue: '10', benchmarkBefore: '120' }],
      benchmark: [
        bp(T0, '100'),
        { ts: T0 + H / 2, kind: 'flow' as const, valueBefore: '120', valueAfter: '130', units: {} },
        bp(T0 + H, '104'),
      ],
    };
    const b = { navs: [nav(T0, '200', '200'), nav(T0 + H, '215', '215')], flows: [], benchmark: [] };
    const both = aggregateAccounts([a, { ...b, benchmark: [bp(T0, '200'), bp(T0 + H, '215')] }]);
    assert.deepEqual(both.flows, [{ ts: T0 + H / 2, usdValue: '10' }], 'no per-account B(τ⁻) in the sum');
    // Sum: 300 → 319 with the flow at the closing snapshot: (319 − 10)/300 = 1.03.
    close(computeReport({ ...both, from: T0, to: T0 + H }).benchmark_twr, 309 / 300 - 1, 1e-12);
    // Alone, a is its own exact chain: 120/100 · 104/130 = 0.96.
    const alone = aggregateAccounts([a, { ...b, navs: [] }]);
    assert.equal(alone.benchmark, a.benchmark);
    close(computeReport({ ...alone, from: T0, to: T0 + H }).benchmark_twr, 0.96 - 1, 1e-12);
  });

  it('a timestamp where a member is incomplete or missing is skipped (a longer sub-period)', () => {
    const a = {
      navs: [nav(T0, '100'), nav(T0 + H, '1', null, 'incomplete'), nav(T0 + 2 * H, '120')],
      flows: [],
      benchmark: [],
    };
    const b = {
      navs: [nav(T0, '100'), nav(T0 + H, '105'), nav(T0 + 2 * H, '100')],
      flows: [],
      benchmark: [],
    };
    const agg = aggregateAccounts([a, b]);
    assert.deepEqual(
      agg.navs.map((p) => [p.ts, p.nav]),
      [
        [T0, '200'],
        [T0 + 2 * H, '220'],
      ],
    );
    assert.equal(agg.benchmark.length, 0);
  });

  it('an account joining later enters as a flow at its first snapshot, leaving as a flow after its last', () => {
    // a: 100 → 110 → 121 → 133.1 (+10 % an hour). b joins at t1 with 50, flat, and has nothing after t2.
    const a = {
      navs: [nav(T0, '100'), nav(T0 + H, '110'), nav(T0 + 2 * H, '121'), nav(T0 + 3 * H, '133.1')],
      flows: [],
      benchmark: [],
    };
    const b = { navs: [nav(T0 + H, '50'), nav(T0 + 2 * H, '50')], flows: [], benchmark: [] };
    const agg = aggregateAccounts([a, b]);
    assert.deepEqual(
      agg.navs.map((p) => p.nav),
      ['100', '160', '171', '133.1'],
    );
    assert.deepEqual(agg.flows, [
      { ts: T0 + H, usdValue: '50' },
      { ts: T0 + 2 * H + 1, usdValue: '-50' },
    ]);
    const r = computeReport({ ...agg, from: T0, to: T0 + 3 * H });
    // (t0, t1]: (160 − 100 − 50)/(100 + 0·50) = 0.10
    // (t1, t2]: 171/160 − 1 = 0.06875 (b flat dilutes a's 10 %)
    // (t2, t3]: (133.1 − 171 + 50)/(171 − (1h−1ms)/1h · 50) ≈ 12.1/121 = 0.10
    const w = (H - 1) / H;
    close(r.twr, 1.1 * (171 / 160) * (1 + 12.1 / (171 - w * 50)) - 1);
    // profit = 133.1 − 100 − (50 − 50) = 33.1: all of it a's, b was flat
    assert.equal(r.profit, '33.1');
  });

  it('real flows count only while the account is observed', () => {
    const a = {
      navs: [nav(T0, '100'), nav(T0 + H, '150')],
      flows: [
        { ts: T0 - H, usdValue: '100' },
        { ts: T0 + H / 2, usdValue: '50' },
        { ts: T0 + 2 * H, usdValue: '7' },
      ],
      benchmark: [],
    };
    assert.deepEqual(aggregateAccounts([a]).flows, [{ ts: T0 + H / 2, usdValue: '50' }]);
  });

  it('no accounts, or none with a complete snapshot, is an empty aggregate', () => {
    assert.deepEqual(aggregateAccounts([]), { navs: [], flows: [], benchmark: [] });
    const empty = aggregateAccounts([{ navs: [nav(T0, '1', null, 'incomplete')], flows: [], benchmark: [] }]);
    assert.equal(empty.navs.length, 0);
  });
});
