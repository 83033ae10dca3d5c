export {
  type BinanceClient,
  type BinanceClientOptions,
  type BinanceCredentials,
  type CallOptions,
  createBinanceClient,
  sharedWeightLimiter,
  type UsedWeight,
  type WeightSpent,
} from './client.ts';
export * from './errors.ts';
export { parseBinanceJson } from './json.ts';
export { createWeightLimiter, type WeightLimiter, type WeightLimiterOptions } from './limiter.ts';
export type { TimeRange } from './paging.ts';
export type { RetryPolicy } from './retry.ts';
export type * from './schemas/history.ts';
export type * from './schemas/market.ts';
export type * from './schemas/wallets.ts';
