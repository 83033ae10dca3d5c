/**
 * Worker benchmark: one `runCollect` over many accounts on the emulator, with request latency and Binance's
 * weight limits enforced. Prints wall time, weight used against each budget, 429/418 answers received (must be
 * 0) and accounts per minute against the maximum the weight budgets allow.
 *
 *   node bench/collect.ts                          # 200 accounts, 50 ms latency, concurrency 8
 *   node bench/collect.ts --accounts 20 --latency 50 --concurrency 4
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ENDPOINTS, LIMIT_PER_MINUTE } from '../src/binance/endpoints.ts';
import { startEmulator } from '../src/emulator/index.ts';
import type { Scenario } from '../src/emulator/scenario.ts';
import { openStore } from '../src/store/index.ts';
import { createClientFactory } from '../src/worker/clients.ts';
import { runCollect } from '../src/worker/run.ts';
import { ipWeightByBudget, maxAccountsPerMinute, SNAPSHOT_CALLS, weightOf } from '../src/worker/weights.ts';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '200' },
    latency: { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '8' },
  },
});
const accounts = positiveInt('accounts');
const latencyMs = Number(values.latency);
const concurrency = positiveInt('concurrency');

function positiveInt(name: keyof typeof values): number {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer`);
  return n;
}

/** Accounts with every wallet kind, a few assets each, and some flows in the lookback window. */
function scenario(n: number): Scenario {
  const start = '2026-01-01T00:00:00Z';
  const list = Array.from({ length: n }, (_, i) => ({
    name: `acct${i}`,
    apiKey: `benchKey${i}`,
    apiSecret: `benchSecret${i}`,
    spot: { BTC: '0.1', ETH: '1.5', USDT: String(1000 + i), BNB: '2' },
    funding: { USDT: '100' },
    crossMargin: { USDT: { free: '500', borrowed: '100' } },
    usdm: {
      wallet: { USDT: '2000' },
      positions: [{ symbol: 'BTCUSDT', amount: '0.01', entryPrice: '95000' }],
    },
    earnFlexible: { USDT: '300' },
    earnLocked: { ETH: '0.5' },
  }));
  const events = list.flatMap((a, i) => [
    {
      at: '2026-01-04T09:30:00Z',
      account: a.name,
      type: 'deposit' as const,
      coin: 'USDT',
      amount: String(100 + i),
    },
    {
      at: '2026-01-04T15:00:00Z',
      account: a.name,
      type: 'withdrawal' as const,
      coin: 'USDT',
      amount: '50',
      fee: '1',
    },
  ]);
  return {
    start,
    symbols: ['BTCUSDT', 'ETHUSDT', 'BNBUSDT', 'ETHBTC'],
    prices: {
      BTCUSDT: { walk: { start: '100000', hourlyVol: 0.005, seed: 1 } },
      ETHUSDT: { walk: { start: '4000', hourlyVol: 0.006, seed: 2 } },
      BNBUSDT: { walk: { start: '600', hourlyVol: 0.006, seed: 3 } },
      ETHBTC: [[start, '0.04']],
    },
    accounts: list,
    events,
  };
}

const dir = mkdtempSync(join(tmpdir(), 'bpm-bench-collect-'));
// The emulator's clock runs (as Binance's does): requests that wait for the next minute's budget stay in time.
const emu = await startEmulator({
  scenario: scenario(accounts),
  port: 0,
  frozen: false,
  enforceLimits: true,
});
const store = await openStore({
  dbPath: join(dir, 'monitor.db'),
  secretKey: randomBytes(32).toString('base64'),
});
try {
  emu.setTime(Date.parse('2026-01-05T10:00:00Z'));
  const at = emu.now();
  for (let i = 0; i < accounts; i++) {
    await store.accounts.add({
      name: `acct${i}`,
      apiKey: `benchKey${i}`,
      secret: `benchSecret${i}`,
      keyType: 'hmac',
    });
  }
  await fetch(`${emu.url}/__emulator/faults`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ endpoint: '*', kind: 'latency', ms: latencyMs }),
  });
  await fetch(`${emu.url}/__emulator/reset-stats`, { method: 'POST' });

  const startedAt = Date.now();
  const started = performance.now();
  const summary = await runCollect({
    store,
    clientFactory: createClientFactory({ baseUrl: emu.url }),
    at,
    concurrency,
  });
  const wallMs = performance.now() - started;
  // Budgets are per clock minute: the run could spend one budget in each minute it touched.
  const windows = Math.floor(Date.now() / 60_000) - Math.floor(startedAt / 60_000) + 1;

  const stats = (await (await fetch(`${emu.url}/__emulator/stats`)).json()) as {
    total: { requests: number; weight: number; statuses: Record<string, number> };
    endpoints: Record<string, { requests: number; weight: number }>;
  };
  const byStatus = summary.accounts.reduce<Record<string, number>>((m, r) => {
    m[r.status] = (m[r.status] ?? 0) + 1;
    return m;
  }, {});
  const perAccount = ipWeightByBudget(weightOf(SNAPSHOT_CALLS));
  const max = maxAccountsPerMinute();
  const minutes = wallMs / 60_000;
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`accounts:           ${accounts} (concurrency ${concurrency}, latency ${latencyMs} ms per request)`);
  out(`outcome:            ${JSON.stringify(byStatus)}, exit code ${summary.exitCode}`);
  out(`wall time:          ${(wallMs / 1000).toFixed(1)} s`);
  out(`requests:           ${stats.total.requests} (${JSON.stringify(stats.total.statuses)})`);
  out(
    `429 received:       ${stats.total.statuses['429'] ?? 0}; 418 received: ${stats.total.statuses['418'] ?? 0}`,
  );
  out(
    `weight used:        ${summary.weightUsed} (client accounting; emulator counted ${stats.total.weight})`,
  );
  out(`weight against the budgets of the ${windows} clock minute(s) the run spanned (emulator count):`);
  for (const [path, e] of Object.entries(stats.endpoints)) {
    const endpoint = Object.values(ENDPOINTS).find((x) => x.path === path);
    if (!endpoint) continue;
    const perMinute = LIMIT_PER_MINUTE[endpoint.limit];
    // /api, fapi and dapi share one budget per IP, each sapi IP endpoint has its own; UID budgets are per account.
    const scope = endpoint.limit === 'sapi-ip' ? 'this endpoint' : `shared ${endpoint.limit}`;
    const line =
      endpoint.limit === 'sapi-uid'
        ? `${e.weight / accounts} per account of ${perMinute * windows} (${perMinute}/min per account)`
        : `${e.weight} of ${perMinute * windows} (${perMinute}/min ${scope})`;
    out(`  ${path.padEnd(42)} ${String(e.requests).padStart(5)} req  ${line}`);
  }
  for (const family of ['api', 'fapi', 'dapi'] as const) {
    const used = Object.entries(stats.endpoints)
      .filter(([path]) => Object.values(ENDPOINTS).some((x) => x.path === path && x.limit === family))
      .reduce((sum, [, e]) => sum + e.weight, 0);
    out(`  ${`all ${family}`.padEnd(42)}            ${used} of ${LIMIT_PER_MINUTE[family] * windows}`);
  }
  out('per account, against the per-minute IP budgets:');
  for (const [budget, { weight, budget: limit }] of perAccount) {
    out(
      `  ${budget.padEnd(46)} ${String(weight).padStart(5)} of ${limit}/min → ${Math.floor(limit / weight)} accounts/min`,
    );
  }
  out(
    `accounts per minute: ${(accounts / minutes).toFixed(1)} over the wall time; the weight budget allows at most ${Math.floor(max.accounts)} per clock minute (bound by ${max.bindingBudget}), ${Math.floor(max.accounts) * windows} in the ${windows} clock minute(s) this run touched`,
  );
} finally {
  await store.close();
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
}
