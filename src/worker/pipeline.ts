import type { BinanceClient } from '../binance/client.ts';
import type { PriceRouter } from '../domain/prices.ts';
import type { Decimal, EpochMs, Flow, Snapshot, WalletRead } from '../domain/types.ts';
import { DEFAULT_BENCHMARK } from '../domain/types.ts';
import { valueSnapshot } from '../domain/valuation.ts';
import type { Account, Store, StoredFlow } from '../store/index.ts';
import { commitAccountRun } from './account-commit.ts';
import type { BenchmarkMemo } from './benchmark-memo.ts';
import { benchmarkOfRun, benchmarkSymbols } from './benchmark-step.ts';
import { benchmarkBeforeWrites, replayedFlows } from './flow-benchmark.ts';
import { fetchFlowRecords } from './flow-fetch.ts';
import { flowKey, resolveFlows, type ScannedFlow, scanWindows, toFlows } from './flow-step.ts';
import { PriceBook } from './price-book.ts';
import type { RunMarket } from './run-market.ts';
import { loadStoredPrices } from './stored-prices.ts';
import type { AccountRunResult, RunStep, StepHook, WorkerLogger } from './types.ts';
import { readWallets, walletsEnabled } from './wallet-reads.ts';

export interface AccountJob {
  store: Store;
  account: Account;
  /** Signed client of this account (sharing the run's weight limiter). */
  client: BinanceClient;
  market: RunMarket;
  /** The slot (top of the hour) the snapshot belongs to. */
  slot: EpochMs;
  /** The instant the run reads as of: flows are scanned up to it. */
  at: EpochMs;
  /** How far back flows are read the first time an account is collected. */
  firstScanDays: number;
  logger: WorkerLogger;
  onStep?: StepHook | undefined;
  signal?: AbortSignal | undefined;
  /** The previous runs' benchmark replays, for a process running slot after slot (bpm demo). */
  benchmarkMemo?: BenchmarkMemo | undefined;
}

const step = (job: AccountJob, name: RunStep) => job.onStep?.(name, job.account.name);

/** What is already stored about the account, read before anything is fetched. */
async function loadFacts(store: Store, accountId: string, slot: EpochMs) {
  const [atSlot, latestTs, firstComplete, benchmark, storedFlows] = await Promise.all([
    store.nav.range(accountId, slot, slot),
    store.nav.lastTs(accountId),
    store.nav.first(accountId, { status: 'complete' }),
    store.benchmarks.get(accountId),
    store.flows.list(accountId),
  ]);
  return { atSlot: atSlot[0], latestTs, firstComplete, benchmark, storedFlows };
}

/** One account's line in the run summary: failed with nothing recorded unless `partial` says otherwise. */
export function accountResult(
  account: Account,
  started: number,
  partial: Partial<AccountRunResult>,
): AccountRunResult {
  return {
    account: account.name,
    accountId: account.id,
    status: 'failed',
    nav: null,
    benchmarkValue: null,
    flowsCounted: 0,
    restated: 0,
    failedWallets: [],
    unpriced: [],
    durationMs: Date.now() - started,
    ...partial,
  };
}

/**
 * One account's run: fetch every wallet and the flow window, value the snapshot, resolve flows, replay the
 * benchmark, and commit all of it in one transaction. Errors propagate (the run records the account as failed).
 */
export async function collectAccount(job: AccountJob): Promise<AccountRunResult> {
  const started = Date.now();
  const { store, account, market, slot } = job;
  const facts = await loadFacts(store, account.id, slot);
  if (facts.atSlot?.status === 'complete') {
    return accountResult(account, started, {
      status: 'skipped',
      nav: facts.atSlot.nav,
      benchmarkValue: facts.atSlot.benchmarkValue,
    });
  }

  const windows = scanWindows({
    storedFlows: facts.storedFlows,
    at: job.at,
    firstScanDays: job.firstScanDays,
  });
  const [reads, fetched] = await Promise.all([
    readWallets(job.client, market.isKnownAsset, job.signal),
    fetchFlowRecords(job.client, windows, { subAccount: account.subAccountOf !== null, signal: job.signal }),
  ]);
  step(job, 'after-fetch');

  const valued = valueSnapshot({
    accountId: account.id,
    ts: slot,
    kind: 'hourly',
    reads,
    price: market.router.usd,
  });
  step(job, 'after-valuation');

  const book = new PriceBook(job.client, (symbols, ts) => loadStoredPrices(store, symbols, ts));
  const config = facts.benchmark?.config ?? DEFAULT_BENCHMARK;
  const symbols = benchmarkSymbols(market.router, [config]);
  const scanned = toFlows(account.id, fetched.records);
  // The run's prices at the slot are adopted before any flow is valued, for the benchmark's symbols and those
  // of flows dated exactly at the slot. Every account of the run adopts the same tickers, so such a flow gets
  // the same price whichever account stores the slot's prices first (else it would depend on the order in
  // which the accounts' transactions end: a stored price wins over a 1-minute open).
  const stored = new Map(facts.storedFlows.map((f) => [flowKey(f), f] as const));
  const flowSymbols = symbolsOfFlowsCountedAt(slot, scanned, stored, market.router);
  await book.adopt(slot, pick(market.tickers, [...symbols, ...flowSymbols]));
  const flows = await resolveFlows({
    scanned,
    stored,
    book,
    router: market.router,
    latestSnapshotTs: facts.latestTs,
  });

  for (const { flow } of flows.writes) {
    if (flow.status === 'counted' && flow.usdValue === null) {
      job.logger.warn(
        { account: account.name, source: flow.source, id: flow.externalId, asset: flow.asset },
        'counted flow has no USD price at its time; left out of the benchmark',
      );
    }
  }

  const slotPrices = book.at(slot, symbols);

  const start =
    facts.firstComplete ?? (valued.status === 'complete' ? { ts: slot, nav: valued.nav } : undefined);
  const benchmark = start
    ? await benchmarkOfRun({
        store,
        accountId: account.id,
        config,
        start,
        slot,
        latestTs: facts.latestTs,
        restateFrom: restateFrom(flows.restateFrom, facts),
        flows: replayedFlows(
          latestFacts(
            facts.storedFlows,
            flows.writes.map((w) => w.flow),
          ),
        ),
        book,
        router: market.router,
        memo: job.benchmarkMemo,
      })
    : { benchmarkValue: null, restated: [], flowBefore: new Map<string, Decimal>(), state: null };
  const { benchmarkValue, restated, state } = benchmark;

  const snapshot: Snapshot = {
    ...withoutUnpriced(valued),
    benchmarkValue,
    btcPrice: market.router.usdFromPrices('BTC', slotPrices),
    ethPrice: market.router.usdFromPrices('ETH', slotPrices),
  };
  const outcome = await commitAccountRun(
    store,
    {
      snapshot,
      flows: flows.writes,
      prices: book.freshRows(),
      benchmark: { config, state },
      restated,
      flowBenchmarkBefore: benchmarkBeforeWrites(
        facts.storedFlows,
        flows.writes.map((w) => w.flow),
        benchmark.flowBefore,
      ),
      wallets: walletsEnabled(reads),
    },
    () => step(job, 'mid-transaction'),
  );
  step(job, 'after-commit');
  if (outcome === 'already-collected') return accountResult(account, started, { status: 'skipped' });
  logFlowFailures(job, fetched.failed);
  return accountResult(account, started, {
    ...statusOf(reads, valued.status, fetched.failed),
    nav: valued.nav,
    benchmarkValue,
    flowsCounted: flows.newlyCounted,
    restated: restated.length,
    failedWallets: valued.failedWallets,
    unpriced: valued.unpriced,
  });
}

/**
 * Where stored benchmark values must be rewritten from: a late flow's τ, or t₀ itself when the benchmark's
 * cached state was cleared over an existing history (`bpm account benchmark` changed its weights or rule:
 * account-settings.ts), so the whole history is replayed with the new config in this run's transaction.
 */
function restateFrom(
  fromFlows: EpochMs | null,
  facts: {
    firstComplete: { ts: EpochMs } | undefined;
    benchmark: { initializedAt: EpochMs | null } | undefined;
  },
): EpochMs | null {
  const t0 = facts.firstComplete?.ts;
  if (t0 === undefined || facts.benchmark === undefined || facts.benchmark.initializedAt !== null) {
    return fromFlows;
  }
  return fromFlows === null ? t0 : Math.min(fromFlows, t0);
}

/** incomplete: a wallet failed (the snapshot is flagged); partial: a flow source failed (re-read next run). */
function statusOf(
  reads: readonly WalletRead[],
  snapshotStatus: Snapshot['status'],
  flowFailures: ReadonlyArray<{ source: string }>,
): Pick<AccountRunResult, 'status' | 'error'> {
  const failedWallets = reads.flatMap((r) => (r.status === 'failed' ? [`${r.wallet}: ${r.error}`] : []));
  const problems = [
    failedWallets.length > 0 ? `wallets failed: ${failedWallets.join('; ')}` : '',
    flowFailures.length > 0 ? `flow sources failed: ${flowFailures.map((f) => f.source).join(', ')}` : '',
  ].filter(Boolean);
  const status = snapshotStatus === 'incomplete' ? 'incomplete' : flowFailures.length > 0 ? 'partial' : 'ok';
  return problems.length > 0 ? { status, error: problems.join('; ') } : { status };
}

function pick(
  tickers: Readonly<Record<string, Decimal>>,
  symbols: readonly string[],
): Record<string, Decimal> {
  const out: Record<string, Decimal> = {};
  for (const s of symbols) {
    const p = tickers[s];
    if (p !== undefined) out[s] = p;
  }
  return out;
}

/** The route symbols of the flows dated exactly at `ts` that this run counts (and so values). */
function symbolsOfFlowsCountedAt(
  ts: EpochMs,
  scanned: readonly ScannedFlow[],
  stored: ReadonlyMap<string, StoredFlow>,
  router: PriceRouter,
): string[] {
  const assets = scanned.flatMap(({ flow }) =>
    flow.ts === ts && flow.status === 'counted' && stored.get(flowKey(flow))?.status !== 'counted'
      ? [flow.asset]
      : [],
  );
  return assets.length === 0 ? [] : router.routeSymbols(assets);
}

function withoutUnpriced<T extends { unpriced: string[] }>(v: T): Omit<T, 'unpriced'> {
  const { unpriced: _unpriced, ...rest } = v;
  return rest;
}

/** Every flow as it stands after this run: the stored ones, overridden by this run's writes. */
function latestFacts(stored: readonly StoredFlow[], written: readonly Flow[]): Flow[] {
  const byKey = new Map<string, Flow>();
  for (const f of stored) byKey.set(flowKey(f), f);
  for (const f of written) byKey.set(flowKey(f), f);
  return [...byKey.values()];
}

function logFlowFailures(job: AccountJob, failed: ReadonlyArray<{ source: string; error: string }>) {
  for (const f of failed) {
    job.logger.warn({ account: job.account.name, source: f.source, err: f.error }, 'flow source failed');
  }
}
