/**
 * When an alert is due, from facts read out of the store. Pure: the data in, an Alert or null out.
 * Returns use the analytics of src/domain (flow-adjusted, so a withdrawal is never mistaken for a loss).
 */

import { benchmarkPointsFromFacts } from '../domain/benchmark-points.ts';
import { prepareAnalytics, reportOver } from '../domain/report.ts';
import { returnIndex } from '../domain/returns.ts';
import type { FlowPoint, NavPoint, WalletKind } from '../domain/types.ts';
import type { Alert, AlertThresholds } from './types.ts';

export interface AccountRef {
  id: string;
  name: string;
}

const iso = (ts: number) => new Date(ts).toISOString();
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const signedPct = (x: number) => `${x >= 0 ? '+' : ''}${pct(x)}`;

/** Outcomes of the latest runs, newest first: 'ok' or a failure kind. */
export function failedRunsAlert(
  latest: ReadonlyArray<{ slotTs: number; status: string; detail?: string | null }>,
  t: AlertThresholds,
  now: number,
): Alert | null {
  const streak = latest.slice(0, t.failedRuns);
  if (streak.length < t.failedRuns || streak.some((r) => r.status === 'ok')) return null;
  const last = streak[0]!;
  return {
    kind: 'failed_runs',
    accountId: null,
    accountName: null,
    ts: now,
    message:
      `The last ${t.failedRuns} worker runs did not succeed; the latest (slot ${iso(last.slotTs)}) ${last.status}` +
      (last.detail ? `: ${last.detail}` : ''),
    data: { runs: streak.map((r) => ({ slot: iso(r.slotTs), status: r.status })) },
  };
}

export function incompleteSnapshotAlert(
  account: AccountRef,
  latest: { ts: number; status: 'complete' | 'incomplete'; failedWallets: WalletKind[] } | null,
  now: number,
): Alert | null {
  if (latest?.status !== 'incomplete') return null;
  const wallets = latest.failedWallets.length ? latest.failedWallets.join(', ') : 'unknown';
  return {
    kind: 'incomplete_snapshot',
    accountId: account.id,
    accountName: account.name,
    ts: now,
    message: `Account "${account.name}": the snapshot of ${iso(latest.ts)} is incomplete (wallets not read: ${wallets})`,
    data: { slot: iso(latest.ts), failedWallets: latest.failedWallets },
  };
}

/** Current drawdown of the flow-adjusted return index from its highest point so far. */
export function drawdownAlert(
  account: AccountRef,
  navs: NavPoint[],
  flows: FlowPoint[],
  t: AlertThresholds,
  now: number,
): Alert | null {
  const index = returnIndex(navs, flows);
  if (index.length < 2) return null;
  let peak = index[0]!;
  for (const p of index) if (p.index > peak.index) peak = p;
  const last = index[index.length - 1]!;
  if (peak.index <= 0) return null;
  const drawdown = last.index / peak.index - 1;
  if (-drawdown <= t.drawdown) return null;
  return {
    kind: 'drawdown',
    accountId: account.id,
    accountName: account.name,
    ts: now,
    message:
      `Account "${account.name}" is ${pct(-drawdown)} below its peak of ${iso(peak.ts)} ` +
      `(flow-adjusted; alert threshold ${pct(t.drawdown)})`,
    data: { drawdown, peakTs: iso(peak.ts), lastTs: iso(last.ts), threshold: t.drawdown },
  };
}

/**
 * Time-weighted return against the benchmark's over the period ending at the latest snapshot. The benchmark is
 * chain-linked exactly from each flow's stored B(τ⁻) (flows without one are approximated, benchmark-points.ts).
 */
export function underperformanceAlert(
  account: AccountRef,
  navs: NavPoint[],
  flows: FlowPoint[],
  t: AlertThresholds,
  now: number,
): Alert | null {
  const prepared = prepareAnalytics(navs, flows, benchmarkPointsFromFacts(navs, flows));
  const report = reportOver(prepared, now - t.underperformancePeriodMs, now);
  if (report.twr === null || report.benchmark_twr === null || report.from === null || report.to === null) {
    return null;
  }
  // Only a full period counts: a young history would compare a few hours' noise.
  if (report.from > now - t.underperformancePeriodMs + 3_600_000) return null;
  const gap = report.twr - report.benchmark_twr;
  if (-gap <= t.underperformance) return null;
  const days = Math.round(t.underperformancePeriodMs / 86_400_000);
  return {
    kind: 'underperformance',
    accountId: account.id,
    accountName: account.name,
    ts: now,
    message:
      `Account "${account.name}" trails its benchmark by ${pct(-gap)} over the last ${days} days ` +
      `(account ${signedPct(report.twr)}, benchmark ${signedPct(report.benchmark_twr)}; ` +
      `alert threshold ${pct(t.underperformance)})`,
    data: {
      twr: report.twr,
      benchmarkTwr: report.benchmark_twr,
      from: iso(report.from),
      to: iso(report.to),
      threshold: t.underperformance,
    },
  };
}
