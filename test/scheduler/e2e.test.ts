/**
 * `bpm run` end to end: the real worker (`bpm collect`) and dashboard (`bpm serve`) as child processes, against
 * the emulator, over several hourly slots made to pass in seconds by a clock running 600 times faster.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { loadConfig } from '../../src/config/index.ts';
import { startEmulator } from '../../src/emulator/index.ts';
import { childEnv } from '../../src/scheduler/child-env.ts';
import { type Clock, delay } from '../../src/scheduler/clock.ts';
import { collectCommand } from '../../src/scheduler/commands.ts';
import { runDaemon } from '../../src/scheduler/daemon.ts';
import { openStore } from '../../src/store/index.ts';
import { addAccount } from '../../src/worker/account-service.ts';
import { createClientFactory } from '../../src/worker/clients.ts';
import { freePort } from '../helpers/process.ts';
import { scriptDir } from './helpers.ts';

const SCENARIO = fileURLToPath(new URL('../../scenarios/demo.json', import.meta.url));
const HOUR = 3_600_000;
const dir = scriptDir();
after(() => dir.cleanup());

/** Virtual time = start + real elapsed × factor. */
function fastClock(start: number, factor: number): Clock {
  const realStart = Date.now();
  const now = () => start + (Date.now() - realStart) * factor;
  return {
    now,
    async sleepUntil(ts, signal) {
      while (!signal?.aborted && now() < ts) await delay(Math.min(50, (ts - now()) / factor), signal);
    },
  };
}

describe('bpm run against the emulator', () => {
  it('collects slot after slot through the real worker and serves the dashboard', async () => {
    const start = Date.parse('2026-08-25T00:50:00Z');
    const emulator = await startEmulator({
      scenario: SCENARIO,
      frozen: true,
      startAt: start,
      enforceLimits: false,
    });
    const dbPath = join(dir.dir, 'e2e.db');
    const port = await freePort();
    const config = loadConfig({
      env: { BINANCE_BASE_URL: emulator.url, BPM_LOG_LEVEL: 'warn' },
      overrides: { db: dbPath, 'dashboard.port': String(port), runTimeout: '20s' },
      cwd: dir.dir,
    });
    const store = await openStore({ dbPath });
    try {
      await addAccount(
        { store, clientFactory: createClientFactory({ baseUrl: emulator.url }) },
        {
          name: 'alpha',
          apiKey: 'demoAlphaKey0001',
          secret: 'demoAlphaSecret0001',
          keyType: 'hmac',
          backfill: false,
        },
      );
      const collect = collectCommand(childEnv(config));
      const stop = new AbortController();
      const quiet = { stdout: new PassThrough().resume(), stderr: new PassThrough().resume() };
      const done = runDaemon(
        {
          config,
          store,
          logger: pino({ level: 'silent' }),
          // 1 hour passes in 6 s. The emulator's clock is put just after each slot when its run starts.
          clock: fastClock(start, 600),
          workerCommand: (slot) => {
            emulator.setTime(slot + 20_000);
            return collect(slot);
          },
          childOutput: quiet,
        },
        stop.signal,
      );
      const account = (await store.accounts.byName('alpha'))!;
      const deadline = Date.now() + 25_000;
      let rows = await store.nav.range(account.id, 0, Number.MAX_SAFE_INTEGER);
      while (rows.length < 3 && Date.now() < deadline) {
        await delay(200);
        rows = await store.nav.range(account.id, 0, Number.MAX_SAFE_INTEGER);
      }
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      stop.abort();
      assert.equal(await done, 0);
      // Fresh store started at 00:50: the 00:00 slot is caught up at once, then 01:00, 02:00 on the hour.
      assert.deepEqual(
        rows.slice(0, 3).map((r) => new Date(r.ts).toISOString()),
        ['2026-08-25T00:00:00.000Z', '2026-08-25T01:00:00.000Z', '2026-08-25T02:00:00.000Z'],
      );
      assert.ok(rows.slice(0, 3).every((r) => r.status === 'complete' && Number(r.nav) > 0));
      assert.equal(rows[1]!.ts - rows[0]!.ts, HOUR);
      assert.equal(health.status, 200);
      const runs = await store.runs.list();
      assert.ok(runs.filter((r) => r.status === 'ok').length >= 3);
    } finally {
      await store.close();
      await emulator.close();
    }
  });
});
