/** The /metrics families: the latest worker run, the last 24 hours of runs, and each account's newest snapshot. */
import type { RunRow, RunTotals } from '../../store/read-models/runs.ts';
import { runTotalsSince } from '../../store/read-models/runs.ts';
import type { MetricFamily, Sample } from '../prometheus.ts';
import type { AccountAnalytics } from './account-analytics.ts';
import type { DashboardContext } from './context.ts';

const DAY = 24 * 3600_000;
const RUN_STATUSES = ['running', 'ok', 'failed', 'timeout'] as const;

function gauge(name: string, help: string, samples: Sample[]): MetricFamily {
  return { name, help, type: 'gauge', samples };
}

function one(value: number | null | undefined): Sample[] {
  return value === null || value === undefined ? [] : [{ value }];
}

export function runFamilies(run: RunRow | null, day: RunTotals): MetricFamily[] {
  const finished = run?.finishedAt ?? null;
  return [
    gauge(
      'bpm_last_run_start_time_seconds',
      'Start of the latest worker run (Unix time).',
      one(run && run.startedAt / 1000),
    ),
    gauge(
      'bpm_last_run_end_time_seconds',
      'End of the latest worker run (Unix time); absent while it runs.',
      one(finished === null ? null : finished / 1000),
    ),
    gauge(
      'bpm_last_run_duration_seconds',
      'Duration of the latest finished worker run.',
      one(run && finished !== null ? (finished - run.startedAt) / 1000 : null),
    ),
    gauge(
      'bpm_last_run_status',
      'Status of the latest worker run: 1 for the current status label.',
      run ? RUN_STATUSES.map((s) => ({ labels: { status: s }, value: run.status === s ? 1 : 0 })) : [],
    ),
    gauge(
      'bpm_last_run_accounts',
      'Accounts the latest worker run snapshotted, by result.',
      run
        ? [
            { labels: { result: 'ok' }, value: run.accountsOk },
            { labels: { result: 'failed' }, value: run.accountsFailed },
          ]
        : [],
    ),
    gauge(
      'bpm_last_run_weight_used',
      'Binance request weight spent by the latest worker run.',
      one(run?.weightUsed),
    ),
    gauge(
      'bpm_weight_used_24h',
      'Binance request weight spent by worker runs started in the last 24 hours.',
      [{ value: day.weightUsed }],
    ),
    gauge('bpm_runs_24h', 'Worker runs started in the last 24 hours.', [{ value: day.runs }]),
    gauge('bpm_runs_failed_24h', 'Worker runs in the last 24 hours that failed or timed out.', [
      { value: day.failed },
    ]),
  ];
}

export function accountFamilies(
  accounts: ReadonlyArray<{ name: string; a: AccountAnalytics }>,
): MetricFamily[] {
  const per = (pick: (a: AccountAnalytics) => number | null): Sample[] =>
    accounts.flatMap(({ name, a }) => {
      const value = pick(a);
      return value === null ? [] : [{ labels: { account: name }, value }];
    });
  return [
    gauge(
      'bpm_account_nav_usd',
      'NAV of the newest complete snapshot, in USD.',
      per((a) => (a.lastComplete ? Number(a.lastComplete.nav) : null)),
    ),
    gauge(
      'bpm_account_benchmark_usd',
      'Benchmark value at the newest complete snapshot, in USD.',
      per((a) => (a.lastComplete?.benchmarkValue != null ? Number(a.lastComplete.benchmarkValue) : null)),
    ),
    gauge(
      'bpm_account_last_snapshot_time_seconds',
      'Slot of the newest snapshot of any status (Unix time).',
      per((a) => (a.last ? a.last.ts / 1000 : null)),
    ),
    gauge(
      'bpm_account_last_snapshot_complete',
      'Whether the newest snapshot is complete (1) or has failed wallets (0).',
      per((a) => (a.last ? (a.last.status === 'complete' ? 1 : 0) : null)),
    ),
  ];
}

export async function metricFamilies(ctx: DashboardContext): Promise<MetricFamily[]> {
  const [run, day, versions] = await Promise.all([
    ctx.latestRun(),
    runTotalsSince(ctx.db, ctx.now() - DAY),
    ctx.versions(),
  ]);
  const accounts = await Promise.all(
    versions
      .filter((v) => v.lastTs !== null)
      .map(async (v) => ({ name: v.name, a: await ctx.analytics.get(v.id, v.version) })),
  );
  return [
    gauge('bpm_up', 'Whether the store answered this scrape (1 = yes).', [{ value: 1 }]),
    ...runFamilies(run, day),
    gauge('bpm_accounts', 'Accounts in the store.', [{ value: versions.length }]),
    ...accountFamilies(accounts),
  ];
}
