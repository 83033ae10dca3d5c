/**
 * The report of one account (or the aggregate) over a range (design.md §5). A range [from, to] is anchored on
 * complete snapshots: a = the last complete snapshot at or before `from` (the first one when the history starts
 * later), b = the last complete snapshot at or before `to`. Every return is over [a, b]; flows count when
 * τ ∈ (a, b]. Amounts (nav, profit, net_flows) are exact decimals; statistics are floats, null when undefined.
 */
import Big from 'big.js';
import { type BenchmarkSeries, benchmarkSeries, type PortfolioSeries, portfolioSeries } from './returns.ts';
import {
  type DailyReturns,
  type Drawdown,
  dailyReturns,
  maxDrawdown,
  type RelativeStats,
  type RiskStats,
  relativeStats,
  riskStats,
} from './risk.ts';
import { firstAfter, lastAtOrBefore } from './stats.ts';
import type { BenchmarkPoint, Decimal, FlowPoint, NavPoint } from './types.ts';
import { xirr } from './xirr.ts';

export interface FlaggedPeriod {
  start: number;
  end: number;
}

export interface Report extends Drawdown, RiskStats, RelativeStats {
  requested_from: number;
  requested_to: number;
  /** Anchoring snapshots a and b; null when the range holds no complete snapshot. */
  from: number | null;
  to: number | null;
  /** Complete snapshots in [a, b]. */
  points: number;
  /** Sub-periods inside [a, b] whose Modified Dietz denominator was ≤ 0 (their return was taken as 0). */
  flagged_periods: FlaggedPeriod[];
  nav_start: Decimal | null;
  nav: Decimal | null;
  profit: Decimal | null;
  net_flows: Decimal | null;
  twr: number | null;
  benchmark_twr: number | null;
  alpha: number | null;
  relative_alpha: number | null;
  mwr: number | null;
}

export interface ReportInput {
  navs: NavPoint[];
  flows: FlowPoint[];
  benchmark: BenchmarkPoint[];
  from: number;
  to: number;
  riskFreeRate?: number;
}

/** Float series prepared once, so that many ranges can be reported cheaply. */
export interface PreparedAnalytics {
  portfolio: PortfolioSeries;
  benchmark: BenchmarkSeries;
}

export function prepareAnalytics(
  navs: readonly NavPoint[],
  flows: readonly FlowPoint[],
  benchmark: readonly BenchmarkPoint[],
): PreparedAnalytics {
  return { portfolio: portfolioSeries(navs, flows), benchmark: benchmarkSeries(benchmark) };
}

export function computeReport(input: ReportInput): Report {
  const prepared = prepareAnalytics(input.navs, input.flows, input.benchmark);
  return reportOver(prepared, input.from, input.to, input.riskFreeRate ?? 0);
}

/** The first and last snapshot positions anchoring [from, to], or null when none lies in the range. */
export function anchor(ts: ArrayLike<number>, from: number, to: number): { a: number; b: number } | null {
  const b = lastAtOrBefore(ts, to);
  if (b < 0) return null;
  const a = Math.max(0, lastAtOrBefore(ts, from));
  if (a > b) return null;
  return { a, b };
}

function emptyReport(from: number, to: number): Report {
  return {
    requested_from: from,
    requested_to: to,
    from: null,
    to: null,
    points: 0,
    flagged_periods: [],
    nav_start: null,
    nav: null,
    profit: null,
    net_flows: null,
    twr: null,
    benchmark_twr: null,
    alpha: null,
    relative_alpha: null,
    mwr: null,
    max_drawdown: null,
    max_drawdown_peak: null,
    max_drawdown_trough: null,
    max_drawdown_recovery: null,
    volatility: null,
    sharpe: null,
    sortino: null,
    best_day: null,
    best_day_at: null,
    worst_day: null,
    worst_day_at: null,
    tracking_error: null,
    information_ratio: null,
    beta: null,
  };
}

/** The benchmark index at the last replay point at or before t; null before the benchmark starts. */
export function benchmarkIndexAt(bench: BenchmarkSeries, t: number): number | null {
  const k = lastAtOrBefore(bench.ts, t);
  return k < 0 ? null : bench.index[k]!;
}

function growth(start: number | null, end: number | null): number | null {
  if (start === null || end === null || !(start > 0)) return null;
  const g = end / start - 1;
  return Number.isFinite(g) ? g : null;
}

export function reportOver(p: PreparedAnalytics, from: number, to: number, riskFreeRate = 0): Report {
  const s = p.portfolio;
  const report = emptyReport(from, to);
  const range = anchor(s.ts, from, to);
  if (range === null) return report;
  const { a, b } = range;
  const ta = s.ts[a]!;
  const tb = s.ts[b]!;
  report.from = ta;
  report.to = tb;
  report.points = b - a + 1;
  report.nav_start = s.navText[a]!;
  report.nav = s.navText[b]!;
  if (b === a) return report;

  const f0 = firstAfter(s.flowTs, ta);
  const f1 = firstAfter(s.flowTs, tb);
  let netFlows = new Big(0);
  for (let j = f0; j < f1; j++) netFlows = netFlows.plus(s.flowText[j]!);
  report.net_flows = netFlows.toFixed();
  report.profit = new Big(s.navText[b]!).minus(s.navText[a]!).minus(netFlows).toFixed();
  for (let i = a + 1; i <= b; i++)
    if (s.flagged[i] === 1) report.flagged_periods.push({ start: s.ts[i - 1]!, end: s.ts[i]! });

  report.twr = growth(s.index[a]!, s.index[b]!);
  report.benchmark_twr = growth(benchmarkIndexAt(p.benchmark, ta), benchmarkIndexAt(p.benchmark, tb));
  if (report.twr !== null && report.benchmark_twr !== null) {
    report.alpha = report.twr - report.benchmark_twr;
    report.relative_alpha = growth(1 + report.benchmark_twr, 1 + report.twr);
  }
  report.mwr = xirr({
    a: ta,
    b: tb,
    va: s.nav[a]!,
    vb: s.nav[b]!,
    flowTs: s.flowTs,
    flowValue: s.flowValue,
    from: f0,
    to: f1,
  });
  Object.assign(report, maxDrawdown(s.ts, s.index, a, b));
  const daily = dailyReturns(s.ts, s.index, ta, tb);
  Object.assign(report, riskStats(daily, riskFreeRate));
  Object.assign(report, relativeStats(daily, benchmarkDaily(p.benchmark, ta, tb)));
  return report;
}

function benchmarkDaily(bench: BenchmarkSeries, ta: number, tb: number): DailyReturns {
  if (bench.ts.length === 0) return { ends: [], returns: new Float64Array(0) };
  return dailyReturns(bench.ts, bench.index, ta, tb);
}
