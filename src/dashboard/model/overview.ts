/** The overview: every account and the total, with short-period returns and alpha since inception. */
import { resolvePeriod } from '../../domain/periods.ts';
import { lastAtOrBefore } from '../../domain/stats.ts';
import { listAccountViews } from '../../store/read-models/accounts.ts';
import type { ChangeSet, OverviewResponse, OverviewRow } from '../api-types.ts';
import { type AccountAnalytics, reportFor } from './account-analytics.ts';
import { type DashboardContext, versionsOf } from './context.ts';
import { lastRunView } from './ops-views.ts';

const CHANGE_PERIODS = ['24h', '7d', '30d'] as const;
const DAY = 24 * 3600_000;
const TREND_DAYS = 30;
const TREND_POINTS = 61;

/** The 30-day return (index rebased to 0) sampled at evenly spaced instants: the overview's sparkline. */
export function trend(a: AccountAnalytics, now: number): number[] {
  const { ts, index } = a.prepared.portfolio;
  const from = now - TREND_DAYS * DAY;
  const start = Math.max(0, lastAtOrBefore(ts, from));
  const base = index[start];
  if (base === undefined || !(base > 0)) return [];
  const out: number[] = [];
  for (let k = 0; k < TREND_POINTS; k++) {
    const i = lastAtOrBefore(ts, from + (k * (now - from)) / (TREND_POINTS - 1));
    if (i >= start) out.push(Math.round((index[i]! / base - 1) * 1e6) / 1e6);
  }
  return out;
}

function changes(a: AccountAnalytics, now: number, pick: 'twr' | 'benchmark_twr'): ChangeSet {
  const out = { '24h': null, '7d': null, '30d': null } as ChangeSet;
  for (const name of CHANGE_PERIODS) {
    const r = resolvePeriod(name, now, a.firstTs ?? now);
    out[name] = reportFor(a, r.from, r.to)[pick];
  }
  return out;
}

export function overviewRow(
  name: string,
  enabled: boolean,
  a: AccountAnalytics | null,
  now: number,
): OverviewRow {
  const none: ChangeSet = { '24h': null, '7d': null, '30d': null };
  if (!a || a.firstTs === null) {
    return {
      name,
      enabled,
      ts: null,
      nav: null,
      benchmark: null,
      change: none,
      benchmarkChange: none,
      twr: null,
      alpha: null,
      trend: [],
      lastSnapshot: null,
    };
  }
  const all = reportFor(a, a.firstTs, now);
  return {
    name,
    enabled,
    ts: a.lastComplete?.ts ?? null,
    nav: a.lastComplete?.nav ?? null,
    benchmark: a.lastComplete?.benchmarkValue ?? null,
    change: changes(a, now, 'twr'),
    benchmarkChange: changes(a, now, 'benchmark_twr'),
    twr: all.twr,
    alpha: all.alpha,
    trend: trend(a, now),
    lastSnapshot: a.last && { ts: a.last.ts, status: a.last.status, failedWallets: a.last.failedWallets },
  };
}

export async function buildOverview(ctx: DashboardContext): Promise<OverviewResponse> {
  const now = ctx.now();
  const [accounts, versions, lastRun] = await Promise.all([
    listAccountViews(ctx.db),
    versionsOf(ctx),
    lastRunView(ctx),
  ]);
  const rows = await Promise.all(
    accounts.map(async (account) => {
      const v = versions.find((x) => x.id === account.id);
      const a = v && v.lastTs !== null ? await ctx.analytics.get(account.id, v.version) : null;
      return overviewRow(account.name, account.enabled, a, now);
    }),
  );
  const sum = accounts.length > 1 ? await ctx.aggregate.get(versions) : null;
  return {
    generatedAt: now,
    accounts: rows,
    total: sum ? overviewRow('Total', true, sum, now) : null,
    lastRun,
  };
}
