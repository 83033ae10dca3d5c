/**
 * Performance fees with a high-water mark on the return index (design.md §6).
 *
 * At each period end, with I_end the index at the period's closing snapshot (the last complete snapshot at or
 * before the period end) and HWM the high-water mark before it:
 *   I_end > HWM → fee = rate · NAV_end · (1 − HWM / I_end), rounded to 8 decimals, and HWM becomes I_end;
 *   otherwise → no fee, HWM unchanged.
 * The first HWM is the index at the first period's opening snapshot. Because the index is flow-neutral, a
 * deposit never earns a fee and a withdrawal (a fee payment included, which is recorded as a flow) never costs
 * one. With alphaOnly the fee is charged only when the period's alpha (TWR − benchmark TWR) is positive; the
 * HWM still rises to I_end when the index made a new high, so a gain made while trailing the benchmark can never
 * be charged in a later period. No benchmark data under alphaOnly means no fee. A NAV_end ≤ 0 means no fee.
 * Everything is recomputed from the series: the same facts give the same rows (idempotent), and a late flow
 * that changes the index restates every later row.
 */
import Big from 'big.js';
import type { Range } from './periods.ts';
import { benchmarkSeries } from './returns.ts';
import { lastAtOrBefore } from './stats.ts';
import type { BenchmarkPoint, Decimal, NavPoint, PerformanceFeeConfig } from './types.ts';

export interface FeePeriodResult {
  period_start: number;
  period_end: number;
  start_index: number;
  end_index: number;
  hwm_before: number;
  hwm_after: number;
  nav_end: Decimal;
  rate: Decimal;
  fee: Decimal;
  /** The period's alpha; null without benchmark data. */
  alpha: number | null;
}

export function accrueFees(
  config: PerformanceFeeConfig,
  indexSeries: readonly { ts: number; index: number }[],
  navs: readonly NavPoint[],
  benchmark: readonly BenchmarkPoint[],
  periods: readonly Range[],
): FeePeriodResult[] {
  const ts = indexSeries.map((p) => p.ts);
  const navByTs = new Map<number, Decimal>();
  for (const p of navs) if (p.status === 'complete') navByTs.set(p.ts, p.nav);
  const bench = benchmarkSeries(benchmark);
  const rows: FeePeriodResult[] = [];
  let hwm: number | null = null;
  for (const period of [...periods].sort((x, y) => x.from - y.from)) {
    const end = lastAtOrBefore(ts, period.to);
    // end 0 is the first snapshot itself: the period ended before any sub-period existed
    if (end <= 0) continue;
    const start = Math.max(0, lastAtOrBefore(ts, period.from));
    const startIndex = indexSeries[start]!.index;
    const endIndex = indexSeries[end]!.index;
    const navEnd = navByTs.get(indexSeries[end]!.ts);
    if (navEnd === undefined) continue;
    const hwmBefore: number = hwm ?? startIndex;
    const alpha = periodAlpha(startIndex, endIndex, bench, indexSeries[start]!.ts, indexSeries[end]!.ts);
    const newHigh = endIndex > hwmBefore;
    const charge = newHigh && (!config.alphaOnly || (alpha !== null && alpha > 0)) && new Big(navEnd).gt(0);
    const fee = charge ? feeAmount(config.rate, navEnd, hwmBefore, endIndex) : '0';
    hwm = newHigh ? endIndex : hwmBefore;
    rows.push({
      period_start: period.from,
      period_end: period.to,
      start_index: startIndex,
      end_index: endIndex,
      hwm_before: hwmBefore,
      hwm_after: hwm,
      nav_end: navEnd,
      rate: config.rate,
      fee,
      alpha,
    });
  }
  return rows;
}

/** rate · NAV_end · (1 − HWM / I_end), in exact decimals from the floats' shortest representations. */
export function feeAmount(rate: Decimal, navEnd: Decimal, hwm: number, endIndex: number): Decimal {
  const share = new Big(1).minus(new Big(hwm).div(new Big(endIndex)));
  return new Big(rate).times(navEnd).times(share).round(8).toFixed();
}

function periodAlpha(
  startIndex: number,
  endIndex: number,
  bench: ReturnType<typeof benchmarkSeries>,
  ta: number,
  tb: number,
): number | null {
  const ka = lastAtOrBefore(bench.ts, ta);
  const kb = lastAtOrBefore(bench.ts, tb);
  if (ka < 0 || kb < 0 || !(startIndex > 0) || !(bench.index[ka]! > 0)) return null;
  return endIndex / startIndex - bench.index[kb]! / bench.index[ka]!;
}
