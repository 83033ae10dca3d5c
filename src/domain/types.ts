/**
 * Plain data shared by every part. Amounts are exact decimal strings (never JS numbers) until a
 * derived statistic needs floating point; instants are UTC epoch milliseconds.
 */

/** An exact decimal as text, e.g. "0.00150000" or "-12.5". */
export type Decimal = string;

/** UTC epoch milliseconds. */
export type EpochMs = number;

export const WALLET_KINDS = [
  'spot',
  'funding',
  'crossMargin',
  'isolatedMargin',
  'usdm',
  'coinm',
  'earnFlexible',
  'earnLocked',
] as const;
export type WalletKind = (typeof WALLET_KINDS)[number];

/** One asset's quantity in one wallet, already reduced per design.md §2 (e.g. netAsset, marginBalance). */
export interface WalletBalance {
  asset: string;
  quantity: Decimal;
}

/** The outcome of reading one wallet: every wallet is read independently and fails independently. */
export type WalletRead =
  | { wallet: WalletKind; status: 'ok'; balances: WalletBalance[] }
  | { wallet: WalletKind; status: 'not_enabled' }
  | { wallet: WalletKind; status: 'failed'; error: string };

/** A spot market from exchangeInfo: the edges of the price-conversion graph. */
export interface Market {
  symbol: string;
  baseAsset: string;
  quoteAsset: string;
  status: string;
}

/** Last prices by symbol, e.g. { BTCUSDT: "91000.00" }. */
export type TickerPrices = Readonly<Record<string, Decimal>>;

/** One line of a snapshot's audit trail. price and value are null when the asset could not be priced. */
export interface Holding {
  wallet: WalletKind;
  asset: string;
  quantity: Decimal;
  price: Decimal | null;
  value: Decimal | null;
}

export type SnapshotStatus = 'complete' | 'incomplete';
/** hourly: a worker slot; backfill: a daily point reconstructed from accountSnapshot when the account was added. */
export type SnapshotKind = 'hourly' | 'backfill';

export interface Snapshot {
  accountId: string;
  /** The slot (top of the hour, UTC) the snapshot belongs to. */
  ts: EpochMs;
  status: SnapshotStatus;
  kind: SnapshotKind;
  /** Sum of priced holdings. For an incomplete snapshot it is the partial sum and must never feed returns. */
  nav: Decimal;
  benchmarkValue: Decimal | null;
  btcPrice: Decimal | null;
  ethPrice: Decimal | null;
  failedWallets: WalletKind[];
  notEnabledWallets: WalletKind[];
  holdings: Holding[];
}

/** Where a flow was read from (binance-api.md, "Money in and out"). */
export const FLOW_SOURCES = [
  'deposit',
  'withdrawal',
  'fiat_deposit',
  'fiat_withdrawal',
  'fiat_payment',
  'pay',
  'sub_account_transfer',
] as const;
export type FlowSource = (typeof FLOW_SOURCES)[number];

/** counted: settled and part of NAV accounting; pending: may still settle; void: cancelled/rejected/failed. */
export type FlowStatus = 'counted' | 'pending' | 'void';

export interface Flow {
  accountId: string;
  source: FlowSource;
  /** Unique per (accountId, source). Always a string, even when Binance sends a number. */
  externalId: string;
  asset: string;
  /** Signed: positive into the account, negative out of it. For withdrawals amount + transactionFee. */
  quantity: Decimal;
  /** τ: when the flow happened (design.md §3). */
  ts: EpochMs;
  /** Signed USD value at τ; null while pending or when the asset could not be priced at τ. */
  usdValue: Decimal | null;
  /** The USD price used for usdValue. */
  price: Decimal | null;
  status: FlowStatus;
  /** Binance's own status, kept for audit (e.g. "1", "6", "Successful"). */
  rawStatus: string;
}

export type RebalanceRule = 'none' | 'daily' | 'weekly' | 'monthly';

export interface BenchmarkWeight {
  asset: string;
  /** Decimal fraction; the weights of a config sum to exactly 1. */
  weight: Decimal;
}

export interface BenchmarkConfig {
  assets: BenchmarkWeight[];
  rebalance: RebalanceRule;
}

export const DEFAULT_BENCHMARK: BenchmarkConfig = {
  assets: [
    { asset: 'BTC', weight: '0.5' },
    { asset: 'ETH', weight: '0.5' },
  ],
  rebalance: 'weekly',
};

/** Units held by the benchmark per asset, e.g. { BTC: "0.0123", ETH: "0.41" }. */
export type BenchmarkUnits = Record<string, Decimal>;

export type FeePeriod = 'monthly' | 'quarterly' | 'yearly';

export interface PerformanceFeeConfig {
  /** Decimal fraction, e.g. "0.2" for 20 %. */
  rate: Decimal;
  period: FeePeriod;
  /** Charge only when the period's alpha against the benchmark is positive. */
  alphaOnly: boolean;
}

/**
 * One step of the benchmark's replay (design.md §4). valueBefore/valueAfter are B(τ⁻) and B(τ⁺): equal for
 * snapshots and rebalances, different by the flow for flows. Chain-linking valueBefore(next)/valueAfter(prev)
 * gives the benchmark's exact return.
 */
export interface BenchmarkPoint {
  ts: EpochMs;
  kind: 'start' | 'snapshot' | 'flow' | 'rebalance';
  valueBefore: Decimal;
  valueAfter: Decimal;
  /** Units held after this step. */
  units: BenchmarkUnits;
  /** For a flow step: the id the replay's input gave that flow, so its B(τ⁻) can be stored against it. */
  flowId?: string;
}

/** A stored NAV observation as analytics sees it. */
export interface NavPoint {
  ts: EpochMs;
  nav: Decimal;
  benchmarkValue: Decimal | null;
  status: SnapshotStatus;
}

/** A counted flow as analytics sees it: signed USD value at τ. */
export interface FlowPoint {
  ts: EpochMs;
  usdValue: Decimal;
  /**
   * B(τ⁻) as the worker's replay stored it (processed_transactions.benchmark_before); null or absent when
   * unknown, and analytics then approximates that flow (benchmark-points.ts).
   */
  benchmarkBefore?: Decimal | null;
}
