/** Runs, logs and system status. */
import { listAccountViews } from '../../store/read-models/accounts.ts';
import { type LogFilter, listLogs } from '../../store/read-models/logs.ts';
import { incompleteHeads } from '../../store/read-models/nav.ts';
import {
  failedRunsSince,
  listRuns,
  type RunFilter,
  type RunRow,
  runTotalsSince,
} from '../../store/read-models/runs.ts';
import type { LogsResponse, LogView, RunsResponse, RunView, StatusResponse } from '../api-types.ts';
import type { DashboardContext } from './context.ts';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

export function runView(r: RunRow): RunView {
  return { ...r, durationMs: r.finishedAt === null ? null : r.finishedAt - r.startedAt };
}

export async function lastRunView(ctx: DashboardContext): Promise<RunView | null> {
  const r = await ctx.latestRun();
  return r && runView(r);
}

export async function runsView(ctx: DashboardContext, f: RunFilter): Promise<RunsResponse> {
  return { runs: (await listRuns(ctx.db, f)).map(runView) };
}

export async function logsView(
  ctx: DashboardContext,
  f: Omit<LogFilter, 'accountId'> & { account?: string },
): Promise<LogsResponse> {
  const accounts = await listAccountViews(ctx.db);
  const names = new Map(accounts.map((a) => [a.id, a.name]));
  const accountId = f.account === undefined ? undefined : accounts.find((a) => a.name === f.account)?.id;
  const components = await ctx.logComponents();
  // An unknown account name matches nothing rather than everything.
  if (f.account !== undefined && accountId === undefined) return { logs: [], components, nextBeforeId: null };
  const logs = await listLogs(ctx.db, { ...f, accountId });
  return {
    logs: logs.map((l) => ({
      ...l,
      account: l.accountId === null ? null : (names.get(l.accountId) ?? null),
    })),
    components,
    nextBeforeId: logs.length === f.limit ? (logs[logs.length - 1]?.id ?? null) : null,
  };
}

export async function statusView(ctx: DashboardContext): Promise<StatusResponse> {
  const now = ctx.now();
  const [accounts, versions, lastRun, last24h, failedRuns, incomplete, errors] = await Promise.all([
    listAccountViews(ctx.db),
    ctx.versions(),
    lastRunView(ctx),
    runTotalsSince(ctx.db, now - DAY),
    failedRunsSince(ctx.db, now - 7 * DAY, 5),
    incompleteHeads(ctx.db),
    listLogs(ctx.db, { level: 'error', from: now - DAY, limit: 5 }),
  ]);
  const names = new Map(accounts.map((a) => [a.id, a.name]));
  const snapshots = versions.map((v) => v.lastTs).filter((t): t is number => t !== null);
  return {
    now,
    store: { dialect: ctx.dialect, reachable: true },
    accounts: { total: accounts.length, enabled: accounts.filter((a) => a.enabled).length },
    lastRun,
    nextRunAt: lastRun ? nextSlotAfter(Math.max(lastRun.slotTs, lastRun.startedAt), now) : null,
    lastSnapshotTs: snapshots.length > 0 ? Math.max(...snapshots) : null,
    last24h,
    failures: {
      runs: failedRuns.map(runView),
      incomplete: incomplete.map((i) => ({
        account: names.get(i.accountId) ?? i.accountId,
        ts: i.ts,
        failedWallets: i.failedWallets,
      })),
      errors: errors.map(
        (l): LogView => ({ ...l, account: l.accountId === null ? null : (names.get(l.accountId) ?? null) }),
      ),
    },
  };
}

/** The next top of the hour after both the last run and now (the default hourly schedule). */
export function nextSlotAfter(lastRunAt: number, now: number): number {
  return (Math.floor(Math.max(lastRunAt, now) / HOUR) + 1) * HOUR;
}
