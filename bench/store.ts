/**
 * Store benchmark: hourly snapshots (with holdings) for many accounts over years, written in batches, then read
 * back one account-year at a time. Prints write throughput and read latency (p50/p95) per backend.
 *
 *   node bench/store.ts                       # 20 accounts x 5 years (~876,000 NAV rows, ~7M holdings)
 *   node bench/store.ts --accounts 2 --years 1 --holdings 4
 *   node bench/store.ts --backend postgres    # DATABASE_URL or TEST_DATABASE_URL; a scratch database is used
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { Holding, Snapshot } from '../src/domain/types.ts';
import { openStore, type Store } from '../src/store/index.ts';

const HOUR = 3_600_000;
const YEAR_HOURS = 8760;
const ASSETS = ['BTC', 'ETH', 'BNB', 'USDT', 'SOL', 'XRP', 'ADA', 'DOGE', 'LINK', 'DOT', 'AVAX', 'TRX'];
const WALLETS = ['spot', 'funding', 'usdm', 'earnFlexible'] as const;

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '20' },
    years: { type: 'string', default: '5' },
    holdings: { type: 'string', default: '8' },
    batch: { type: 'string', default: '168' },
    backend: { type: 'string', default: 'all' },
  },
});
const accounts = positiveInt('accounts');
const years = Number(values.years);
if (!(years > 0)) throw new Error('--years must be positive');
const holdingsPer = positiveInt('holdings');
const batchSize = positiveInt('batch');
const hours = Math.round(years * YEAR_HOURS);
const start = Date.UTC(2021, 0, 1);
const secretKey = randomBytes(32).toString('base64');

function positiveInt(name: 'accounts' | 'holdings' | 'batch'): number {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer`);
  return n;
}

function snapshot(accountId: string, a: number, i: number): Snapshot {
  const holdings: Holding[] = [];
  let nav = 0;
  for (let k = 0; k < holdingsPer; k++) {
    const qty = ((a + 1) * (k + 1) * 0.0137 + i * 1e-6).toFixed(8);
    const price = (100 + k * 37.5 + (i % 500) * 0.01).toFixed(2);
    const value = Number(qty) * Number(price);
    nav += value;
    holdings.push({
      wallet: WALLETS[k % WALLETS.length]!,
      asset: ASSETS[k % ASSETS.length]!,
      quantity: qty,
      price,
      value: value.toFixed(10),
    });
  }
  return {
    accountId,
    ts: start + i * HOUR,
    status: 'complete',
    kind: 'hourly',
    nav: nav.toFixed(10),
    benchmarkValue: (nav * 0.98).toFixed(10),
    btcPrice: (40000 + (i % 1000)).toFixed(2),
    ethPrice: (2500 + (i % 100)).toFixed(2),
    failedWallets: [],
    notEnabledWallets: ['coinm'],
    holdings,
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function bench(name: string, store: Store): Promise<void> {
  const ids: string[] = [];
  for (let a = 0; a < accounts; a++) {
    ids.push(
      (await store.accounts.add({ name: `acct${a}`, apiKey: `k${a}`, secret: 's', keyType: 'hmac' })).id,
    );
  }
  const t0 = performance.now();
  let written = 0;
  let lastReport = t0;
  for (let a = 0; a < accounts; a++) {
    for (let i = 0; i < hours; i += batchSize) {
      const batch: Snapshot[] = [];
      for (let j = i; j < Math.min(i + batchSize, hours); j++) batch.push(snapshot(ids[a]!, a, j));
      await store.nav.saveMany(batch);
      written += batch.length;
      if (performance.now() - lastReport > 10_000) {
        lastReport = performance.now();
        const rate = Math.round(written / ((lastReport - t0) / 1000));
        process.stderr.write(`  ${name}: ${written}/${accounts * hours} snapshots (${rate}/s)\n`);
      }
    }
  }
  const writeSec = (performance.now() - t0) / 1000;

  const latencies: number[] = [];
  let rowsRead = 0;
  for (let a = 0; a < accounts; a++) {
    for (let y = 0; y < Math.ceil(years); y++) {
      const from = start + y * YEAR_HOURS * HOUR;
      const r0 = performance.now();
      const rows = await store.nav.range(ids[a]!, from, from + YEAR_HOURS * HOUR - 1);
      latencies.push(performance.now() - r0);
      rowsRead += rows.length;
    }
  }
  const snapLatencies: number[] = [];
  for (let n = 0; n < 200; n++) {
    const a = n % accounts;
    const r0 = performance.now();
    await store.nav.snapshotAt(ids[a]!, start + ((n * 7919) % hours) * HOUR);
    snapLatencies.push(performance.now() - r0);
  }
  latencies.sort((x, y) => x - y);
  snapLatencies.sort((x, y) => x - y);
  const navRows = accounts * hours;
  console.log(
    [
      `${name}: wrote ${navRows} NAV rows + ${navRows * holdingsPer} holdings in ${writeSec.toFixed(1)} s`,
      `  ${Math.round(navRows / writeSec)} snapshots/s, ${Math.round((navRows * (holdingsPer + 1)) / writeSec)} rows/s`,
      `  read one account-year (${Math.round(rowsRead / latencies.length)} rows): p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms (${latencies.length} reads)`,
      `  read one snapshot with holdings: p50 ${percentile(snapLatencies, 50).toFixed(2)} ms, p95 ${percentile(snapLatencies, 95).toFixed(2)} ms`,
    ].join('\n'),
  );
}

async function onSqlite(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bpm-bench-'));
  const store = await openStore({ dbPath: join(dir, 'bench.db'), secretKey });
  try {
    await bench('sqlite', store);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function onPostgres(url: string): Promise<void> {
  const name = `bpm_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (text: string) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(text);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  try {
    const store = await openStore({ databaseUrl: u.toString(), secretKey });
    try {
      await bench('postgres', store);
    } finally {
      await store.close();
    }
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

console.log(`${accounts} accounts x ${hours} hours, ${holdingsPer} holdings each, batches of ${batchSize}`);
const pgUrl = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL;
if (values.backend === 'all' || values.backend === 'sqlite') await onSqlite();
if (values.backend === 'all' || values.backend === 'postgres') {
  if (pgUrl) await onPostgres(pgUrl);
  else console.log('postgres: skipped (set DATABASE_URL or TEST_DATABASE_URL)');
}
