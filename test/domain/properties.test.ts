/**
 * Properties of the returns, checked on random histories from a small seeded generator (deterministic).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Big from 'big.js';
import { aggregateAccounts } from '../../src/domain/aggregate.ts';
import { computeReport, prepareAnalytics, reportOver } from '../../src/domain/report.ts';
import { modifiedDietz } from '../../src/domain/returns.ts';
import type { BenchmarkPoint, FlowPoint, NavPoint } from '../../src/domain/types.ts';
import { YEAR_MS } from '../../src/domain/xirr.ts';
import { mulberry32 } from '../../src/emulator/random.ts';

const T0 = Date.UTC(2026, 0, 1);
const H = 3600_000;
const RUNS = 40;

interface History {
  navs: NavPoint[];
  flows: FlowPoint[];
  benchmark: BenchmarkPoint[];
}

/** Hourly random walk with occasional deposits/withdrawals and an occasional incomplete hour. */
function randomHistory(rand: () => number, hours: number, scale = 1): History {
  const navs: NavPoint[] = [];
  const flows: FlowPoint[] = [];
  const benchmark: BenchmarkPoint[] = [];
  let v = 1000 + rand() * 9000;
  let b = v;
  const money = (x: number) => (x * scale).toFixed(6);
  navs.push({ ts: T0, nav: money(v), benchmarkValue: money(b), status: 'complete' });
  benchmark.push({ ts: T0, kind: 'start', valueBefore: money(b), valueAfter: money(b), units: {} });
  for (let h = 1; h <= hours; h++) {
    const ts = T0 + h * H;
    if (rand() < 0.1) {
      const c = (rand() < 0.6 ? 1 : -0.5) * rand() * v * 0.3;
      const tau = ts - Math.floor(rand() * H);
      b *= 1 + (rand() - 0.5) * 0.01;
      benchmark.push({ ts: tau, kind: 'flow', valueBefore: money(b), valueAfter: money(b + c), units: {} });
      b += c;
      v += c;
      flows.push({ ts: tau, usdValue: money(c) });
    }
    v *= 1 + (rand() - 0.5) * 0.04;
    b *= 1 + (rand() - 0.5) * 0.02;
    const status = rand() < 0.05 ? 'incomplete' : 'complete';
    navs.push({ ts, nav: money(v), benchmarkValue: money(b), status });
    benchmark.push({ ts, kind: 'snapshot', valueBefore: money(b), valueAfter: money(b), units: {} });
  }
  return { navs, flows, benchmark };
}

function near(a: number | null, b: number | null, tol: number, what: string): void {
  assert.ok(a !== null && b !== null, `${what}: ${a} vs ${b}`);
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);
}

describe('properties on random histories', () => {
  it('splitting a period and chaining equals the whole (portfolio and benchmark)', () => {
    const rand = mulberry32(1);
    for (let run = 0; run < RUNS; run++) {
      const hist = randomHistory(rand, 24 * 10);
      const p = prepareAnalytics(hist.navs, hist.flows, hist.benchmark);
      const end = T0 + 24 * 10 * H;
      const split = T0 + Math.floor(rand() * 24 * 10) * H;
      const whole = reportOver(p, T0, end);
      const left = reportOver(p, T0, split);
      const right = reportOver(p, split, end);
      // the split instant anchors both halves on the same snapshot
      assert.equal(left.to, right.from);
      near((1 + (left.twr ?? 0)) * (1 + (right.twr ?? 0)) - 1, whole.twr, 1e-10, 'twr');
      near(
        (1 + (left.benchmark_twr ?? 0)) * (1 + (right.benchmark_twr ?? 0)) - 1,
        whole.benchmark_twr,
        1e-10,
        'benchmark twr',
      );
    }
  });

  it('a flow-only hour has a zero return', () => {
    const rand = mulberry32(2);
    for (let run = 0; run < RUNS * 10; run++) {
      const v0 = rand() * 1e6 + 1;
      const c = (rand() - 0.3) * v0;
      const tau = T0 + 1 + Math.floor(rand() * (H - 1));
      const r = modifiedDietz(T0, v0, T0 + H, v0 + c, [tau], [c], 0, 1);
      if (!r.flagged) near(r.r, 0, 1e-12, 'flow-only return');
    }
  });

  it('a flow-only hour inside a history leaves the index flat across it', () => {
    const rand = mulberry32(8);
    for (let run = 0; run < RUNS; run++) {
      const hist = randomHistory(rand, 48);
      const complete = hist.navs.filter((p) => p.status === 'complete');
      // insert, after the k-th complete snapshot, an hour where only a flow c at τ moves NAV
      const k = Math.floor(rand() * (complete.length - 1));
      const t = complete[k]!.ts;
      const v = Number(complete[k]!.nav);
      const c = ((rand() - 0.4) * v).toFixed(6);
      const tau = t + 1 + Math.floor(rand() * (H / 2 - 1));
      const navs = hist.navs.filter((p) => p.ts <= t);
      // NAV after the hour = NAV before + c, exactly
      const after = new Big(complete[k]!.nav).plus(c).toFixed();
      navs.push({ ts: t + H / 2, nav: after, benchmarkValue: null, status: 'complete' });
      const flows = [...hist.flows.filter((f) => f.ts <= t), { ts: tau, usdValue: c }];
      const s = prepareAnalytics(navs, flows, []).portfolio;
      const n = s.index.length;
      near(s.index[n - 1]!, s.index[n - 2]!, 1e-12, `flow ${c} at ${tau - t} ms`);
      assert.equal(s.flagged[n - 1], 0);
    }
  });

  it('a deposit exactly at a sub-period boundary does not change TWR', () => {
    const rand = mulberry32(3);
    for (let run = 0; run < RUNS; run++) {
      const n = 20;
      const growth = Array.from({ length: n }, () => 1 + (rand() - 0.5) * 0.05);
      const k = 1 + Math.floor(rand() * (n - 2));
      const c = rand() * 5000;
      const plain: NavPoint[] = [];
      const withDeposit: NavPoint[] = [];
      let v = 1000;
      let w = 1000;
      for (let i = 0; i < n; i++) {
        if (i > 0) {
          v *= growth[i]!;
          w *= growth[i]!;
        }
        if (i === k) w += c;
        plain.push({ ts: T0 + i * H, nav: v.toFixed(10), benchmarkValue: null, status: 'complete' });
        withDeposit.push({ ts: T0 + i * H, nav: w.toFixed(10), benchmarkValue: null, status: 'complete' });
      }
      const to = T0 + (n - 1) * H;
      const a = computeReport({ navs: plain, flows: [], benchmark: [], from: T0, to });
      const flows = [{ ts: T0 + k * H, usdValue: c.toFixed(10) }];
      const b = computeReport({ navs: withDeposit, flows, benchmark: [], from: T0, to });
      near(b.twr, a.twr, 1e-9, 'twr with a boundary deposit');
    }
  });

  it('scaling every amount leaves every return and statistic unchanged', () => {
    const rand = mulberry32(4);
    for (let run = 0; run < RUNS / 4; run++) {
      const seed = Math.floor(rand() * 1e9);
      const base = randomHistory(mulberry32(seed), 24 * 20);
      const scaled = randomHistory(mulberry32(seed), 24 * 20, 37.5);
      const to = T0 + 24 * 20 * H;
      const a = computeReport({ ...base, from: T0, to });
      const b = computeReport({ ...scaled, from: T0, to });
      for (const key of [
        'twr',
        'benchmark_twr',
        'alpha',
        'mwr',
        'max_drawdown',
        'volatility',
        'sharpe',
        'sortino',
        'tracking_error',
        'information_ratio',
        'beta',
        'best_day',
        'worst_day',
      ] as const) {
        near(b[key], a[key], 1e-7, key);
      }
      near(Number(b.profit), Number(a.profit) * 37.5, 1e-6, 'profit scales');
    }
  });

  it('without flows TWR = V_b/V_a − 1 and MWR = (V_b/V_a)^(1/T) − 1', () => {
    const rand = mulberry32(5);
    for (let run = 0; run < RUNS; run++) {
      const hist = randomHistory(rand, 48);
      const navs = hist.navs.map((p) => ({ ...p, status: 'complete' as const }));
      const r = computeReport({ navs, flows: [], benchmark: [], from: T0, to: T0 + 48 * H });
      const ratio = Number(navs[48]!.nav) / Number(navs[0]!.nav);
      near(r.twr, ratio - 1, 1e-10, 'twr');
      near(r.mwr, ratio ** (YEAR_MS / (48 * H)) - 1, 1e-6, 'mwr');
    }
  });

  it('the aggregate of one account reports the account itself', () => {
    const rand = mulberry32(6);
    for (let run = 0; run < RUNS / 4; run++) {
      const hist = randomHistory(rand, 24 * 5);
      const to = T0 + 24 * 5 * H;
      const own = computeReport({ ...hist, from: T0, to });
      const agg = computeReport({ ...aggregateAccounts([hist]), from: T0, to });
      near(agg.twr, own.twr, 1e-10, 'twr');
      assert.equal(agg.profit !== null && Number(agg.profit).toFixed(4), Number(own.profit).toFixed(4));
      near(agg.max_drawdown, own.max_drawdown, 1e-10, 'drawdown');
    }
  });

  it('never NaN on any random range', () => {
    const rand = mulberry32(7);
    const hist = randomHistory(rand, 24 * 30);
    const p = prepareAnalytics(hist.navs, hist.flows, hist.benchmark);
    for (let run = 0; run < RUNS * 5; run++) {
      const x = T0 + (rand() * 32 - 1) * 24 * H;
      const y = x + rand() * 10 * 24 * H;
      const r = reportOver(p, x, y);
      for (const [k, v] of Object.entries(r)) {
        assert.ok(!(typeof v === 'number' && !Number.isFinite(v)), `${k} = ${v}`);
      }
    }
  });
});
