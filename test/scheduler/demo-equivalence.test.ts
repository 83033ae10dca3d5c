/**
 * `bpm demo` builds its history fast (answers from the emulator in-process, exchangeInfo read once), and must
 * store exactly what the normal path stores: a worker run per slot over loopback HTTP, each run reading its own
 * exchangeInfo. Two stores are built over the same 25 slots of the demo scenario and compared row by row.
 * 2026-09-20 17:00 to 2026-09-21 17:00: a deposit seen pending by the first run and credited at 21:30 (then
 * counted and valued at τ), a weekly rebalance (Monday 2026-09-21 17:00) and both accounts' first flow scans
 * over 90 days, with fiat and withdrawals among them. 2026-10-19 17:00 to 2026-10-20 17:00: a fiat payment
 * dated exactly at a slot, while the other account stores that slot's prices in the same run.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { createWeightLimiter } from '../../src/binance/limiter.ts';
import { loadScenario, type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';
import { historySlots, runDemo } from '../../src/scheduler/demo.ts';
import { MemoryEventLog } from '../../src/scheduler/events.ts';
import type { Store } from '../../src/store/index.ts';
import { addAccount } from '../../src/worker/account-service.ts';
import { createClientFactory } from '../../src/worker/clients.ts';
import { runCollect } from '../../src/worker/run.ts';
import { testStores } from '../helpers/stores.ts';

const SCENARIO = fileURLToPath(new URL('../../scenarios/demo.json', import.meta.url));
const DAYS = 1;

/** Columns that record when a row was written (wall clock), not what it holds. */
const WRITE_TIMES = new Set(['created_at', 'updated_at', 'first_seen_at']);

const TABLES = [
  'nav_history',
  'holdings',
  'processed_transactions',
  'price_history',
  'benchmark_configs',
] as const;

/** Every row of the table, account ids replaced by names, write times left out, in a stable order. */
async function rows(store: Store, table: (typeof TABLES)[number]): Promise<string[]> {
  const names = new Map((await store.accounts.list()).map((a) => [a.id, a.name]));
  const all = (await store.db.selectFrom(table).selectAll().execute()) as Array<Record<string, unknown>>;
  return all
    .map((row) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(row)) {
        if (WRITE_TIMES.has(k)) continue;
        out[k] = k === 'account_id' ? names.get(String(v)) : typeof v === 'bigint' ? String(v) : v;
      }
      return JSON.stringify(out);
    })
    .sort();
}

async function demoBuild(store: Store, now: number): Promise<void> {
  const stop = new AbortController();
  const code = await runDemo(
    {
      store,
      scenario: SCENARIO,
      days: DAYS,
      liveEveryMs: 3_600_000,
      dashboardCommand: null,
      events: new MemoryEventLog(),
      logger: pino({ level: 'silent' }),
      progressOut: { write: () => true } as unknown as NodeJS.WritableStream,
      now: () => now,
      onLive: () => stop.abort(),
    },
    stop.signal,
  );
  assert.equal(code, 0);
}

/** The normal path: loopback HTTP, one runCollect per slot, exchangeInfo read by every run. */
async function perSlotBuild(store: Store, now: number): Promise<void> {
  const scenario = loadScenario(SCENARIO);
  const slots = historySlots(Date.parse(scenario.start), DAYS, now);
  const first = slots[0]!;
  let emulator: RunningEmulator | undefined;
  const emulatorNow = () => emulator?.now() ?? first;
  emulator = await startEmulator({ scenario, frozen: true, startAt: first, wallClock: emulatorNow });
  const emu = emulator;
  try {
    const clientFactory = createClientFactory({
      baseUrl: emu.url,
      limiter: createWeightLimiter({ now: emulatorNow }),
    });
    for (const a of scenario.accounts) {
      if (a.keyType !== 'hmac' || !a.apiSecret) continue;
      await addAccount(
        { store, clientFactory },
        { name: a.name, apiKey: a.apiKey, secret: a.apiSecret, keyType: 'hmac', backfill: false, at: first },
      );
    }
    for (const slot of slots) {
      emu.setTime(slot + 20_000);
      await clientFactory().syncClock();
      const summary = await runCollect({ store, clientFactory, at: slot });
      assert.equal(summary.exitCode, 0, `slot ${new Date(slot).toISOString()}: ${JSON.stringify(summary)}`);
    }
  } finally {
    await emu.close();
  }
}

describe('bpm demo history equals the per-slot worker runs', () => {
  const sqlite = testStores()[0]!;
  const closers: Array<() => Promise<void>> = [];
  after(async () => {
    for (const c of closers) await c();
  });

  /** Both builds over the day before `now`, every table compared; the fast build's store is returned. */
  async function bothBuilds(now: number): Promise<Store> {
    const fast = await sqlite.open();
    closers.push(() => fast.close());
    const normal = await sqlite.open();
    closers.push(() => normal.close());
    await demoBuild(fast, now);
    await perSlotBuild(normal, now);
    for (const table of TABLES) {
      const [a, b] = [await rows(fast, table), await rows(normal, table)];
      assert.ok(a.length > 0, `${table} is empty`);
      assert.deepEqual(a, b, `${table} differs`);
    }
    return fast;
  }
  const parsed = async (store: Store, table: (typeof TABLES)[number]) =>
    (await rows(store, table)).map((r) => JSON.parse(r) as Record<string, unknown>);

  it('stores identical snapshots, holdings, flows, prices and benchmark state', async () => {
    const fast = await bothBuilds(Date.parse('2026-09-21T17:30:00Z'));
    // The window is what the header says: 25 slots per account, a counted deposit at 21:30 on the 20th, and
    // benchmark values on every snapshot.
    const nav = await parsed(fast, 'nav_history');
    assert.equal(nav.length, 2 * (DAYS * 24 + 1));
    assert.ok(nav.every((r) => r.status === 'complete' && r.benchmark_value !== null));
    const flows = await parsed(fast, 'processed_transactions');
    assert.ok(
      flows.some(
        (f) =>
          f.source === 'deposit' && f.status === 'counted' && f.ts === Date.parse('2026-09-20T21:30:00Z'),
      ),
    );
    const configs = await parsed(fast, 'benchmark_configs');
    assert.ok(configs.every((c) => Number(c.last_rebalance_at) === Date.parse('2026-09-21T17:00:00Z')));
  });

  it("values a flow dated exactly at a slot at the run's price there, whichever account stores it first", async () => {
    // beta's fiat payment (0.0085 BTC) is dated 2026-10-20 16:00:00, a slot; alpha stores BTCUSDT at that slot
    // in the same run. The payment takes the run's BTCUSDT price at the slot, the one both snapshots show.
    const slot = Date.parse('2026-10-20T16:00:00Z');
    const fast = await bothBuilds(Date.parse('2026-10-20T17:30:00Z'));
    const payment = (await parsed(fast, 'processed_transactions')).find((f) => f.source === 'fiat_payment');
    assert.equal(payment?.ts, slot);
    assert.equal(payment?.status, 'counted');
    const atSlot = (await parsed(fast, 'nav_history')).filter((r) => r.ts === slot);
    assert.equal(atSlot.length, 2);
    assert.ok(atSlot.every((r) => r.btc_price === payment?.price));
    const btc = (await parsed(fast, 'price_history')).find((p) => p.symbol === 'BTCUSDT' && p.ts === slot);
    assert.equal(btc?.price, payment?.price);
  });
});

describe('the in-process fetch of a running emulator', () => {
  it('answers as the HTTP server does: status, weight headers and body', async () => {
    const scenario = loadScenario(SCENARIO);
    const emu = await startEmulator({ scenario, frozen: true });
    try {
      const paths = [
        '/api/v3/ticker/price',
        '/api/v3/time',
        '/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=2',
        '/api/v3/nothing-here',
        '/api/v3/account',
      ];
      for (const path of paths) {
        const overHttp = await fetch(`${emu.url}${path}`);
        const inProcess = await emu.fetch(`${emu.url}${path}`);
        assert.equal(inProcess.status, overHttp.status, path);
        assert.equal(await inProcess.text(), await overHttp.text(), path);
        assert.equal(inProcess.headers.get('content-type'), overHttp.headers.get('content-type'), path);
        // The second request of the pair has spent its weight on top of the first's.
        const used = (r: Response) => Number(r.headers.get('x-mbx-used-weight-1m') ?? 0);
        assert.ok(used(inProcess) >= used(overHttp), path);
      }
      // Faults apply in-process too: a 5xx answers 503; a held answer (timeout) waits for the caller's signal.
      const fault = (spec: object) =>
        fetch(`${emu.url}/__emulator/faults`, { method: 'POST', body: JSON.stringify(spec) });
      await fault({ endpoint: '/api/v3/time', kind: '5xx', count: 1 });
      assert.equal((await emu.fetch(`${emu.url}/api/v3/time`)).status, 503);
      await fault({ endpoint: '/api/v3/time', kind: 'timeout', count: 1 });
      await assert.rejects(
        emu.fetch(`${emu.url}/api/v3/time`, { signal: AbortSignal.timeout(50) }),
        (err: Error) => err.name === 'TimeoutError',
      );
      assert.equal((await emu.fetch(`${emu.url}/api/v3/time`)).status, 200);
      // An aborted signal rejects, as fetch does.
      await assert.rejects(
        emu.fetch(`${emu.url}/api/v3/time`, { signal: AbortSignal.abort() }),
        (err: Error) => err.name === 'AbortError',
      );
    } finally {
      await emu.close();
    }
  });
});
