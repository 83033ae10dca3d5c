import { ENDPOINTS, type EndpointName, LIMIT_PER_MINUTE, type LimitFamily } from '../binance/endpoints.ts';

/** The calls one account's hourly snapshot makes (one page each; Earn pages beyond the first cost again). */
export const SNAPSHOT_CALLS: readonly EndpointName[] = [
  'spotAccount',
  'fundingAssets',
  'crossMarginAccount',
  'isolatedMarginAccount',
  'usdmAccount',
  'coinmAccount',
  'earnFlexiblePositions',
  'earnLockedPositions',
  'depositHistory',
  'withdrawHistory',
  'fiatOrders',
  'fiatOrders',
  'fiatPayments',
  'fiatPayments',
  'payTransactions',
];

/** A monitored sub-account also reads its transfers with the master. */
export const SUB_ACCOUNT_CALLS: readonly EndpointName[] = ['subAccountTransferHistory'];

/** Once per run, shared by every account. */
export const RUN_CALLS: readonly EndpointName[] = ['exchangeInfo', 'tickerPrices'];

export interface EndpointWeight {
  endpoint: string;
  limit: LimitFamily;
  weight: number;
  /** The per-minute budget this weight is drawn from. */
  budget: number;
}

/** Weight per endpoint (summed when an endpoint is called more than once) for the given calls. */
export function weightOf(calls: readonly EndpointName[]): EndpointWeight[] {
  const byPath = new Map<string, EndpointWeight>();
  for (const name of calls) {
    const e = ENDPOINTS[name];
    const row = byPath.get(e.path) ?? {
      endpoint: `${e.method} ${e.path}`,
      limit: e.limit,
      weight: 0,
      budget: LIMIT_PER_MINUTE[e.limit],
    };
    row.weight += e.weight;
    byPath.set(e.path, row);
  }
  return [...byPath.values()];
}

/** The weight one account's snapshot draws from each shared (per-IP) budget. */
export function ipWeightByBudget(
  rows: readonly EndpointWeight[],
): Map<string, { weight: number; budget: number }> {
  const out = new Map<string, { weight: number; budget: number }>();
  for (const r of rows) {
    if (r.limit === 'sapi-uid') continue;
    // /api, fapi and dapi count every endpoint against one budget; each sapi IP endpoint has its own.
    const key = r.limit === 'sapi-ip' ? r.endpoint : r.limit;
    const cur = out.get(key) ?? { weight: 0, budget: r.budget };
    cur.weight += r.weight;
    out.set(key, cur);
  }
  return out;
}

/**
 * Accounts per minute the IP budgets allow: the tightest budget / its per-account weight. UID budgets are per
 * account and an account is read once an hour, so they never bind.
 */
export function maxAccountsPerMinute(subAccount = false): { accounts: number; bindingBudget: string } {
  const calls = subAccount ? [...SNAPSHOT_CALLS, ...SUB_ACCOUNT_CALLS] : SNAPSHOT_CALLS;
  let best = { accounts: Number.POSITIVE_INFINITY, bindingBudget: '' };
  for (const [key, { weight, budget }] of ipWeightByBudget(weightOf(calls))) {
    const accounts = budget / weight;
    if (accounts < best.accounts) best = { accounts, bindingBudget: key };
  }
  return best;
}
