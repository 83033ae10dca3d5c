import { createHash } from 'node:crypto';
import { sharedServerClock } from './clock.ts';
import type { RequestContext } from './context.ts';
import { LIMIT_PER_MINUTE } from './endpoints.ts';
import * as history from './history.ts';
import { resolveHosts } from './hosts.ts';
import { createWeightLimiter, type WeightLimiter } from './limiter.ts';
import * as market from './market.ts';
import type { TimeRange } from './paging.ts';
import { DEFAULT_RETRY, type RetryPolicy } from './retry.ts';
import type {
  Deposit,
  FiatOrder,
  FiatPayment,
  PayTransaction,
  SubAccountTransfer,
  UniversalTransfer,
  WalletTransfer,
  Withdrawal,
} from './schemas/history.ts';
import type { ExchangeInfo, Kline, TickerPrice } from './schemas/market.ts';
import type {
  AccountSnapshot,
  ApiRestrictions,
  CoinmAccount,
  CrossMarginAccount,
  EarnFlexiblePosition,
  EarnLockedPosition,
  FundingAsset,
  IsolatedMarginAccount,
  SpotAccount,
  UsdmAccount,
  UserAsset,
} from './schemas/wallets.ts';
import { createSigner, type KeyType } from './signing.ts';
import * as wallets from './wallets.ts';

export { createWeightLimiter, type WeightLimiter } from './limiter.ts';

export interface BinanceCredentials {
  apiKey: string;
  /** HMAC: the API secret. Ed25519: the PKCS#8 PEM private key. */
  secret: string;
  keyType: KeyType;
}

export interface BinanceClientOptions {
  /** ONE setting routing api, sapi, fapi, dapi and data hosts to one base (the emulator). */
  baseUrl?: string;
  /** Defaults are Binance's real hosts. */
  hosts?: Partial<{ api: string; fapi: string; dapi: string; data: string }>;
  credentials?: BinanceCredentials;
  /** Per request (per try), default 10000. */
  timeoutMs?: number;
  /** Default 5000 (Binance allows up to 60000). */
  recvWindow?: number;
  /** SHARE one across all accounts of a process (IP limits are per IP). Default: one per process. */
  limiter?: WeightLimiter;
  /** Named in errors and logs (never the key). Also keys the account's UID-limited buckets. */
  accountLabel?: string;
  fetch?: typeof fetch;
  /** Retries of read-only requests after 5xx, resets and timeouts. */
  retry?: Partial<RetryPolicy>;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface WeightSpent {
  /** e.g. "api", "fapi", "sapi-ip /sapi/v1/margin/account", "sapi-uid /sapi/v1/capital/withdraw/history" */
  limit: string;
  /** Weight this client has sent against the limit since it was created. */
  weight: number;
  /** The limit per minute. */
  perMinute: number;
}

export interface UsedWeight {
  total: number;
  byLimit: WeightSpent[];
}

export interface BinanceClient {
  serverTime(options?: CallOptions): Promise<number>;
  /** Measures the clock offset again; returns it in ms (server − local). */
  syncClock(options?: CallOptions): Promise<number>;
  exchangeInfo(options?: CallOptions): Promise<ExchangeInfo>;
  tickerPrices(options?: CallOptions): Promise<TickerPrice[]>;
  klines(
    symbol: string,
    interval: string,
    query?: market.KlineQuery,
    options?: CallOptions,
  ): Promise<Kline[]>;
  spotAccount(options?: CallOptions): Promise<SpotAccount>;
  fundingAssets(options?: CallOptions): Promise<FundingAsset[]>;
  userAssets(options?: CallOptions): Promise<UserAsset[]>;
  crossMarginAccount(options?: CallOptions): Promise<CrossMarginAccount>;
  isolatedMarginAccount(options?: CallOptions): Promise<IsolatedMarginAccount>;
  usdmAccount(options?: CallOptions): Promise<UsdmAccount>;
  coinmAccount(options?: CallOptions): Promise<CoinmAccount>;
  earnFlexiblePositions(options?: CallOptions): Promise<EarnFlexiblePosition[]>;
  earnLockedPositions(options?: CallOptions): Promise<EarnLockedPosition[]>;
  apiRestrictions(options?: CallOptions): Promise<ApiRestrictions>;
  accountSnapshot(
    type: wallets.SnapshotType,
    query?: wallets.SnapshotQuery,
    options?: CallOptions,
  ): Promise<AccountSnapshot>;
  depositHistory(range: TimeRange, options?: CallOptions): Promise<Deposit[]>;
  withdrawHistory(range: TimeRange, options?: CallOptions): Promise<Withdrawal[]>;
  fiatOrders(
    transactionType: history.FiatTransactionType,
    range: TimeRange,
    options?: CallOptions,
  ): Promise<FiatOrder[]>;
  fiatPayments(
    transactionType: history.FiatTransactionType,
    range: TimeRange,
    options?: CallOptions,
  ): Promise<FiatPayment[]>;
  payTransactions(range: TimeRange, options?: CallOptions): Promise<PayTransaction[]>;
  subAccountTransferHistory(range: TimeRange, options?: CallOptions): Promise<SubAccountTransfer[]>;
  universalTransfers(range: TimeRange, options?: CallOptions): Promise<UniversalTransfer[]>;
  walletTransfers(type: string, range: TimeRange, options?: CallOptions): Promise<WalletTransfer[]>;
  usedWeight(): UsedWeight;
}

let processLimiter: WeightLimiter | undefined;

/** The limiter clients use when none is given: IP limits belong to the process, not to one client. */
export function sharedWeightLimiter(): WeightLimiter {
  processLimiter ??= createWeightLimiter();
  return processLimiter;
}

export function createBinanceClient(opts: BinanceClientOptions = {}): BinanceClient {
  const ctx = createContext(opts);
  return {
    serverTime: (o) => market.serverTime(ctx, o?.signal),
    syncClock: (o) => ctx.clock.sync(ctx.readServerTime, o?.signal),
    exchangeInfo: (o) => market.exchangeInfo(ctx, o?.signal),
    tickerPrices: (o) => market.tickerPrices(ctx, o?.signal),
    klines: (symbol, interval, query = {}, o) => market.klines(ctx, symbol, interval, query, o?.signal),
    spotAccount: (o) => wallets.spotAccount(ctx, o?.signal),
    fundingAssets: (o) => wallets.fundingAssets(ctx, o?.signal),
    userAssets: (o) => wallets.userAssets(ctx, o?.signal),
    crossMarginAccount: (o) => wallets.crossMarginAccount(ctx, o?.signal),
    isolatedMarginAccount: (o) => wallets.isolatedMarginAccount(ctx, o?.signal),
    usdmAccount: (o) => wallets.usdmAccount(ctx, o?.signal),
    coinmAccount: (o) => wallets.coinmAccount(ctx, o?.signal),
    earnFlexiblePositions: (o) => wallets.earnFlexiblePositions(ctx, o?.signal),
    earnLockedPositions: (o) => wallets.earnLockedPositions(ctx, o?.signal),
    apiRestrictions: (o) => wallets.apiRestrictions(ctx, o?.signal),
    accountSnapshot: (type, query = {}, o) => wallets.accountSnapshot(ctx, type, query, o?.signal),
    depositHistory: (range, o) => history.depositHistory(ctx, range, o?.signal),
    withdrawHistory: (range, o) => history.withdrawHistory(ctx, range, o?.signal),
    fiatOrders: (type, range, o) => history.fiatOrders(ctx, type, range, o?.signal),
    fiatPayments: (type, range, o) => history.fiatPayments(ctx, type, range, o?.signal),
    payTransactions: (range, o) => history.payTransactions(ctx, range, o?.signal),
    subAccountTransferHistory: (range, o) => history.subAccountTransferHistory(ctx, range, o?.signal),
    universalTransfers: (range, o) => history.universalTransfers(ctx, range, o?.signal),
    walletTransfers: (type, range, o) => history.walletTransfers(ctx, type, range, o?.signal),
    usedWeight: () => summarizeWeight(ctx.spent),
  };
}

function createContext(opts: BinanceClientOptions): RequestContext {
  const credentials = opts.credentials;
  const hosts = resolveHosts(opts.baseUrl, opts.hosts);
  const ctx: RequestContext = {
    hosts,
    limiter: opts.limiter ?? sharedWeightLimiter(),
    clock: sharedServerClock(hosts.api),
    readServerTime: (signal) => market.serverTime(ctx, signal),
    fetch: opts.fetch ?? globalThis.fetch,
    timeoutMs: opts.timeoutMs ?? 10_000,
    recvWindow: opts.recvWindow ?? 5_000,
    retry: { ...DEFAULT_RETRY, ...opts.retry },
    accountKey: opts.accountLabel ?? (credentials ? `key:${fingerprint(credentials.apiKey)}` : 'public'),
    redact: createRedactor(credentials ? [credentials.apiKey, credentials.secret] : []),
    spent: new Map(),
  };
  if (opts.accountLabel !== undefined) ctx.account = opts.accountLabel;
  if (credentials !== undefined) {
    ctx.credentials = {
      apiKey: credentials.apiKey,
      sign: createSigner(credentials.keyType, credentials.secret),
    };
  }
  return ctx;
}

function fingerprint(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex').slice(0, 16);
}

/** Error text may echo a request; nothing secret leaves the client. */
function createRedactor(secrets: string[]): (text: string) => string {
  const needles = secrets.filter((secret) => secret.length >= 4);
  return (text) => {
    let out = text.replace(/signature=[^&\s"']*/gi, 'signature=[redacted]');
    for (const needle of needles) out = out.split(needle).join('[redacted]');
    return out;
  };
}

function summarizeWeight(spent: ReadonlyMap<string, number>): UsedWeight {
  const byLimit = [...spent.entries()]
    .map(([limit, weight]) => ({ limit, weight, perMinute: perMinuteOf(limit) }))
    .sort((a, b) => a.limit.localeCompare(b.limit));
  return { total: byLimit.reduce((sum, entry) => sum + entry.weight, 0), byLimit };
}

function perMinuteOf(limitName: string): number {
  const family = limitName.split(' ')[0] as keyof typeof LIMIT_PER_MINUTE;
  return LIMIT_PER_MINUTE[family];
}
