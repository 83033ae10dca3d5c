/**
 * One account's full all-wallet read against the emulator with 50 ms of latency injected on every endpoint:
 * spot, funding, cross margin, isolated margin, USDⓈ-M, COIN-M, earn flexible and earn locked in parallel, plus
 * the ticker fetch every run shares. Prints the wall time as a multiple of one round trip (target ≤ 1.5) and the
 * weight one snapshot spends per limit.
 *
 *   node bench/client.ts
 */
import {
  type BinanceClient,
  createBinanceClient,
  createWeightLimiter,
  type UsedWeight,
} from '../src/binance/index.ts';
import { type Scenario, startEmulator } from '../src/emulator/index.ts';

const LATENCY_MS = 50;
const SNAPSHOTS = 7;
const TARGET = 1.5;

const scenario: Scenario = {
  start: '2026-01-05T00:00:00Z',
  symbols: ['BTCUSDT', 'ETHUSDT', 'BNBUSDT'],
  prices: {
    BTCUSDT: [['2026-01-05T00:00:00Z', '90000']],
    ETHUSDT: [['2026-01-05T00:00:00Z', '3000']],
    BNBUSDT: [['2026-01-05T00:00:00Z', '600']],
  },
  accounts: [
    {
      name: 'alpha',
      apiKey: 'benchKey',
      apiSecret: 'benchSecret',
      spot: { BTC: '0.5', USDT: '1000', BNB: '3' },
      funding: { USDT: '50' },
      crossMargin: { ETH: { free: '2', borrowed: '0.5', interest: '0.01' } },
      isolatedMargin: { BTCUSDT: { base: { free: '0.1' }, quote: { free: '1000', borrowed: '500' } } },
      usdm: {
        wallet: { USDT: '2000' },
        positions: [{ symbol: 'BTCUSDT', amount: '0.1', entryPrice: '88000' }],
      },
      coinm: { wallet: { BTC: '0.05' } },
      earnFlexible: { USDT: '300' },
      earnLocked: { ETH: '1' },
    },
  ],
};

function readAllWallets(market: BinanceClient, account: BinanceClient): Promise<unknown[]> {
  return Promise.all([
    market.tickerPrices(),
    account.spotAccount(),
    account.fundingAssets(),
    account.crossMarginAccount(),
    account.isolatedMarginAccount(),
    account.usdmAccount(),
    account.coinmAccount(),
    account.earnFlexiblePositions(),
    account.earnLockedPositions(),
  ]);
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Weight sent so far per limit name, with each limit's size per minute. */
function spentByLimit(...usages: UsedWeight[]): Map<string, { weight: number; perMinute: number }> {
  const totals = new Map<string, { weight: number; perMinute: number }>();
  for (const usage of usages) {
    for (const { limit, weight, perMinute } of usage.byLimit) {
      totals.set(limit, { weight: (totals.get(limit)?.weight ?? 0) + weight, perMinute });
    }
  }
  return totals;
}

const emu = await startEmulator({ scenario, port: 0 });
try {
  await fetch(`${emu.url}/__emulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ endpoint: '*', kind: 'latency', ms: LATENCY_MS }),
  });
  const limiter = createWeightLimiter();
  const market = createBinanceClient({ baseUrl: emu.url, limiter, accountLabel: 'market' });
  const account = createBinanceClient({
    baseUrl: emu.url,
    limiter,
    accountLabel: 'alpha',
    credentials: { apiKey: 'benchKey', secret: 'benchSecret', keyType: 'hmac' },
  });

  const roundTrips: number[] = [];
  for (let i = 0; i < 5; i += 1) roundTrips.push(await timed(() => market.serverTime()));
  const roundTrip = median(roundTrips);
  // Measured once per process and server, shared by every account's client.
  const syncMs = await timed(() => account.syncClock());

  const walls: number[] = [];
  const before = spentByLimit(market.usedWeight(), account.usedWeight());
  for (let i = 0; i < SNAPSHOTS; i += 1) walls.push(await timed(() => readAllWallets(market, account)));
  const after = spentByLimit(market.usedWeight(), account.usedWeight());

  const wall = median(walls);
  const ratio = wall / roundTrip;
  console.log(`injected latency      ${LATENCY_MS} ms on every endpoint`);
  console.log(
    `one round trip        ${roundTrip.toFixed(1)} ms (median of ${roundTrips.length} GET /api/v3/time)`,
  );
  console.log(`clock sync (once)     ${syncMs.toFixed(1)} ms, not part of each snapshot`);
  console.log(
    `all-wallet snapshot   ${wall.toFixed(1)} ms median of ${SNAPSHOTS} (min ${Math.min(...walls).toFixed(1)}, max ${Math.max(...walls).toFixed(1)})`,
  );
  console.log(`                      = ${ratio.toFixed(2)} round trips (target ≤ ${TARGET})`);
  console.log('weight per snapshot, per limit:');
  let total = 0;
  for (const [limit, { weight, perMinute }] of [...after.entries()].sort()) {
    const perSnapshot = (weight - (before.get(limit)?.weight ?? 0)) / SNAPSHOTS;
    if (perSnapshot === 0) continue;
    total += perSnapshot;
    console.log(`  ${limit.padEnd(46)} ${String(perSnapshot).padStart(5)} of ${perMinute}/min`);
  }
  console.log(`  ${'total'.padEnd(46)} ${String(total).padStart(5)}`);
  if (ratio > TARGET) process.exitCode = 1;
} finally {
  await emu.close();
}
