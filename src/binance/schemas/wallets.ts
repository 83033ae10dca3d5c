import { z } from 'zod';
import { decimal, epochMs, id } from './common.ts';

export const spotAccountSchema = z.looseObject({
  canTrade: z.boolean(),
  canWithdraw: z.boolean(),
  canDeposit: z.boolean(),
  updateTime: epochMs,
  accountType: z.string(),
  balances: z.array(z.looseObject({ asset: z.string(), free: decimal, locked: decimal })),
  permissions: z.array(z.string()),
  uid: id,
});

const walletAssetShape = {
  asset: z.string(),
  free: decimal,
  locked: decimal,
  freeze: decimal,
  withdrawing: decimal,
  btcValuation: decimal,
};
export const fundingAssetsSchema = z.array(z.looseObject(walletAssetShape));
export const userAssetsSchema = z.array(z.looseObject({ ...walletAssetShape, ipoable: decimal }));

const marginAssetSchema = z.looseObject({
  asset: z.string(),
  borrowed: decimal,
  free: decimal,
  interest: decimal,
  locked: decimal,
  netAsset: decimal,
});

export const crossMarginAccountSchema = z.looseObject({
  marginLevel: decimal.optional(),
  totalAssetOfBtc: decimal.optional(),
  totalLiabilityOfBtc: decimal.optional(),
  totalNetAssetOfBtc: decimal.optional(),
  userAssets: z.array(marginAssetSchema),
});

export const isolatedMarginAccountSchema = z.looseObject({
  assets: z.array(
    z.looseObject({
      symbol: z.string(),
      baseAsset: marginAssetSchema,
      quoteAsset: marginAssetSchema,
    }),
  ),
  totalAssetOfBtc: decimal.optional(),
  totalLiabilityOfBtc: decimal.optional(),
  totalNetAssetOfBtc: decimal.optional(),
});

const futuresAssetSchema = z.looseObject({
  asset: z.string(),
  walletBalance: decimal,
  unrealizedProfit: decimal,
  marginBalance: decimal,
});
const futuresPositionSchema = z.looseObject({
  symbol: z.string(),
  positionAmt: decimal,
  unrealizedProfit: decimal,
});

export const usdmAccountSchema = z.looseObject({
  totalWalletBalance: decimal,
  totalUnrealizedProfit: decimal,
  totalMarginBalance: decimal,
  assets: z.array(futuresAssetSchema),
  positions: z.array(futuresPositionSchema),
});

export const coinmAccountSchema = z.looseObject({
  assets: z.array(futuresAssetSchema),
  positions: z.array(futuresPositionSchema),
});

export const earnFlexiblePageSchema = z.looseObject({
  rows: z.array(z.looseObject({ asset: z.string(), totalAmount: decimal, productId: id })),
  total: z.number(),
});

export const earnLockedPageSchema = z.looseObject({
  rows: z.array(
    z.looseObject({
      positionId: id,
      parentPositionId: id.optional(),
      projectId: id.optional(),
      asset: z.string(),
      amount: decimal,
      status: z.string(),
    }),
  ),
  total: z.number(),
});

export const apiRestrictionsSchema = z.looseObject({
  ipRestrict: z.boolean(),
  createTime: epochMs,
  enableReading: z.boolean(),
  enableWithdrawals: z.boolean(),
  enableSpotAndMarginTrading: z.boolean(),
  enableFutures: z.boolean(),
});

export const accountSnapshotSchema = z.looseObject({
  code: z.number(),
  msg: z.string(),
  snapshotVos: z.array(z.looseObject({ type: z.string(), updateTime: epochMs, data: z.looseObject({}) })),
});

export type SpotAccount = z.output<typeof spotAccountSchema>;
export type FundingAsset = z.output<typeof fundingAssetsSchema>[number];
export type UserAsset = z.output<typeof userAssetsSchema>[number];
export type CrossMarginAccount = z.output<typeof crossMarginAccountSchema>;
export type IsolatedMarginAccount = z.output<typeof isolatedMarginAccountSchema>;
export type UsdmAccount = z.output<typeof usdmAccountSchema>;
export type CoinmAccount = z.output<typeof coinmAccountSchema>;
export type EarnFlexiblePosition = z.output<typeof earnFlexiblePageSchema>['rows'][number];
export type EarnLockedPosition = z.output<typeof earnLockedPageSchema>['rows'][number];
export type ApiRestrictions = z.output<typeof apiRestrictionsSchema>;
export type AccountSnapshot = z.output<typeof accountSnapshotSchema>;
