/** When each alert is due, and when it is not: the thresholds of the four rules, checked by hand. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  drawdownAlert,
  failedRunsAlert,
  incompleteSnapshotAlert,
  underperformanceAlert,
} from '../../src/alerts/rules.ts';
import type { NavPoint } from '../../src/domain/types.ts';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-03-01T00:00:00Z');
const alpha = { id: 'a1', name: 'alpha' };
const t = { failedRuns: 3, drawdown: 0.2, underperformance: 0.05, underperformancePeriodMs: 24 * HOUR };

const nav = (h: number, value: string, benchmark = '1000'): NavPoint => ({
  ts: T0 + h * HOUR,
  nav: value,
  benchmarkValue: benchmark,
  status: 'complete',
});
const run = (h: number, status: string) => ({ slotTs: T0 + h * HOUR, status, detail: null });

describe('failed runs', () => {
  it('is due after N runs in a row that did not succeed, newest first', () => {
    const a = failedRunsAlert([run(5, 'timeout'), run(4, 'failed'), run(3, 'failed'), run(2, 'ok')], t, T0);
    assert.equal(a?.kind, 'failed_runs');
    assert.match(
      a!.message,
      /last 3 worker runs did not succeed; the latest \(slot 2026-03-01T05:00:00\.000Z\) timeout/,
    );
  });

  it('is not due with fewer than N, or when a success breaks the streak', () => {
    assert.equal(failedRunsAlert([run(5, 'failed'), run(4, 'failed')], t, T0), null);
    assert.equal(failedRunsAlert([run(5, 'failed'), run(4, 'ok'), run(3, 'failed')], t, T0), null);
  });
});

describe('incomplete snapshot', () => {
  it('is due only while the latest snapshot is incomplete', () => {
    const latest = { ts: T0, status: 'incomplete' as const, failedWallets: ['funding' as const] };
    assert.match(incompleteSnapshotAlert(alpha, latest, T0)!.message, /wallets not read: funding/);
    assert.equal(incompleteSnapshotAlert(alpha, { ...latest, status: 'complete' }, T0), null);
    assert.equal(incompleteSnapshotAlert(alpha, null, T0), null);
  });
});

describe('drawdown', () => {
  it('is due past the threshold, not at it', () => {
    // Peak 1250, then 1000: 1000 / 1250 − 1 = −20 % exactly, not past 20 %; 999: −20.08 %, past it.
    assert.equal(drawdownAlert(alpha, [nav(0, '1000'), nav(1, '1250'), nav(2, '1000')], [], t, T0), null);
    const a = drawdownAlert(alpha, [nav(0, '1000'), nav(1, '1250'), nav(2, '999')], [], t, T0);
    assert.ok(Math.abs((a!.data.drawdown as number) - (999 / 1250 - 1)) < 1e-12);
  });

  it('does not take a withdrawal for a loss', () => {
    // 1250 → 500 after withdrawing 750 at hour 2: flow-adjusted, no loss.
    const flows = [{ ts: T0 + 2 * HOUR, usdValue: '-750' }];
    assert.equal(drawdownAlert(alpha, [nav(0, '1000'), nav(1, '1250'), nav(2, '500')], flows, t, T0), null);
  });
});

describe('underperformance', () => {
  const now = T0 + 24 * HOUR + 60_000;

  it('is due when the account trails the benchmark by more than the threshold over a full period', () => {
    // Account 1000 → 940 (−6 %), benchmark flat: trails by 6 % > 5 %.
    const a = underperformanceAlert(alpha, [nav(0, '1000'), nav(12, '970'), nav(24, '940')], [], t, now);
    assert.equal(a?.kind, 'underperformance');
    assert.ok(Math.abs((a!.data.twr as number) - -0.06) < 1e-12);
    assert.match(a!.message, /trails its benchmark by 6\.0 % over the last 1 days/);
  });

  it('is not due within the threshold, or on a history shorter than the period', () => {
    // −4 % against a flat benchmark: within 5 %.
    assert.equal(underperformanceAlert(alpha, [nav(0, '1000'), nav(24, '960')], [], t, now), null);
    // −10 %, but the history starts 12 h into the 24 h period.
    assert.equal(underperformanceAlert(alpha, [nav(12, '1000'), nav(24, '900')], [], t, now), null);
  });

  it('compares with the benchmark, not with zero', () => {
    // Account −6 %, benchmark −3 %: trails by 3 %, within the threshold.
    const navs = [nav(0, '1000', '1000'), nav(24, '940', '970')];
    assert.equal(underperformanceAlert(alpha, navs, [], t, now), null);
  });
});
