/**
 * Seeds a store with realistic hourly history, written through the store's repositories: N accounts with
 * holdings in several wallets (dust and an unpriced asset included), deposits and withdrawals (one pending, one
 * void), a 50/50 BTC/ETH benchmark replayed with the same flows and weekly rebalancing, a few incomplete
 * snapshots with a failed wallet, worker runs, logs, and fee records for the first account.
 * Deterministic for a given seed. Used by the dashboard's tests and benchmark; any part may reuse it.
 */
import Big from 'big.js';
import type { Holding, Snapshot, WalletKind } from '../../src/domain/types.ts';
import { mulberry32 } from '../../src/emulator/random.ts';
import type { Store } from '../../src/store/index.ts';

export const HOUR = 3600_000;
export const DAY = 24 * HOUR;

export interface SeedOptions {
  /** How many accounts (named alpha, beta, …) or their names. Default 2. */
  accounts?: number | string[];
  /** Hourly snapshots per account. Default 120 days. */
  hours?: number;
  /** The newest slot (top of an hour). Default: the current hour. */
  until?: number;
  seed?: number;
  /** Holdings are stored for the newest N snapshots only (default: all). */
  holdingsHours?: number;
  /** Worker runs for the newest N slots (default: min(hours, 14 days)). */
  runsHours?: number;
  /** Logs for the newest N slots (default: min(hours, 3 days)). */
  logsHours?: number;
  /** One incomplete snapshot (failed usdm wallet) every N hours; 0 for none. Default 500. */
  incompleteEvery?: number;
  /** Snapshots per saveMany call. Default 2000. */
  batch?: number;
}

export interface SeededAccount {
  id: string;
  name: string;
  /** Written to the store; tests check they never reach a response. */
  apiKey: string;
  secret: string;
}

export interface SeedResult {
  accounts: SeededAccount[];
  firstTs: number;
  lastTs: number;
}

const NAMES = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa'];

/** Seeded uniform randomness in [0, 1): the emulator's mulberry32. */
export const prng = mulberry32;

function gauss(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
}

export interface PricePath {
  ts: number[];
  prices: Record<string, number[]>;
}

/** Hourly prices: a seeded log-normal walk per asset. */
export function pricePath(firstTs: number, hours: number, seed: number): PricePath {
  const rand = prng(seed);
  const start: Record<string, [number, number]> = {
    BTC: [42000, 0.004],
    ETH: [2400, 0.005],
    BNB: [310, 0.005],
    SOL: [95, 0.008],
    DOGE: [0.08, 0.008],
  };
  const prices: Record<string, number[]> = {};
  for (const [asset, [p0, vol]] of Object.entries(start)) {
    const path = new Array<number>(hours);
    let p = p0;
    for (let i = 0; i < hours; i++) {
      path[i] = p;
      p *= Math.exp(vol * gauss(rand) + 0.00002);
    }
    prices[asset] = path;
  }
  return { ts: Array.from({ length: hours }, (_, i) => firstTs + i * HOUR), prices };
}

function priceText(asset: string, p: number): string {
  return asset === 'DOGE' ? p.toFixed(6) : p.toFixed(2);
}

interface Position {
  wallet: WalletKind;
  asset: string;
  quantity: number;
}

interface PlannedFlow {
  ts: number;
  /** Slot index the flow lands before. */
  at: number;
  usd: number;
  status: 'counted' | 'pending' | 'void';
  id: string;
}

function planFlows(hours: number, scale: number, rand: () => number, name: string): PlannedFlow[] {
  const out: PlannedFlow[] = [];
  let n = 0;
  for (let i = 24 * 10; i < hours - 2; i += 24 * (15 + Math.floor(rand() * 20))) {
    const deposit = rand() < 0.7;
    const usd = Math.round(scale * (0.05 + rand() * 0.2)) * (deposit ? 1 : -1);
    out.push({ ts: 0, at: i, usd, status: 'counted', id: `${name}-${++n}` });
  }
  if (hours > 30) {
    out.push({
      ts: 0,
      at: hours - 3,
      usd: Math.round(scale * 0.1),
      status: 'pending',
      id: `${name}-pending`,
    });
    out.push({ ts: 0, at: hours - 20, usd: -Math.round(scale * 0.05), status: 'void', id: `${name}-void` });
  }
  return out.sort((x, y) => x.at - y.at);
}

function isRebalance(ts: number): boolean {
  const d = new Date(ts);
  return d.getUTCDay() === 1 && d.getUTCHours() === 17;
}

function positionsValue(positions: readonly Position[], at: number, path: PricePath): number {
  let v = 0;
  for (const p of positions) v += p.quantity * priceAt(p.asset, at, path);
  return v;
}

function priceAt(asset: string, at: number, path: PricePath): number {
  if (asset === 'USDT') return 1;
  const series = path.prices[asset];
  return series ? (series[at] as number) : Number.NaN;
}

function holdingsOf(positions: readonly Position[], at: number, path: PricePath): Holding[] {
  const out: Holding[] = positions.map((p) => {
    const price = priceText(p.asset, priceAt(p.asset, at, path));
    const quantity = p.quantity.toFixed(8);
    return {
      wallet: p.wallet,
      asset: p.asset,
      quantity,
      price,
      value: new Big(quantity).times(price).toFixed(),
    };
  });
  out.push({ wallet: 'spot', asset: 'NEWTOKEN', quantity: '1500', price: null, value: null });
  return out;
}

function sumValues(holdings: readonly Holding[]): string {
  let s = new Big(0);
  for (const h of holdings) if (h.value !== null) s = s.plus(h.value);
  return s.toFixed();
}

function initialPositions(scale: number, path: PricePath): Position[] {
  const p = (a: string) => priceAt(a, 0, path);
  return [
    { wallet: 'spot', asset: 'BTC', quantity: (scale * 0.35) / p('BTC') },
    { wallet: 'spot', asset: 'ETH', quantity: (scale * 0.25) / p('ETH') },
    { wallet: 'spot', asset: 'SOL', quantity: (scale * 0.08) / p('SOL') },
    { wallet: 'spot', asset: 'USDT', quantity: scale * 0.1 },
    { wallet: 'spot', asset: 'DOGE', quantity: 4.2 },
    { wallet: 'funding', asset: 'USDT', quantity: scale * 0.07 },
    { wallet: 'earnFlexible', asset: 'BNB', quantity: (scale * 0.1) / p('BNB') },
    { wallet: 'usdm', asset: 'USDT', quantity: scale * 0.05 },
  ];
}

/** A trade once a day: a slice of BTC to ETH or back, at that hour's prices (NAV unchanged by the trade). */
function trade(positions: Position[], at: number, path: PricePath, rand: () => number): void {
  const btc = positions.find((p) => p.asset === 'BTC') as Position;
  const eth = positions.find((p) => p.asset === 'ETH') as Position;
  const [from, to] = rand() < 0.5 ? [btc, eth] : [eth, btc];
  const usd = from.quantity * priceAt(from.asset, at, path) * 0.1 * rand();
  from.quantity -= usd / priceAt(from.asset, at, path);
  to.quantity += usd / priceAt(to.asset, at, path);
}

class Benchmark {
  units: Record<'BTC' | 'ETH', number> = { BTC: 0, ETH: 0 };
  value(at: number, path: PricePath): number {
    return this.units.BTC * priceAt('BTC', at, path) + this.units.ETH * priceAt('ETH', at, path);
  }
  invest(usd: number, at: number, path: PricePath): void {
    this.units.BTC += (0.5 * usd) / priceAt('BTC', at, path);
    this.units.ETH += (0.5 * usd) / priceAt('ETH', at, path);
  }
  withdraw(usd: number, at: number, path: PricePath): void {
    const f = Math.max(0, 1 - usd / this.value(at, path));
    this.units.BTC *= f;
    this.units.ETH *= f;
  }
  rebalance(at: number, path: PricePath): void {
    const v = this.value(at, path);
    this.units = { BTC: (0.5 * v) / priceAt('BTC', at, path), ETH: (0.5 * v) / priceAt('ETH', at, path) };
  }
}

function accountNames(spec: SeedOptions['accounts']): string[] {
  if (Array.isArray(spec)) return spec;
  const n = spec ?? 2;
  return Array.from({ length: n }, (_, i) => NAMES[i % NAMES.length] + (i >= NAMES.length ? `-${i}` : ''));
}

export async function seedStore(store: Store, opts: SeedOptions = {}): Promise<SeedResult> {
  const hours = opts.hours ?? 120 * 24;
  const lastTs = opts.until ?? Math.floor(Date.now() / HOUR) * HOUR;
  const firstTs = lastTs - (hours - 1) * HOUR;
  const seed = opts.seed ?? 7;
  const path = pricePath(firstTs, hours, seed);
  const names = accountNames(opts.accounts);
  const accounts: SeededAccount[] = [];
  const incompleteSlots = new Set<number>();
  for (const [k, name] of names.entries()) {
    const apiKey = `SEEDKEY${k}x${seed}QzKe9`;
    const secret = `SEEDSECRET${k}x${seed}Wq7Lp`;
    const stored = await store.accounts.add({
      name,
      apiKey,
      secret,
      keyType: 'hmac',
      createdAt: firstTs - HOUR,
      wallets: { spot: true, funding: true, earnFlexible: true, usdm: true, crossMargin: false },
      feeConfig: k === 0 ? { rate: '0.2', period: 'monthly', alphaOnly: false } : null,
    });
    accounts.push({ id: stored.id, name, apiKey, secret });
    const incomplete = await seedAccountHistory(store, stored.id, name, k, path, opts, seed);
    for (const i of incomplete) incompleteSlots.add(i);
    if (k === 0) await seedFees(store, stored.id, firstTs, lastTs);
  }
  await seedRuns(store, path, accounts, incompleteSlots, opts);
  return { accounts, firstTs, lastTs };
}

async function seedAccountHistory(
  store: Store,
  accountId: string,
  name: string,
  k: number,
  path: PricePath,
  opts: SeedOptions,
  seed: number,
): Promise<number[]> {
  const hours = path.ts.length;
  const rand = prng(seed * 1000 + k + 1);
  const scale = 10_000 * (1 + k) * (1 + rand());
  const positions = initialPositions(scale, path);
  const flows = planFlows(hours, scale, rand, name);
  const bench = new Benchmark();
  const holdingsFrom = hours - (opts.holdingsHours ?? hours);
  const incompleteEvery = opts.incompleteEvery ?? 500;
  const batchSize = opts.batch ?? 2000;
  const incomplete: number[] = [];
  let batch: Snapshot[] = [];
  let f = 0;
  for (let i = 0; i < hours; i++) {
    const ts = path.ts[i] as number;
    while (f < flows.length && (flows[f] as PlannedFlow).at === i) {
      const flow = flows[f++] as PlannedFlow;
      flow.ts = ts - 20 * 60_000;
      await store.flows.upsert({
        accountId,
        source: flow.usd > 0 ? 'deposit' : 'withdrawal',
        externalId: flow.id,
        asset: 'USDT',
        quantity: flow.usd.toFixed(2),
        ts: flow.ts,
        usdValue: flow.status === 'counted' ? flow.usd.toFixed(2) : null,
        price: flow.status === 'counted' ? '1' : null,
        status: flow.status,
        rawStatus:
          flow.status === 'counted' ? (flow.usd > 0 ? '1' : '6') : flow.status === 'pending' ? '0' : '3',
      });
      if (flow.status !== 'counted') continue;
      (positions.find((p) => p.wallet === 'spot' && p.asset === 'USDT') as Position).quantity += flow.usd;
      if (i > 0) {
        // The replay's B(τ⁻), stored as the worker does, so analytics chain-links the benchmark exactly.
        const benchmarkBefore = bench.value(i, path).toFixed(8);
        await store.flows.setBenchmarkBefore(accountId, [
          { source: flow.usd > 0 ? 'deposit' : 'withdrawal', externalId: flow.id, benchmarkBefore },
        ]);
        if (flow.usd > 0) bench.invest(flow.usd, i, path);
        else bench.withdraw(-flow.usd, i, path);
      }
    }
    if (i > 0 && i % 24 === 13) trade(positions, i, path, rand);
    // Futures PnL moves the margin balance a little each hour.
    (positions.find((p) => p.wallet === 'usdm') as Position).quantity *= 1 + 0.002 * gauss(rand);
    if (i === 0) bench.invest(positionsValue(positions, 0, path), 0, path);
    else if (isRebalance(ts)) bench.rebalance(i, path);
    const failed = incompleteEvery > 0 && i > 0 && (i + 7 * k) % incompleteEvery === 0;
    if (failed) incomplete.push(i);
    batch.push(snapshotAt(accountId, ts, i, positions, path, bench, failed, i >= holdingsFrom));
    if (batch.length >= batchSize) {
      await store.nav.saveMany(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await store.nav.saveMany(batch);
  return incomplete;
}

function snapshotAt(
  accountId: string,
  ts: number,
  i: number,
  positions: readonly Position[],
  path: PricePath,
  bench: Benchmark,
  failed: boolean,
  withHoldings: boolean,
): Snapshot {
  const kept = failed ? positions.filter((p) => p.wallet !== 'usdm') : positions;
  const holdings = withHoldings ? holdingsOf(kept, i, path) : [];
  const nav = withHoldings ? sumValues(holdings) : positionsValue(kept, i, path).toFixed(8);
  return {
    accountId,
    ts,
    status: failed ? 'incomplete' : 'complete',
    kind: 'hourly',
    nav,
    benchmarkValue: bench.value(i, path).toFixed(8),
    btcPrice: priceText('BTC', priceAt('BTC', i, path)),
    ethPrice: priceText('ETH', priceAt('ETH', i, path)),
    failedWallets: failed ? ['usdm'] : [],
    notEnabledWallets: ['crossMargin', 'isolatedMargin', 'coinm', 'earnLocked'],
    holdings,
  };
}

async function seedFees(store: Store, accountId: string, firstTs: number, lastTs: number): Promise<void> {
  // Calendar months; the first one starts with the history (as fee periods do).
  let start = Date.UTC(new Date(firstTs).getUTCFullYear(), new Date(firstTs).getUTCMonth(), 1);
  let hwm = 1;
  let index = 1;
  for (let m = 0; ; m++) {
    const d = new Date(start);
    const end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    if (end > lastTs) break;
    const endIndex = index * (1 + (m % 3 === 1 ? -0.03 : 0.04));
    const charged = endIndex > hwm;
    const navEnd = 25_000 * endIndex;
    await store.fees.upsert({
      accountId,
      periodStart: Math.max(start, firstTs),
      periodEnd: end,
      startIndex: index.toFixed(8),
      endIndex: endIndex.toFixed(8),
      hwmBefore: hwm.toFixed(8),
      hwmAfter: Math.max(hwm, endIndex).toFixed(8),
      navEnd: navEnd.toFixed(2),
      rate: '0.2',
      fee: charged ? (0.2 * navEnd * (1 - hwm / endIndex)).toFixed(2) : '0',
      status: m === 0 ? 'paid' : 'accrued',
      computedAt: end + HOUR,
    });
    hwm = Math.max(hwm, endIndex);
    index = endIndex;
    start = end;
  }
}

async function seedRuns(
  store: Store,
  path: PricePath,
  accounts: readonly SeededAccount[],
  incompleteSlots: ReadonlySet<number>,
  opts: SeedOptions,
): Promise<void> {
  const hours = path.ts.length;
  const runsFrom = hours - Math.min(hours, opts.runsHours ?? 14 * 24);
  const logsFrom = hours - Math.min(hours, opts.logsHours ?? 3 * 24);
  for (let i = runsFrom; i < hours; i++) {
    const slotTs = path.ts[i] as number;
    const startedAt = slotTs + 4_000;
    const failed = incompleteSlots.has(i);
    const id = await store.runs.start({ slotTs, startedAt, id: `run-${slotTs}` });
    const durationMs = 2_500 + ((i * 7919) % 4_000);
    const weightUsed = 30 * accounts.length + 40;
    await store.runs.finish(id, {
      status: failed ? 'failed' : 'ok',
      accountsOk: accounts.length - (failed ? 1 : 0),
      accountsFailed: failed ? 1 : 0,
      weightUsed,
      finishedAt: startedAt + durationMs,
      message: failed ? 'an account has an incomplete snapshot' : null,
    });
    if (i >= logsFrom || failed)
      await store.logs.write(runLogs(slotTs, startedAt, durationMs, accounts, failed));
  }
}

function runLogs(
  slotTs: number,
  startedAt: number,
  durationMs: number,
  accounts: readonly SeededAccount[],
  failed: boolean,
): Parameters<Store['logs']['write']>[0] {
  const logs: Parameters<Store['logs']['write']>[0] = [
    {
      ts: startedAt,
      level: 'info',
      component: 'scheduler',
      operation: 'slot',
      message: 'worker run started',
    },
    {
      ts: startedAt + 300,
      level: 'debug',
      component: 'worker',
      operation: 'prices',
      message: 'ticker prices fetched',
      durationMs: 240,
    },
  ];
  for (const a of accounts) {
    logs.push({
      ts: startedAt + 1_500,
      level: 'info',
      component: 'worker',
      accountId: a.id,
      operation: 'snapshot',
      message: `snapshot stored for ${a.name}`,
      durationMs: 900,
    });
  }
  if (failed && accounts[0]) {
    logs.push({
      ts: startedAt + 2_000,
      level: 'error',
      component: 'worker',
      accountId: accounts[0].id,
      operation: 'wallet',
      message: 'usdm wallet read failed after retries: HTTP 503 from /fapi/v2/account',
    });
  }
  logs.push({
    ts: startedAt + durationMs,
    level: failed ? 'warn' : 'info',
    component: 'scheduler',
    operation: 'slot',
    message: failed ? 'worker run finished with failures' : 'worker run finished',
    data: { slot: new Date(slotTs).toISOString() },
    durationMs,
  });
  return logs;
}

/** Writes one more complete snapshot for an account (tests of auto-refresh). */
export async function writeSnapshot(
  store: Store,
  accountId: string,
  ts: number,
  nav: string,
  benchmarkValue: string,
): Promise<void> {
  await store.nav.save({
    accountId,
    ts,
    status: 'complete',
    kind: 'hourly',
    nav,
    benchmarkValue,
    btcPrice: null,
    ethPrice: null,
    failedWallets: [],
    notEnabledWallets: [],
    holdings: [{ wallet: 'spot', asset: 'USDT', quantity: nav, price: '1', value: nav }],
  });
}
