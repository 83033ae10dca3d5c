import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accrueFees, feeAmount } from '../../src/domain/fees.ts';
import { feePeriods } from '../../src/domain/periods.ts';
import { returnIndex } from '../../src/domain/returns.ts';
import type { BenchmarkPoint, NavPoint, PerformanceFeeConfig } from '../../src/domain/types.ts';

const JAN = Date.UTC(2026, 0, 1);
const FEB = Date.UTC(2026, 1, 1);
const MAR = Date.UTC(2026, 2, 1);
const APR = Date.UTC(2026, 3, 1);
const MAY = Date.UTC(2026, 4, 1);
const H = 3600_000;

const monthly: PerformanceFeeConfig = { rate: '0.2', period: 'monthly', alphaOnly: false };

function nav(ts: number, value: string): NavPoint {
  return { ts, nav: value, benchmarkValue: null, status: 'complete' };
}

function bp(ts: number, value: string): BenchmarkPoint {
  return { ts, kind: 'snapshot', valueBefore: value, valueAfter: value, units: {} };
}

// index 1 → 1.1 → 1.05 → 1.21 → 1.25 at the month ends, NAV = 1000 · index (no flows)
const index = [
  { ts: JAN, index: 1 },
  { ts: FEB, index: 1.1 },
  { ts: MAR, index: 1.05 },
  { ts: APR, index: 1.21 },
  { ts: MAY, index: 1.25 },
];
const navs = [nav(JAN, '1000'), nav(FEB, '1100'), nav(MAR, '1050'), nav(APR, '1210'), nav(MAY, '1250')];
const periods = feePeriods('monthly', JAN, MAY);

describe('accrueFees (high-water mark on the index)', () => {
  it('golden: fees only above the high-water mark', () => {
    const rows = accrueFees(monthly, index, navs, [], periods);
    assert.equal(rows.length, 4);
    // Jan: 1.1 > HWM 1 → 0.2 · 1100 · (1 − 1/1.1) = 0.2 · 1100 · 0.1/1.1 = 20; HWM → 1.1
    assert.deepEqual(
      [rows[0]?.period_start, rows[0]?.period_end, rows[0]?.hwm_before, rows[0]?.hwm_after, rows[0]?.fee],
      [JAN, FEB, 1, 1.1, '20'],
    );
    // Feb: 1.05 ≤ 1.1 → no fee, HWM stays 1.1
    assert.deepEqual(
      [rows[1]?.start_index, rows[1]?.end_index, rows[1]?.hwm_after, rows[1]?.fee],
      [1.1, 1.05, 1.1, '0'],
    );
    // Mar: 1.21 > 1.1 → 0.2 · 1210 · (1 − 1.1/1.21) = 0.2 · 1210 · 0.11/1.21 = 22; HWM → 1.21
    assert.deepEqual([rows[2]?.nav_end, rows[2]?.fee, rows[2]?.hwm_after], ['1210', '22', 1.21]);
    // Apr: 1.25 > 1.21 → 0.2 · 1250 · (1 − 1.21/1.25) = 0.2 · 1250 · 0.04/1.25 = 8
    assert.equal(rows[3]?.fee, '8');
    assert.equal(rows[3]?.rate, '0.2');
  });

  it('alphaOnly: no fee when the benchmark did better; the HWM still rises to the new high', () => {
    // benchmark 1000, 1050, 1000, 1300, 1310: Mar alpha = (1.21/1.05 − 1) − (1.3 − 1) = 0.152 − 0.3 < 0
    const bench = [bp(JAN, '1000'), bp(FEB, '1050'), bp(MAR, '1000'), bp(APR, '1300'), bp(MAY, '1310')];
    const rows = accrueFees({ ...monthly, alphaOnly: true }, index, navs, bench, periods);
    // Jan alpha = 0.1 − 0.05 > 0 → 20 as before
    assert.equal(rows[0]?.fee, '20');
    assert.ok((rows[2]?.alpha ?? 0) < 0);
    assert.equal(rows[2]?.fee, '0');
    assert.equal(rows[2]?.hwm_after, 1.21);
    // Apr: alpha = (1.25/1.21 − 1) − (1310/1300 − 1) = 0.0331 − 0.0077 > 0 → only the gain above 1.21: 8
    assert.equal(rows[3]?.fee, '8');
  });

  it('alphaOnly without benchmark data charges nothing', () => {
    const rows = accrueFees({ ...monthly, alphaOnly: true }, index, navs, [], periods);
    assert.deepEqual(
      rows.map((r) => r.fee),
      ['0', '0', '0', '0'],
    );
  });

  it('a fee withdrawal is a flow: it moves neither the index nor the next fee', () => {
    // 20 paid out on 2 Feb: NAV 1100 → 1080 with a flow of −20: r = (1080 − 1100 + 20)/(…) = 0
    const t = FEB + 24 * H;
    const hist = [nav(JAN, '1000'), nav(FEB, '1100'), nav(t, '1080'), nav(MAR, '1080')];
    const idx = returnIndex(hist, [{ ts: t - H / 2, usdValue: '-20' }]);
    assert.equal(idx[2]?.index, idx[1]?.index);
    const rows = accrueFees(monthly, idx, hist, [], feePeriods('monthly', JAN, MAR));
    assert.deepEqual(
      rows.map((r) => r.fee),
      ['20', '0'],
    );
  });

  it('idempotent, and restated when a late flow changes history', () => {
    const hist = [nav(JAN, '1000'), nav(FEB, '1100'), nav(MAR, '1210')];
    const p = feePeriods('monthly', JAN, MAR);
    const before = accrueFees(monthly, returnIndex(hist, []), hist, [], p);
    assert.deepEqual(accrueFees(monthly, returnIndex(hist, []), hist, [], p), before);
    assert.equal(before[1]?.fee, '22');
    // a deposit of 110 at the start of February settles late: Feb's return is (1210 − 1100 − 110)/(1100 + 110·w) = 0
    const late = accrueFees(monthly, returnIndex(hist, [{ ts: FEB + 1, usdValue: '110' }]), hist, [], p);
    assert.equal(late[0]?.fee, '20');
    assert.equal(late[1]?.fee, '0');
  });

  it('a period before the history has no row; NAV ≤ 0 charges nothing', () => {
    const rows = accrueFees(monthly, index.slice(1), navs, [], periods);
    assert.equal(rows[0]?.period_start, FEB);
    const negative = accrueFees(monthly, index.slice(0, 2), [nav(JAN, '1'), nav(FEB, '-5')], [], periods);
    assert.equal(negative[0]?.fee, '0');
    assert.equal(negative[0]?.hwm_after, 1.1);
  });

  it('fee amount rounds to 8 decimals', () => {
    // 0.2 · 100 · (1 − 1/1.03) = 20 · 0.0291262135922... = 0.58252427184... → 0.58252427
    assert.equal(feeAmount('0.2', '100', 1, 1.03), '0.58252427');
  });
});
