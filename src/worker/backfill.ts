import type { BinanceClient } from '../binance/client.ts';
import { DAY_MS } from '../domain/schedule.ts';
import type { BenchmarkConfig, EpochMs, Flow, Snapshot, WalletKind, WalletRead } from '../domain/types.ts';
import { WALLET_KINDS } from '../domain/types.ts';
import { valueSnapshot } from '../domain/valuation.ts';
import { reconcileLdBalances } from '../domain/wallets.ts';
import type { Account, BenchmarkState, FlowBenchmarkBefore, Store } from '../store/index.ts';
import { benchmarkSymbols, computeBenchmark } from './benchmark-step.ts';
import { type DailyBalances, fetchDailySnapshots, SNAPSHOT_WALLETS } from './daily-snapshots.ts';
import { benchmarkBeforeWrites, replayedFlows } from './flow-benchmark.ts';
import { type FlowWindows, fetchFlowRecords, SOURCE_OF } from './flow-fetch.ts';
import { resolveFlows, toFlows } from './flow-step.ts';
import { PriceBook } from './price-book.ts';
import type { RunMarket } from './run-market.ts';
import { loadStoredPrices } from './stored-prices.ts';

export const BACKFILL_NAV_DAYS = 30;
export const BACKFILL_FLOW_DAYS = 90;

export interface BackfillInput {
  store: Store;
  account: Account;
  client: BinanceClient;
  market: RunMarket;
  config: BenchmarkConfig;
  /** The wallet reads of the account now (from `account add`): which wallets exist and hold anything. */
  currentReads: readonly WalletRead[];
  at: EpochMs;
  signal?: AbortSignal | undefined;
}

export interface BackfillResult {
  points: number;
  complete: number;
  flowsCounted: number;
  firstTs: EpochMs | null;
  lastTs: EpochMs | null;
  /** Wallets that could not be reconstructed for past days (not in Binance's daily snapshots while holding funds
   * now, or their snapshot call failed): the points are incomplete and name them. */
  uncovered: WalletKind[];
}

const NOT_IN_DAILY_SNAPSHOTS = "not in Binance's daily account snapshots";

/**
 * How a wallet the daily snapshots do not cover is treated for a past day: as not enabled or empty when it does
 * not exist or holds nothing now, else failed (the point becomes incomplete rather than a NAV missing funds).
 * Flexible Earn is covered when the spot snapshots carry LD-prefixed balances.
 */
function uncoveredRead(wallet: WalletKind, now: WalletRead | undefined, spotHasLd: boolean): WalletRead {
  if (!now || now.status === 'failed') return { wallet, status: 'failed', error: NOT_IN_DAILY_SNAPSHOTS };
  if (now.status === 'not_enabled') return { wallet, status: 'not_enabled' };
  if (now.balances.length === 0 || (wallet === 'earnFlexible' && spotHasLd)) {
    return { wallet, status: 'ok', balances: [] };
  }
  return { wallet, status: 'failed', error: NOT_IN_DAILY_SNAPSHOTS };
}

function readsOfDay(
  day: DailyBalances,
  current: ReadonlyMap<WalletKind, WalletRead>,
  failedFetch: ReadonlyMap<WalletKind, string>,
): WalletRead[] {
  const spotHasLd = (day.wallets.spot ?? []).some((b) => b.asset.startsWith('LD'));
  return WALLET_KINDS.map((wallet): WalletRead => {
    if (!SNAPSHOT_WALLETS.includes(wallet)) return uncoveredRead(wallet, current.get(wallet), spotHasLd);
    if (current.get(wallet)?.status === 'not_enabled') return { wallet, status: 'not_enabled' };
    const error = failedFetch.get(wallet);
    if (error !== undefined) return { wallet, status: 'failed', error };
    const balances = day.wallets[wallet];
    return balances
      ? { wallet, status: 'ok', balances }
      : { wallet, status: 'failed', error: 'no snapshot that day' };
  });
}

function allWindows(range: { startTime: EpochMs; endTime: EpochMs }): FlowWindows {
  return Object.fromEntries(Object.keys(SOURCE_OF).map((k) => [k, range])) as FlowWindows;
}

/**
 * A new account's history at once (design §3, §4): daily NAV points for the last 30 days from Binance's daily
 * account snapshots, valued at each day's 1d close through the valuation route, the flows of the last 90 days,
 * and the benchmark started at the first complete point. Written in one transaction as kind 'backfill'.
 */
export async function backfillAccount(input: BackfillInput): Promise<BackfillResult> {
  const { store, account, client, market, at } = input;
  const current = new Map(input.currentReads.map((r) => [r.wallet, r] as const));
  const notEnabled = new Set(
    input.currentReads.filter((r) => r.status === 'not_enabled').map((r) => r.wallet),
  );
  const [daily, fetched] = await Promise.all([
    fetchDailySnapshots(
      client,
      { startTime: at - BACKFILL_NAV_DAYS * DAY_MS, endTime: at },
      notEnabled,
      input.signal,
    ),
    fetchFlowRecords(client, allWindows({ startTime: at - BACKFILL_FLOW_DAYS * DAY_MS, endTime: at }), {
      subAccount: account.subAccountOf !== null,
      signal: input.signal,
    }),
  ]);
  const days = daily.days.filter((d) => d.ts <= at);
  const failedFetch = new Map(daily.failed.map((f) => [f.wallet, f.error] as const));
  const readsByDay = days.map((d) => ({
    ts: d.ts,
    reads: reconcileLdBalances(readsOfDay(d, current, failedFetch), market.isKnownAsset),
  }));

  const book = new PriceBook(client, (symbols, ts) => loadStoredPrices(store, symbols, ts));
  const assets = new Set(
    readsByDay
      .flatMap((d) => d.reads.flatMap((r) => (r.status === 'ok' ? r.balances : [])))
      .map((b) => b.asset),
  );
  const symbols = [
    ...new Set([...market.router.routeSymbols(assets), ...benchmarkSymbols(market.router, [input.config])]),
  ];
  await book.ensureDayCloses(
    symbols,
    days.map((d) => d.ts),
  );

  const valued = readsByDay.map(({ ts, reads }) =>
    valueSnapshot({
      accountId: account.id,
      ts,
      kind: 'backfill',
      reads,
      price: (asset) => market.router.usdFromPrices(asset, book.at(ts, symbols)),
    }),
  );

  const flows = await resolveFlows({
    scanned: toFlows(account.id, fetched.records),
    stored: new Map(),
    book,
    router: market.router,
    latestSnapshotTs: undefined,
  });

  const lastTs = valued.at(-1)?.ts ?? null;
  const { values, flowBefore, state } = await benchmarkOverDays(
    input.config,
    valued,
    flows.writes,
    book,
    market,
  );
  const snapshots: Snapshot[] = valued.map(({ unpriced: _unpriced, ...v }) => ({
    ...v,
    benchmarkValue: values.get(v.ts) ?? null,
    btcPrice: market.router.usdFromPrices('BTC', book.at(v.ts, symbols)),
    ethPrice: market.router.usdFromPrices('ETH', book.at(v.ts, symbols)),
  }));

  const befores = benchmarkBeforeWrites(
    [],
    flows.writes.map((w) => w.flow),
    flowBefore,
  );
  await storeBackfill(store, account, snapshots, flows.writes, befores, book, input.config, state);
  const uncovered = [...new Set(valued.flatMap((v) => v.failedWallets))];
  return {
    points: snapshots.length,
    complete: snapshots.filter((s) => s.status === 'complete').length,
    flowsCounted: flows.newlyCounted,
    firstTs: snapshots[0]?.ts ?? null,
    lastTs,
    uncovered,
  };
}

/** The benchmark over the daily points: started at the first complete one, replayed through the last. */
async function benchmarkOverDays(
  config: BenchmarkConfig,
  valued: ReadonlyArray<{ ts: EpochMs; nav: string; status: Snapshot['status'] }>,
  writes: ReadonlyArray<{ flow: Flow }>,
  book: PriceBook,
  market: RunMarket,
): Promise<{ values: Map<EpochMs, string>; flowBefore: Map<string, string>; state: BenchmarkState | null }> {
  const start = valued.find((v) => v.status === 'complete');
  const lastTs = valued.at(-1)?.ts;
  if (!start || lastTs === undefined) return { values: new Map(), flowBefore: new Map(), state: null };
  const counted = replayedFlows(writes.map(({ flow }) => flow));
  const outcome = await computeBenchmark(
    {
      config,
      start: { ts: start.ts, nav: start.nav },
      snapshotTs: valued.map((v) => v.ts),
      flows: counted,
      untilTs: lastTs,
    },
    book,
    market.router,
  );
  return {
    values: outcome.values,
    flowBefore: outcome.flowBefore,
    state: {
      units: outcome.units,
      initializedAt: outcome.initializedAt,
      lastRebalanceAt: outcome.lastRebalanceAt,
    },
  };
}

/** One transaction: the points (never over an existing snapshot), the prices, the flows and the benchmark. */
async function storeBackfill(
  store: Store,
  account: Account,
  snapshots: readonly Snapshot[],
  writes: ReadonlyArray<{ flow: Flow; metadata: unknown }>,
  befores: readonly FlowBenchmarkBefore[],
  book: PriceBook,
  config: BenchmarkConfig,
  state: BenchmarkState | null,
): Promise<void> {
  await store.transaction(async (tx) => {
    const existing = new Set((await tx.nav.range(account.id, 0, Number.MAX_SAFE_INTEGER)).map((r) => r.ts));
    const fresh = snapshots.filter((s) => !existing.has(s.ts));
    if (fresh.length > 0) await tx.nav.saveMany(fresh);
    const prices = book.freshRows();
    if (prices.length > 0) await tx.prices.put(prices);
    for (const { flow, metadata } of writes) await tx.flows.upsert(flow, metadata);
    if (befores.length > 0) await tx.flows.setBenchmarkBefore(account.id, befores);
    await tx.benchmarks.setConfig(account.id, config, state ?? undefined);
  }, `storing the backfill of account ${account.name}`);
}
