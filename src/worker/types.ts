import type { Decimal, EpochMs, WalletKind } from '../domain/types.ts';

/** The step boundaries of one account's run, in order. Tests stop a run at each to prove crash safety. */
export const RUN_STEPS = ['after-fetch', 'after-valuation', 'mid-transaction', 'after-commit'] as const;
export type RunStep = (typeof RUN_STEPS)[number];

/** Called at every step boundary; only tests pass one (it throws SimulatedCrash to stop the run dead). */
export type StepHook = (step: RunStep, account: string) => void;

/** pino-compatible subset, so the CLI can pass a pino logger and tests a silent one. */
export interface WorkerLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: WorkerLogger = {
  info() {},
  warn() {},
  error() {},
};

/** What happened to one account in one run. */
export type AccountRunStatus =
  /** A complete snapshot was stored. */
  | 'ok'
  /** A snapshot was stored, but some wallet read failed: it is marked incomplete. */
  | 'incomplete'
  /** A complete snapshot was stored, but a flow source could not be read (a later run's lookback re-reads it). */
  | 'partial'
  /** The slot already held a complete snapshot for the account: nothing was changed. */
  | 'skipped'
  /** Nothing was stored (prices, flows or the store failed). */
  | 'failed';

export interface AccountRunResult {
  account: string;
  accountId: string;
  status: AccountRunStatus;
  nav: Decimal | null;
  benchmarkValue: Decimal | null;
  /** Flows that became counted in this run. */
  flowsCounted: number;
  /** Counted flows whose τ fell before an already stored snapshot (benchmark restated). */
  restated: number;
  failedWallets: WalletKind[];
  unpriced: string[];
  durationMs: number;
  error?: string;
  /** Ended fee periods accrued after the run (accounts with a performance fee whose run stored a snapshot). */
  feePeriods?: number;
  /** Why the performance fees could not be accrued (the snapshot itself is stored). */
  feeError?: string;
}

export interface RunSummary {
  runId: string;
  slot: EpochMs;
  startedAt: EpochMs;
  finishedAt: EpochMs;
  accounts: AccountRunResult[];
  weightUsed: number;
  /** Set when the run could not start at all (e.g. the price fetch failed). */
  error?: string;
  /** 0 when every account is ok or skipped and its fees (if any) were accrued, 1 otherwise. */
  exitCode: number;
}
