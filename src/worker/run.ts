import type { BinanceClient } from '../binance/client.ts';
import { slotOf } from '../domain/schedule.ts';
import type { EpochMs } from '../domain/types.ts';
import type { Account, AccountCredentials, Store } from '../store/index.ts';
import type { BenchmarkMemo } from './benchmark-memo.ts';
import { mapWithLimit } from './concurrency.ts';
import { AccountNotFoundError, SimulatedCrash } from './errors.ts';
import { accrueFeesOfRun } from './fee-step.ts';
import { accountResult, collectAccount } from './pipeline.ts';
import { runLogEntries } from './run-log.ts';
import { loadRunMarket, type MarketsCache, type RunMarket } from './run-market.ts';
import {
  type AccountRunResult,
  type RunSummary,
  type StepHook,
  silentLogger,
  type WorkerLogger,
} from './types.ts';

/**
 * Builds clients sharing one weight limiter: without an account a public one (prices), with one a signed client
 * labelled with the account's name (never its key), at the account's own base URL when it has one.
 */
export type ClientFactory = (account?: {
  label: string;
  credentials: AccountCredentials;
  baseUrl?: string | null;
}) => BinanceClient;

export interface RunCollectOptions {
  store: Store;
  clientFactory: ClientFactory;
  /** The instant the run is as of (default now); its slot is the top of the hour at or before it. */
  at?: EpochMs;
  /** Collect only this account (enabled or not). */
  accountName?: string;
  /** Accounts collected in parallel (default 4). */
  concurrency?: number;
  /** How far back flows are read for a source never seen before (default 90 days). */
  firstScanDays?: number;
  logger?: WorkerLogger;
  /** Test-only: called at each step boundary of each account. */
  onStep?: StepHook;
  signal?: AbortSignal;
  marketsCache?: MarketsCache;
  /** Kept across the runs of one process that collects slot after slot (bpm demo): see benchmark-memo.ts. */
  benchmarkMemo?: BenchmarkMemo;
}

export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_FIRST_SCAN_DAYS = 90;

async function accountsToCollect(store: Store, name: string | undefined): Promise<Account[]> {
  if (name === undefined) return store.accounts.list({ enabledOnly: true });
  const account = await store.accounts.byName(name);
  if (!account) throw new AccountNotFoundError(name);
  return [account];
}

function failed(account: Account, started: number, err: unknown): AccountRunResult {
  return accountResult(account, started, { error: err instanceof Error ? err.message : String(err) });
}

function totalWeight(clients: readonly BinanceClient[]): number {
  return clients.reduce((sum, c) => sum + c.usedWeight().total, 0);
}

/**
 * One worker run (design §1): prices once, then every account in parallel (bounded), each committed in its
 * own transaction. Never throws for an account's failure: it is reported in the summary and the exit code.
 */
export async function runCollect(opts: RunCollectOptions): Promise<RunSummary> {
  const { store } = opts;
  const logger = opts.logger ?? silentLogger;
  const startedAt = Date.now();
  const at = opts.at ?? startedAt;
  const slot = slotOf(at);
  const accounts = await accountsToCollect(store, opts.accountName);
  const runId = await store.runs.start({ slotTs: slot, startedAt });
  const clients: BinanceClient[] = [];
  const client = (account?: Account, credentials?: AccountCredentials) => {
    const c = opts.clientFactory(
      account && credentials ? { label: account.name, credentials, baseUrl: account.baseUrl } : undefined,
    );
    clients.push(c);
    return c;
  };

  let market: RunMarket | undefined;
  let runError: string | undefined;
  try {
    if (accounts.length > 0) market = await loadRunMarket(client(), opts.marketsCache, opts.signal);
  } catch (err) {
    runError = `prices could not be read: ${err instanceof Error ? err.message : String(err)}`;
    logger.error({ err: runError }, 'worker run cannot start');
  }

  const results = await mapWithLimit(accounts, opts.concurrency ?? DEFAULT_CONCURRENCY, async (account) => {
    const started = Date.now();
    if (!market) return failed(account, started, new Error(runError));
    try {
      const credentials = await store.accounts.credentials(account.id);
      const r = await collectAccount({
        store,
        account,
        client: client(account, credentials),
        market,
        slot,
        at,
        firstScanDays: opts.firstScanDays ?? DEFAULT_FIRST_SCAN_DAYS,
        logger,
        onStep: opts.onStep,
        signal: opts.signal,
        benchmarkMemo: opts.benchmarkMemo,
      });
      logger.info(
        { account: account.name, status: r.status, nav: r.nav, ms: r.durationMs },
        'account collected',
      );
      return r;
    } catch (err) {
      if (err instanceof SimulatedCrash) throw err;
      logger.error(
        { account: account.name, err: err instanceof Error ? err.message : String(err) },
        'account failed',
      );
      return failed(account, started, err);
    }
  });

  await accrueFeesOfRun({ store, accounts, results, at, logger });
  const finishedAt = Date.now();
  const bad = results.filter(
    (r) => (r.status !== 'ok' && r.status !== 'skipped') || r.feeError !== undefined,
  );
  const summary: RunSummary = {
    runId,
    slot,
    startedAt,
    finishedAt,
    accounts: results,
    weightUsed: totalWeight(clients),
    exitCode: runError !== undefined || bad.length > 0 ? 1 : 0,
    ...(runError !== undefined ? { error: runError } : {}),
  };
  await store.logs.write(runLogEntries(summary));
  await store.runs.finish(runId, {
    status: summary.exitCode === 0 ? 'ok' : 'failed',
    accountsOk: results.length - bad.length,
    accountsFailed: bad.length,
    weightUsed: summary.weightUsed,
    message:
      runError ??
      (bad.length > 0
        ? bad
            .map((r) => `${r.account}: ${r.feeError ? `${r.status}, fees not accrued` : r.status}`)
            .join('; ')
        : null),
    finishedAt,
  });
  return summary;
}
