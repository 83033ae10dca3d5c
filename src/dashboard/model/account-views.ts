/** The account page's views: summary and report, chart series, holdings, flows and fees. */
import Big from 'big.js';
import type { PerformanceFeeConfig } from '../../domain/types.ts';
import { type AccountView, accountViewByName } from '../../store/read-models/accounts.ts';
import { feeRows } from '../../store/read-models/fees.ts';
import { flowRows } from '../../store/read-models/flows.ts';
import { holdingsAt, latestCompleteHead } from '../../store/read-models/holdings.ts';
import { type NavRow, navRows } from '../../store/read-models/nav.ts';
import type {
  AccountInfo,
  AccountResponse,
  FeesResponse,
  FlowsResponse,
  HoldingsResponse,
  RangeView,
} from '../api-types.ts';
import { AccountNotFoundError } from '../errors.ts';
import { plausibleName, type RangeQuery } from '../validate.ts';
import { type AccountAnalytics, remember, reportFor, seriesFor } from './account-analytics.ts';
import { type DashboardContext, versionsOf } from './context.ts';
import { groupHoldings } from './holdings.ts';
import { resolveRange } from './ranges.ts';
import { buildSeries, incompleteIn } from './series.ts';

export async function findAccount(ctx: DashboardContext, name: string): Promise<AccountView> {
  const account = plausibleName(name) ? await accountViewByName(ctx.db, name) : null;
  if (!account) throw new AccountNotFoundError(name);
  return account;
}

function performanceFee(json: string | null): AccountInfo['performanceFee'] {
  if (!json) return null;
  const f = JSON.parse(json) as PerformanceFeeConfig;
  return { rate: String(f.rate), period: String(f.period), alphaOnly: Boolean(f.alphaOnly) };
}

export function accountInfo(a: AccountView): AccountInfo {
  return {
    name: a.name,
    enabled: a.enabled,
    subAccountOf: a.subAccountOf,
    createdAt: a.createdAt,
    performanceFee: performanceFee(a.feeConfig),
  };
}

async function analyticsOf(ctx: DashboardContext, account: AccountView): Promise<AccountAnalytics> {
  const version = (await versionsOf(ctx)).find((v) => v.id === account.id)?.version ?? 'none';
  return ctx.analytics.get(account.id, version);
}

/** The summary of any analytics (an account's or the total's) over a range. */
export function summaryOf(info: AccountInfo, a: AccountAnalytics, range: RangeView): AccountResponse {
  const last = a.lastComplete;
  return {
    account: info,
    range,
    firstTs: a.firstTs,
    lastTs: a.last?.ts ?? null,
    latest: last && { ts: last.ts, nav: last.nav, benchmark: last.benchmarkValue },
    report: reportFor(a, range.from, range.to),
    incomplete: incompleteIn(a, range.from, range.to),
  };
}

/**
 * The series answer as UTF-8 JSON. The columns (up to 2000 points × 6 arrays, ~130 kB) depend only on the
 * anchoring snapshots, so they are serialised and encoded once and cached; only the small range and incomplete
 * parts are encoded per request, and the answer is those bytes joined (no large string built or encoded again).
 */
export function seriesJsonOf(name: string, a: AccountAnalytics, range: RangeView, points: number): Buffer {
  const columns = seriesFor(a, range.from, range.to, points, () => {
    const { ts, nav, benchmark, index, benchmarkIndex, drawdown, total, downsampling } = buildSeries(
      name,
      a,
      range,
      points,
    );
    const json = JSON.stringify({ total, downsampling, ts, nav, benchmark, index, benchmarkIndex, drawdown });
    return Buffer.from(json.slice(1, -1), 'utf8');
  });
  const incomplete = JSON.stringify(incompleteIn(a, range.from, range.to));
  return Buffer.concat([
    Buffer.from(`{"account":${JSON.stringify(name)},"range":${JSON.stringify(range)},`, 'utf8'),
    columns,
    Buffer.from(`,"incomplete":${incomplete}}`, 'utf8'),
  ]);
}

export async function accountSummary(
  ctx: DashboardContext,
  name: string,
  q: RangeQuery,
): Promise<AccountResponse> {
  const account = await findAccount(ctx, name);
  const a = await analyticsOf(ctx, account);
  return summaryOf(accountInfo(account), a, resolveRange(q, ctx.now(), a.firstTs));
}

export async function accountSeriesJson(ctx: DashboardContext, name: string, q: RangeQuery): Promise<Buffer> {
  const account = await findAccount(ctx, name);
  const a = await analyticsOf(ctx, account);
  return seriesJsonOf(account.name, a, resolveRange(q, ctx.now(), a.firstTs), q.points ?? 2000);
}

/**
 * Every stored snapshot (complete or not) as CSV rows, at full resolution. The whole-history export is cached
 * with the account's data version.
 */
export async function accountNavCsv(
  ctx: DashboardContext,
  name: string,
  range: { from?: number; to?: number },
  render: (rows: readonly NavRow[]) => string,
): Promise<{ account: AccountView; csv: string }> {
  const account = await findAccount(ctx, name);
  const load = async () => render(await navRows(ctx.db, account.id, range));
  if (range.from !== undefined || range.to !== undefined) return { account, csv: await load() };
  const a = await analyticsOf(ctx, account);
  const cache = a.series as Map<string, Promise<string>>;
  return { account, csv: await remember(cache, 'nav.csv', load) };
}

export async function accountHoldings(ctx: DashboardContext, name: string): Promise<HoldingsResponse> {
  const account = await findAccount(ctx, name);
  const head = await latestCompleteHead(ctx.db, account.id);
  if (head === null) return groupHoldings(account.name, null, []);
  return {
    ...groupHoldings(account.name, head.ts, await holdingsAt(ctx.db, account.id, head.ts)),
    notEnabled: head.notEnabledWallets,
  };
}

export async function accountFlows(
  ctx: DashboardContext,
  name: string,
  range: { from?: number; to?: number },
): Promise<FlowsResponse> {
  const account = await findAccount(ctx, name);
  const [flows, a] = await Promise.all([flowRows(ctx.db, account.id, range), analyticsOf(ctx, account)]);
  const start = a.prepared.portfolio.ts[0] ?? null;
  let counted = new Big(0);
  let inHistory = new Big(0);
  let pending = 0;
  for (const f of flows) {
    if (f.status === 'counted' && f.usdValue !== null) {
      counted = counted.plus(f.usdValue);
      if (start !== null && f.ts > start) inHistory = inHistory.plus(f.usdValue);
    }
    if (f.status === 'pending') pending++;
  }
  return {
    account: account.name,
    flows,
    countedUsd: counted.toFixed(),
    pending,
    historyStartTs: start,
    countedInHistoryUsd: inHistory.toFixed(),
    countedBeforeHistoryUsd: counted.minus(inHistory).toFixed(),
  };
}

export async function accountFees(ctx: DashboardContext, name: string): Promise<FeesResponse> {
  const account = await findAccount(ctx, name);
  const fees = await feeRows(ctx.db, account.id);
  const accrued = fees.filter((f) => f.status !== 'waived').reduce((s, f) => s.plus(f.fee), new Big(0));
  return {
    account: account.name,
    performanceFee: performanceFee(account.feeConfig),
    fees,
    accruedUsd: accrued.toFixed(),
  };
}
