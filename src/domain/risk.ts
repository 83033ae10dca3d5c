/**
 * Risk on the chain-linked return index (design.md §5). Daily returns are over the whole UTC days inside [a, b]:
 * the index is sampled at each UTC midnight in [a, b], from the last point at or before it, and each return is
 * the ratio of consecutive midnights. A partial first or last day is not a daily return (an hour's move taken as
 * a day would distort volatility, Sharpe, beta and the best and worst day): it stays in TWR and drawdown only.
 * A gap repeats the last known value (a 0 return for the missing day, the move lands on the day the next
 * snapshot arrives).
 */
import { midnightsWithin } from './periods.ts';
import {
  downsideDeviation,
  lastAtOrBefore,
  mean,
  safeRatio,
  sampleCovariance,
  sampleStdev,
} from './stats.ts';

const ANNUAL_DAYS = 365;

export interface Drawdown {
  /** (trough / peak) − 1 ≤ 0 on the index; 0 when the index never fell; null with fewer than two points. */
  max_drawdown: number | null;
  max_drawdown_peak: number | null;
  max_drawdown_trough: number | null;
  /** First time at or after the trough the index is back at the peak's level; null when not recovered. */
  max_drawdown_recovery: number | null;
}

/** Maximum drawdown over points [from, to] (inclusive) of an index series. */
export function maxDrawdown(
  ts: ArrayLike<number>,
  index: ArrayLike<number>,
  from: number,
  to: number,
): Drawdown {
  const none: Drawdown = {
    max_drawdown: null,
    max_drawdown_peak: null,
    max_drawdown_trough: null,
    max_drawdown_recovery: null,
  };
  if (to - from < 1) return none;
  let peakI = from;
  let worst = 0;
  let worstPeak = -1;
  let worstTrough = -1;
  for (let i = from; i <= to; i++) {
    const v = index[i]!;
    if (v > index[peakI]!) peakI = i;
    const peak = index[peakI]!;
    const dd = peak > 0 ? v / peak - 1 : 0;
    if (dd < worst) {
      worst = dd;
      worstPeak = peakI;
      worstTrough = i;
    }
  }
  if (worstTrough < 0) return { ...none, max_drawdown: 0 };
  let recovery: number | null = null;
  const level = index[worstPeak]!;
  for (let i = worstTrough + 1; i <= to; i++) {
    if (index[i]! >= level) {
      recovery = ts[i]!;
      break;
    }
  }
  return {
    max_drawdown: worst,
    max_drawdown_peak: ts[worstPeak]!,
    max_drawdown_trough: ts[worstTrough]!,
    max_drawdown_recovery: recovery,
  };
}

export interface DailyReturns {
  /** The end instant of each day: the UTC midnight closing it. */
  ends: number[];
  returns: Float64Array;
}

/** The index sampled at every UTC midnight in [a, b]; the returns of the whole days between them. */
export function dailyReturns(
  ts: ArrayLike<number>,
  index: ArrayLike<number>,
  a: number,
  b: number,
): DailyReturns {
  const ends = midnightsWithin(a, b);
  const values: number[] = [];
  for (const t of ends) {
    const k = lastAtOrBefore(ts, t);
    values.push(k >= 0 ? index[k]! : Number.NaN);
  }
  const returns: number[] = [];
  const dayEnds: number[] = [];
  for (let i = 1; i < values.length; i++) {
    const prev = values[i - 1]!;
    const cur = values[i]!;
    if (!(prev > 0) || !Number.isFinite(cur)) continue;
    returns.push(cur / prev - 1);
    dayEnds.push(ends[i]!);
  }
  return { ends: dayEnds, returns: Float64Array.from(returns) };
}

export interface RiskStats {
  volatility: number | null;
  sharpe: number | null;
  sortino: number | null;
  best_day: number | null;
  best_day_at: number | null;
  worst_day: number | null;
  worst_day_at: number | null;
}

/** Daily risk-free rate equivalent to an annual one: (1 + rf)^(1/365) − 1. */
export function dailyRiskFree(annual: number): number {
  return (1 + annual) ** (1 / ANNUAL_DAYS) - 1;
}

/**
 * volatility = stdev(d)·√365; Sharpe = (mean(d) − rf_d)/stdev(d)·√365; Sortino = (mean(d) − rf_d) /
 * downside deviation(d, rf_d)·√365. Null when the statistic is undefined (fewer than two days, zero spread).
 */
export function riskStats(daily: DailyReturns, riskFreeAnnual: number): RiskStats {
  const d = daily.returns;
  const sd = sampleStdev(d);
  const m = mean(d);
  const rf = dailyRiskFree(riskFreeAnnual);
  const excess = m === null ? null : m - rf;
  const sqrtYear = Math.sqrt(ANNUAL_DAYS);
  const scale = (x: number | null) => (x === null ? null : x * sqrtYear);
  let best = -1;
  let worst = -1;
  for (let i = 0; i < d.length; i++) {
    if (best < 0 || d[i]! > d[best]!) best = i;
    if (worst < 0 || d[i]! < d[worst]!) worst = i;
  }
  return {
    volatility: scale(sd),
    sharpe: scale(safeRatio(excess, sd)),
    sortino: scale(safeRatio(excess, downsideDeviation(d, rf))),
    best_day: best < 0 ? null : d[best]!,
    best_day_at: best < 0 ? null : daily.ends[best]!,
    worst_day: worst < 0 ? null : d[worst]!,
    worst_day_at: worst < 0 ? null : daily.ends[worst]!,
  };
}

export interface RelativeStats {
  tracking_error: number | null;
  information_ratio: number | null;
  beta: number | null;
}

/**
 * Against the benchmark's daily returns on the same day grid: active a = d_p − d_b; tracking error =
 * stdev(a)·√365; information ratio = mean(a)/stdev(a)·√365; beta = cov(d_p, d_b)/var(d_b).
 */
export function relativeStats(portfolio: DailyReturns, benchmark: DailyReturns): RelativeStats {
  const none = { tracking_error: null, information_ratio: null, beta: null };
  const n = portfolio.returns.length;
  if (n !== benchmark.returns.length || n < 2) return none;
  for (let i = 0; i < n; i++) if (portfolio.ends[i] !== benchmark.ends[i]) return none;
  const active = new Float64Array(n);
  for (let i = 0; i < n; i++) active[i] = portfolio.returns[i]! - benchmark.returns[i]!;
  const te = sampleStdev(active);
  const sqrtYear = Math.sqrt(ANNUAL_DAYS);
  const ir = safeRatio(mean(active), te);
  const varB = sampleCovariance(benchmark.returns, benchmark.returns);
  return {
    tracking_error: te === null ? null : te * sqrtYear,
    information_ratio: ir === null ? null : ir * sqrtYear,
    beta: safeRatio(sampleCovariance(portfolio.returns, benchmark.returns), varB),
  };
}
