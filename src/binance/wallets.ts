import type { RequestContext } from './context.ts';
import { ENDPOINTS } from './endpoints.ts';
import { collectPages } from './paging.ts';
import { send } from './pipeline.ts';
import {
  type AccountSnapshot,
  type ApiRestrictions,
  accountSnapshotSchema,
  apiRestrictionsSchema,
  type CoinmAccount,
  type CrossMarginAccount,
  coinmAccountSchema,
  crossMarginAccountSchema,
  type EarnFlexiblePosition,
  type EarnLockedPosition,
  earnFlexiblePageSchema,
  earnLockedPageSchema,
  type FundingAsset,
  fundingAssetsSchema,
  type IsolatedMarginAccount,
  isolatedMarginAccountSchema,
  type SpotAccount,
  spotAccountSchema,
  type UsdmAccount,
  type UserAsset,
  usdmAccountSchema,
  userAssetsSchema,
} from './schemas/wallets.ts';

const EARN_PAGE_SIZE = 100;

export function spotAccount(ctx: RequestContext, signal?: AbortSignal): Promise<SpotAccount> {
  return send(ctx, ENDPOINTS.spotAccount, { omitZeroBalances: true }, spotAccountSchema, signal);
}

export function fundingAssets(ctx: RequestContext, signal?: AbortSignal): Promise<FundingAsset[]> {
  return send(ctx, ENDPOINTS.fundingAssets, {}, fundingAssetsSchema, signal);
}

export function userAssets(ctx: RequestContext, signal?: AbortSignal): Promise<UserAsset[]> {
  return send(ctx, ENDPOINTS.userAssets, {}, userAssetsSchema, signal);
}

export function crossMarginAccount(ctx: RequestContext, signal?: AbortSignal): Promise<CrossMarginAccount> {
  return send(ctx, ENDPOINTS.crossMarginAccount, {}, crossMarginAccountSchema, signal);
}

export function isolatedMarginAccount(
  ctx: RequestContext,
  signal?: AbortSignal,
): Promise<IsolatedMarginAccount> {
  return send(ctx, ENDPOINTS.isolatedMarginAccount, {}, isolatedMarginAccountSchema, signal);
}

export function usdmAccount(ctx: RequestContext, signal?: AbortSignal): Promise<UsdmAccount> {
  return send(ctx, ENDPOINTS.usdmAccount, {}, usdmAccountSchema, signal);
}

export function coinmAccount(ctx: RequestContext, signal?: AbortSignal): Promise<CoinmAccount> {
  return send(ctx, ENDPOINTS.coinmAccount, {}, coinmAccountSchema, signal);
}

export function earnFlexiblePositions(
  ctx: RequestContext,
  signal?: AbortSignal,
): Promise<EarnFlexiblePosition[]> {
  return collectPages(EARN_PAGE_SIZE, async (current) => {
    const page = await send(
      ctx,
      ENDPOINTS.earnFlexiblePositions,
      { current, size: EARN_PAGE_SIZE },
      earnFlexiblePageSchema,
      signal,
    );
    return { items: page.rows, total: page.total };
  });
}

export function earnLockedPositions(
  ctx: RequestContext,
  signal?: AbortSignal,
): Promise<EarnLockedPosition[]> {
  return collectPages(EARN_PAGE_SIZE, async (current) => {
    const page = await send(
      ctx,
      ENDPOINTS.earnLockedPositions,
      { current, size: EARN_PAGE_SIZE },
      earnLockedPageSchema,
      signal,
    );
    return { items: page.rows, total: page.total };
  });
}

export function apiRestrictions(ctx: RequestContext, signal?: AbortSignal): Promise<ApiRestrictions> {
  return send(ctx, ENDPOINTS.apiRestrictions, {}, apiRestrictionsSchema, signal);
}

export type SnapshotType = 'SPOT' | 'MARGIN' | 'FUTURES';

export interface SnapshotQuery {
  startTime?: number;
  endTime?: number;
  /** 7 … 30 days */
  limit?: number;
}

export function accountSnapshot(
  ctx: RequestContext,
  type: SnapshotType,
  query: SnapshotQuery,
  signal?: AbortSignal,
): Promise<AccountSnapshot> {
  return send(ctx, ENDPOINTS.accountSnapshot, { type, ...query }, accountSnapshotSchema, signal);
}
