/** /healthz for orchestrators and /metrics for Prometheus. */
import { Hono } from 'hono';
import { sql } from 'kysely';
import { runTotalsSince } from '../../store/read-models/runs.ts';
import type { DashboardContext } from '../model/context.ts';
import { type MetricFamily, PROMETHEUS_CONTENT_TYPE, renderMetrics } from '../prometheus.ts';
import { noQuery, parseQuery } from '../validate.ts';

const DAY = 24 * 3600_000;

export function opsRoutes(ctx: DashboardContext): Hono {
  const r = new Hono();
  r.get('/healthz', async (c) => {
    c.header('Cache-Control', 'no-store');
    try {
      await sql`select 1`.execute(ctx.db);
      const run = await ctx.latestRun();
      const now = ctx.now();
      return c.json({
        status: 'ok',
        store: 'reachable',
        lastRun: run && {
          startedAt: run.startedAt,
          finishedAt: run.finishedAt,
          status: run.status,
          ageSeconds: Math.round((now - run.startedAt) / 1000),
        },
      });
    } catch (err) {
      return c.json({ status: 'unavailable', store: 'unreachable', error: (err as Error).name }, 503);
    }
  });

  r.get('/metrics', async (c) => {
    parseQuery(noQuery, c.req.query());
    const body = renderMetrics(await metricFamilies(ctx));
    return c.body(body, 200, { 'Content-Type': PROMETHEUS_CONTENT_TYPE, 'Cache-Control': 'no-store' });
  });
  return r;
}

async function metricFamilies(ctx: DashboardContext): Promise<MetricFamily[]> {
  const now = ctx.now();
  const [run, day, versions] = await Promise.all([
    ctx.latestRun(),
    runTotalsSince(ctx.db, now - DAY),
    ctx.versions(),
  ]);
  const analytics = await Promise.all(
    versions
      .filter((v) => v.lastTs !== null)
      .map(async (v) => ({ v, a: await ctx.analytics.get(v.id, v.version) })),
  );
  const gauge = (name: string, help: string, samples: MetricFamily['samples']): MetricFamily => ({
    name,
    help,
    type: 'gauge',
    samples,
  });
  const runSample = (value: number | null | undefined) =>
    run && value !== null && value !== undefined ? [{ value }] : [];
  return [
    gauge('bpm_up', 'Whether the store answered this scrape (1 = yes).', [{ value: 1 }]),
    gauge(
      'bpm_last_run_start_time_seconds',
      'Start of the latest worker run (Unix time).',
      runSample(run && run.startedAt / 1000),
    ),
    gauge(
      'bpm_last_run_end_time_seconds',
      'End of the latest worker run (Unix time); absent while it runs.',
      runSample(run?.finishedAt === null ? null : run && (run.finishedAt as number) / 1000),
    ),
    gauge(
      'bpm_last_run_duration_seconds',
      'Duration of the latest finished worker run.',
      runSample(run?.finishedAt == null ? null : run && ((run.finishedAt as number) - run.startedAt) / 1000),
    ),
    gauge(
      'bpm_last_run_status',
      'Status of the latest worker run: 1 for the current status label.',
      run
        ? ['running', 'ok', 'failed', 'timeout'].map((s) => ({
            labels: { status: s },
            value: run.status === s ? 1 : 0,
          }))
        : [],
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
      runSample(run?.weightUsed),
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
    gauge('bpm_accounts', 'Accounts in the store.', [{ value: versions.length }]),
    gauge(
      'bpm_account_nav_usd',
      'NAV of the newest complete snapshot, in USD.',
      analytics
        .filter(({ a }) => a.lastComplete)
        .map(({ v, a }) => ({ labels: { account: v.name }, value: Number(a.lastComplete?.nav) })),
    ),
    gauge(
      'bpm_account_benchmark_usd',
      'Benchmark value at the newest complete snapshot, in USD.',
      analytics
        .filter(({ a }) => a.lastComplete?.benchmarkValue != null)
        .map(({ v, a }) => ({ labels: { account: v.name }, value: Number(a.lastComplete?.benchmarkValue) })),
    ),
    gauge(
      'bpm_account_last_snapshot_time_seconds',
      'Slot of the newest snapshot of any status (Unix time).',
      analytics
        .filter(({ a }) => a.last)
        .map(({ v, a }) => ({ labels: { account: v.name }, value: (a.last?.ts ?? 0) / 1000 })),
    ),
    gauge(
      'bpm_account_last_snapshot_complete',
      'Whether the newest snapshot is complete (1) or has failed wallets (0).',
      analytics
        .filter(({ a }) => a.last)
        .map(({ v, a }) => ({ labels: { account: v.name }, value: a.last?.status === 'complete' ? 1 : 0 })),
    ),
  ];
}
