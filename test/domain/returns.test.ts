import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  benchmarkPointsFromNavs,
  benchmarkSeries,
  modifiedDietz,
  portfolioSeries,
  returnIndex,
} from '../../src/domain/returns.ts';
import type { FlowPoint, NavPoint } from '../../src/domain/types.ts';

const T0 = Date.UTC(2026, 0, 1);
const H = 3600_000;

function nav(ts: number, value: string, status: NavPoint['status'] = 'complete'): NavPoint {
  return { ts, nav: value, benchmarkValue: null, status };
}

function close(actual: number | undefined, expected: number, tol = 1e-12): void {
  assert.ok(actual !== undefined, 'value missing');
  assert.ok(Math.abs(actual - expected) <= tol, `expected ${expected}, got ${actual}`);
}

describe('Modified Dietz sub-period return', () => {
  it('weights a mid-period deposit by the time it was invested', () => {
    // V0 = 1000, V1 = 1100, deposit 50 half way: w = (60 − 30)/60 = 0.5
    // r = (1100 − 1000 − 50) / (1000 + 0.5·50) = 50 / 1025 = 0.0487804878...
    const r = modifiedDietz(T0, 1000, T0 + H, 1100, [T0 + H / 2], [50], 0, 1);
    close(r.r, 50 / 1025);
    assert.equal(r.flagged, false);
  });

  it('a withdrawal a quarter through: w = 0.75', () => {
    // V0 = 2000, withdraw 400 at 15 min, V1 = 1610: r = (1610 − 2000 + 400) / (2000 − 0.75·400) = 10 / 1700
    const r = modifiedDietz(T0, 2000, T0 + H, 1610, [T0 + H / 4], [-400], 0, 1);
    close(r.r, 10 / 1700);
  });

  it('denominator ≤ 0 gives 0 and flags the sub-period', () => {
    // V0 = 0, deposit 100 exactly at t1 (w = 0): denominator 0 + 0·100 = 0
    const r = modifiedDietz(T0, 0, T0 + H, 100, [T0 + H], [100], 0, 1);
    assert.deepEqual(r, { r: 0, flagged: true });
  });

  it('an idle zero sub-period is 0 without a flag', () => {
    assert.deepEqual(modifiedDietz(T0, 0, T0 + H, 0, [], [], 0, 0), { r: 0, flagged: false });
  });
});

describe('return index', () => {
  it('golden: 3 snapshots with a mid-period deposit', () => {
    // sub-period 1: (1100 − 1000 − 50)/(1000 + 25) = 50/1025 → I1 = 1075/1025 = 1.04878048780...
    // sub-period 2: no flow, 1045/1100 − 1 = −0.05        → I2 = 1075/1025 · 0.95 = 0.99634146341...
    const idx = returnIndex(
      [nav(T0, '1000'), nav(T0 + H, '1100'), nav(T0 + 2 * H, '1045')],
      [{ ts: T0 + H / 2, usdValue: '50' }],
    );
    assert.deepEqual(
      idx.map((p) => p.ts),
      [T0, T0 + H, T0 + 2 * H],
    );
    close(idx[0]?.index, 1);
    close(idx[1]?.index, 1075 / 1025);
    close(idx[2]?.index, (1075 / 1025) * 0.95);
  });

  it('skips incomplete snapshots: the gap is one longer sub-period holding its flows', () => {
    // t1 incomplete (partial NAV 10 must never be used); the deposit at 1.5 h lies in the merged (t0, t2]
    // w = (2h − 1.5h)/2h = 0.25; r = (1300 − 1000 − 200)/(1000 + 0.25·200) = 100/1050
    const idx = returnIndex(
      [nav(T0, '1000'), nav(T0 + H, '10', 'incomplete'), nav(T0 + 2 * H, '1300')],
      [{ ts: T0 + 1.5 * H, usdValue: '200' }],
    );
    assert.equal(idx.length, 2);
    close(idx[1]?.index, 1 + 100 / 1050);
  });

  it('flows at or before the first snapshot precede the history', () => {
    // the 500 deposited at t0 is already in V0 = 500; r1 = 510/500 − 1 = 0.02
    const idx = returnIndex([nav(T0, '500'), nav(T0 + H, '510')], [{ ts: T0, usdValue: '500' }]);
    close(idx[1]?.index, 1.02);
  });

  it('first deposit from zero, then a full withdrawal to zero', () => {
    // (t0, t1]: V 0 → 1010, deposit 1000 at 30 min: r = (1010 − 0 − 1000)/(0 + 0.5·1000) = 10/500 = 0.02
    // (t1, t2]: V 1010 → 0, withdraw 1010 at 30 min: r = (0 − 1010 + 1010)/(1010 − 0.5·1010) = 0
    // (t2, t3]: idle at 0: r = 0, not flagged
    const s = portfolioSeries(
      [nav(T0, '0'), nav(T0 + H, '1010'), nav(T0 + 2 * H, '0'), nav(T0 + 3 * H, '0')],
      [
        { ts: T0 + H / 2, usdValue: '1000' },
        { ts: T0 + 1.5 * H, usdValue: '-1010' },
      ],
    );
    close(s.index[1], 1.02);
    close(s.index[2], 1.02);
    close(s.index[3], 1.02);
    assert.deepEqual([...s.flagged], [0, 0, 0, 0]);
  });

  it('a single snapshot is an index of 1; no snapshot is an empty index', () => {
    assert.deepEqual(returnIndex([nav(T0, '5')], []), [{ ts: T0, index: 1 }]);
    assert.deepEqual(returnIndex([], []), []);
  });

  it('sorts its input and keeps the last of duplicate timestamps', () => {
    const idx = returnIndex([nav(T0 + H, '120'), nav(T0, '100'), nav(T0 + H, '110')], []);
    assert.equal(idx.length, 2);
    close(idx[1]?.index, 1.1);
  });
});

describe('benchmark index', () => {
  it('golden: chain-links valueBefore(next)/valueAfter(prev) across a deposit', () => {
    // B: 1000 at t0; at 30 min worth 1010 then receives 50 → 1060; 1070 at t1; 1016.5 at t2
    // J = 1 → 1010/1000 = 1.01 → 1.01·1070/1060 → ·1016.5/1070 = 1.01·1016.5/1060
    const s = benchmarkSeries([
      { ts: T0, kind: 'start', valueBefore: '1000', valueAfter: '1000', units: {} },
      { ts: T0 + H / 2, kind: 'flow', valueBefore: '1010', valueAfter: '1060', units: {} },
      { ts: T0 + H, kind: 'snapshot', valueBefore: '1070', valueAfter: '1070', units: {} },
      { ts: T0 + 2 * H, kind: 'snapshot', valueBefore: '1016.5', valueAfter: '1016.5', units: {} },
    ]);
    close(s.index[1], 1.01);
    close(s.index[2], (1.01 * 1070) / 1060);
    close(s.index[3], (1.01 * 1016.5) / 1060);
  });

  it('an emptied benchmark does not divide by zero', () => {
    const s = benchmarkSeries([
      { ts: T0, kind: 'start', valueBefore: '100', valueAfter: '100', units: {} },
      { ts: T0 + H, kind: 'flow', valueBefore: '110', valueAfter: '0', units: {} },
      { ts: T0 + 2 * H, kind: 'flow', valueBefore: '0', valueAfter: '50', units: {} },
      { ts: T0 + 3 * H, kind: 'snapshot', valueBefore: '55', valueAfter: '55', units: {} },
    ]);
    // 1 → 1.1 → 1.1 (nothing held) → 1.1·55/50 = 1.21
    close(s.index[3], 1.21);
  });

  it('points from stored benchmark values treat flows as executed at the closing snapshot', () => {
    const navs: NavPoint[] = [
      { ts: T0, nav: '1000', benchmarkValue: '1000', status: 'complete' },
      { ts: T0 + H, nav: '1100', benchmarkValue: '1070', status: 'complete' },
      { ts: T0 + 2 * H, nav: '1', benchmarkValue: '999', status: 'incomplete' },
    ];
    const flows: FlowPoint[] = [{ ts: T0 + H / 2, usdValue: '50' }];
    const pts = benchmarkPointsFromNavs(navs, flows);
    // B(t1⁻) = 1070 − 50 = 1020, B(t1⁺) = 1070 → growth 1020/1000 = 1.02
    assert.equal(pts.length, 2);
    assert.equal(pts[1]?.valueBefore, '1020');
    assert.equal(pts[1]?.valueAfter, '1070');
    close(benchmarkSeries(pts).index[1], 1.02);
  });
});
