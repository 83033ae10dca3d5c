import Big from 'big.js';
import type { LogEntry } from '../store/index.ts';
import type { AccountRunResult, RunSummary } from './types.ts';

const LEVEL: Record<AccountRunResult['status'], LogEntry['level']> = {
  ok: 'info',
  skipped: 'info',
  partial: 'warn',
  incomplete: 'warn',
  failed: 'error',
};

/** system_logs entries of a run: one per account (operation "collect") and one for the run itself. */
export function runLogEntries(summary: RunSummary): LogEntry[] {
  const perAccount: LogEntry[] = summary.accounts.map((r) => ({
    ts: summary.finishedAt,
    level: r.feeError !== undefined && LEVEL[r.status] === 'info' ? 'error' : LEVEL[r.status],
    component: 'worker',
    accountId: r.accountId,
    operation: 'collect',
    message: `${r.account}: ${r.status}${r.error ? ` (${r.error})` : ''}${r.feeError ? `; fees not accrued (${r.feeError})` : ''}`,
    data: {
      runId: summary.runId,
      slot: summary.slot,
      nav: r.nav,
      benchmarkValue: r.benchmarkValue,
      flowsCounted: r.flowsCounted,
      restated: r.restated,
      failedWallets: r.failedWallets,
      unpriced: r.unpriced,
      ...(r.feePeriods !== undefined ? { feePeriods: r.feePeriods } : {}),
      ...(r.feeError !== undefined ? { feeError: r.feeError } : {}),
    },
    durationMs: r.durationMs,
  }));
  const bad = summary.accounts.filter(
    (r) => (r.status !== 'ok' && r.status !== 'skipped') || r.feeError !== undefined,
  ).length;
  return [
    ...perAccount,
    {
      ts: summary.finishedAt,
      level: summary.exitCode === 0 ? 'info' : 'error',
      component: 'worker',
      accountId: null,
      operation: 'run',
      message:
        summary.error ??
        `run of ${new Date(summary.slot).toISOString()}: ${summary.accounts.length} accounts, ${bad} not ok`,
      data: { runId: summary.runId, slot: summary.slot, weightUsed: summary.weightUsed },
      durationMs: summary.finishedAt - summary.startedAt,
    },
  ];
}

/** One line per account for stdout: name, NAV, benchmark, status, flows counted, duration. */
export function summaryLine(r: AccountRunResult): string {
  const money = (v: string | null) => (v === null ? '-' : new Big(v).toFixed(2));
  const parts = [
    r.account,
    `nav=${money(r.nav)}`,
    `benchmark=${money(r.benchmarkValue)}`,
    `status=${r.status}`,
    `flows=${r.flowsCounted}`,
    `${(r.durationMs / 1000).toFixed(2)}s`,
  ];
  if (r.failedWallets.length > 0) parts.push(`failed=${r.failedWallets.join(',')}`);
  if (r.unpriced.length > 0) parts.push(`unpriced=${r.unpriced.join(',')}`);
  if (r.feePeriods !== undefined) parts.push(`fee-periods=${r.feePeriods}`);
  if (r.error && r.status === 'failed') parts.push(`error=${JSON.stringify(r.error)}`);
  if (r.feeError) parts.push(`fee-error=${JSON.stringify(r.feeError)}`);
  return parts.join('  ');
}
