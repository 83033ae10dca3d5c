/**
 * The total of all accounts as one portfolio (design.md §5: NAV, flows and benchmark values summed, returns
 * computed on the sums), served in the account page's shapes so the same page can show it.
 */
import type { AccountInfo, AccountResponse } from '../api-types.ts';
import { DashboardHttpError } from '../errors.ts';
import type { RangeQuery } from '../validate.ts';
import type { AccountAnalytics } from './account-analytics.ts';
import { seriesJsonOf, summaryOf } from './account-views.ts';
import type { DashboardContext } from './context.ts';
import { resolveRange } from './ranges.ts';

export const TOTAL_NAME = 'All accounts';

const TOTAL_INFO: AccountInfo = {
  name: TOTAL_NAME,
  enabled: true,
  subAccountOf: null,
  createdAt: 0,
  performanceFee: null,
};

async function totalAnalytics(ctx: DashboardContext): Promise<AccountAnalytics> {
  const sum = await ctx.aggregate.get(await ctx.versions());
  if (!sum) throw new DashboardHttpError(404, 'no account has a snapshot yet');
  return sum;
}

export async function totalSummary(ctx: DashboardContext, q: RangeQuery): Promise<AccountResponse> {
  const a = await totalAnalytics(ctx);
  return summaryOf(TOTAL_INFO, a, resolveRange(q, ctx.now(), a.firstTs));
}

export async function totalSeriesJson(ctx: DashboardContext, q: RangeQuery): Promise<Buffer> {
  const a = await totalAnalytics(ctx);
  return seriesJsonOf(TOTAL_NAME, a, resolveRange(q, ctx.now(), a.firstTs), q.points ?? 2000);
}
