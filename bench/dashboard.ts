/**
 * Dashboard benchmark: a store with years of hourly history for many accounts (seeded once by
 * test/helpers/seed.ts and reused), the dashboard in a child process on loopback, and a bounded number of
 * concurrent clients per endpoint. Prints p50/p95/p99 latency and requests per second for every endpoint.
 *
 *   node bench/dashboard.ts                                 # 20 accounts x 5 years in ./data/bench-dashboard.db
 *   node bench/dashboard.ts --accounts 5 --years 1 --db /tmp/small.db --requests 200 --clients 4
 *
 * Caches are warmed by the first requests (one per endpoint, not timed): the numbers are the steady state
 * between worker runs. A cold start (first overview after a new run) is printed separately.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { startDashboard } from '../src/dashboard/index.ts';
import { openStore } from '../src/store/index.ts';
import { HOUR, seedStore } from '../test/helpers/seed.ts';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '20' },
    years: { type: 'string', default: '5' },
    db: { type: 'string', default: './data/bench-dashboard.db' },
    requests: { type: 'string', default: '400' },
    clients: { type: 'string', default: '8' },
    serve: { type: 'boolean', default: false },
  },
});

function positive(name: 'accounts' | 'years' | 'requests' | 'clients'): number {
  const n = Number(values[name]);
  if (!(n > 0)) throw new Error(`--${name} must be a positive number`);
  return n;
}

const dbPath = values.db as string;

/** Child mode: serve the store on a random loopback port and print the URL. */
async function serve(): Promise<void> {
  const store = await openStore({ dbPath, migrate: false });
  const d = await startDashboard({ store, port: 0, host: '127.0.0.1' });
  process.stdout.write(`${d.url}\n`);
  process.once(
    'SIGTERM',
    () =>
      void d
        .close()
        .then(() => store.close())
        .then(() => process.exit(0)),
  );
}

async function ensureSeeded(accounts: number, years: number): Promise<void> {
  mkdirSync(dirname(dbPath), { recursive: true });
  const fresh = !existsSync(dbPath);
  const store = await openStore({ dbPath });
  try {
    const have = await store.nav.count();
    const want = Math.round(years * 8760) * accounts;
    if (!fresh && have >= want) {
      process.stdout.write(`reusing ${dbPath}: ${have.toLocaleString('en-US')} snapshots\n`);
      return;
    }
    if (!fresh && have > 0) throw new Error(`${dbPath} holds a different data set; remove it or pass --db`);
    const t = performance.now();
    process.stdout.write(
      `seeding ${accounts} accounts x ${years} years of hourly history into ${dbPath} …\n`,
    );
    await seedStore(store, {
      accounts,
      hours: Math.round(years * 8760),
      until: Math.floor(Date.now() / HOUR) * HOUR,
      holdingsHours: 24 * 7,
      runsHours: 24 * 30,
      logsHours: 24 * 3,
      batch: 5000,
    });
    process.stdout.write(`seeded in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
  } finally {
    await store.close();
  }
}

function startChild(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [import.meta.filename, '--serve', '--db', dbPath], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`dashboard exited with ${code}`)));
    child.stdout?.once('data', (chunk: Buffer) => resolve({ url: chunk.toString().trim(), child }));
  });
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

async function timed(url: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(url);
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
  return performance.now() - t;
}

async function load(url: string, requests: number, clients: number): Promise<{ ms: number[]; rps: number }> {
  const ms: number[] = [];
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < requests) {
        next++;
        ms.push(await timed(url));
      }
    }),
  );
  return { ms: ms.sort((a, b) => a - b), rps: requests / ((performance.now() - t) / 1000) };
}

async function main(): Promise<void> {
  if (values.serve) return serve();
  const accounts = positive('accounts');
  const years = positive('years');
  const requests = positive('requests');
  const clients = Math.min(64, positive('clients'));
  await ensureSeeded(accounts, years);
  const { url, child } = await startChild();
  try {
    const name = 'alpha';
    const cold = await timed(`${url}/api/overview`);
    process.stdout.write(
      `cold overview (every account's history loaded and analysed): ${cold.toFixed(0)} ms\n\n`,
    );
    const endpoints = [
      '/api/status',
      '/api/overview',
      '/api/accounts',
      `/api/accounts/${name}`,
      `/api/accounts/${name}?range=all`,
      `/api/accounts/${name}/series?range=30d`,
      `/api/accounts/${name}/series?range=1y`,
      `/api/accounts/${name}/series?range=all`,
      '/api/total?range=1y',
      '/api/total/series?range=all',
      `/api/accounts/${name}/holdings`,
      `/api/accounts/${name}/flows`,
      `/api/accounts/${name}/fees`,
      '/api/runs',
      '/api/runs?status=failed',
      '/api/logs',
      '/api/logs?level=warn',
      `/api/logs?account=${name}&component=worker`,
      '/healthz',
      '/metrics',
      '/',
      `/accounts/${name}`,
      '/total',
      '/runs',
      '/status',
      `/api/accounts/${name}/flows.csv`,
      `/api/accounts/${name}/nav.csv`,
    ];
    const rows: string[][] = [['endpoint', 'p50 ms', 'p95 ms', 'p99 ms', 'req/s']];
    const slow: string[] = [];
    for (const path of endpoints) {
      await timed(url + path);
      const { ms, rps } = await load(url + path, requests, clients);
      rows.push([path, ...[0.5, 0.95, 0.99].map((q) => quantile(ms, q).toFixed(1)), rps.toFixed(0)]);
      if (quantile(ms, 0.95) > 50 && !path.endsWith('.csv')) slow.push(path);
    }
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    for (const r of rows) {
      process.stdout.write(
        `${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}\n`,
      );
    }
    process.stdout.write(`\n${requests} requests per endpoint, ${clients} concurrent clients, loopback.\n`);
    process.stdout.write(
      slow.length === 0
        ? 'Every page and JSON answer is under 50 ms at p95 (the CSV export is a multi-megabyte download).\n'
        : `Over 50 ms at p95: ${slow.join(', ')}\n`,
    );
  } finally {
    child.kill('SIGTERM');
  }
}

await main();
