/**
 * `bpm run` as a user starts it: `node bin/bpm.js run` as a process of its own, on a seconds-level schedule, with
 * its real worker (`bpm collect`) and dashboard (`bpm serve`) children, against the emulator whose clock follows
 * real time. It starts on an empty embedded default store (and says how to add an account), refuses a second
 * scheduler on it, collects each account added while it runs at the next slot, runs every short slot, answers on
 * --port, and ends with exit 0 on SIGTERM.
 * The worker snapshots the hour a slot falls in, so the later slots of the same hour find it already collected:
 * the hourly rows themselves are the in-process test's business (e2e.test.ts, a clock 600 times faster).
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.ts';
import { SCHEDULER_LOCK } from '../../src/scheduler/lease.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { addAccount } from '../../src/worker/account-service.ts';
import { createClientFactory } from '../../src/worker/clients.ts';
import { cleanEnv, exitOf, freePort } from '../helpers/process.ts';

const BPM = fileURLToPath(new URL('../../bin/bpm.js', import.meta.url));
const SCENARIO = fileURLToPath(new URL('../../scenarios/demo.json', import.meta.url));
const SLOT_MS = 3000;
const HOUR = 3_600_000;
/** Bounds on a loaded 2-core machine: one `bpm collect` takes about two seconds when the machine is idle. */
const ROWS_WITHIN_MS = 15_000;
const EXIT_WITHIN_MS = 15_000;

async function until<T>(what: () => string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) assert.fail(`${what()} not seen within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function addDemoAccount(
  store: Store,
  emulator: RunningEmulator,
  name: string,
  apiKey: string,
  secret: string,
): Promise<string> {
  const added = await addAccount(
    { store, clientFactory: createClientFactory({ baseUrl: emulator.url }) },
    { name, apiKey, secret, keyType: 'hmac', backfill: false },
  );
  return added.account.id;
}

async function navRows(store: Store, accountId: string) {
  return store.db
    .selectFrom('nav_history')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('ts')
    .execute();
}

interface LogLine {
  op?: string;
  slot?: string;
  msg?: string;
}

function logLines(output: string): LogLine[] {
  return output
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogLine);
}

describe('node bin/bpm.js run, a real process', () => {
  it('starts on an empty store, refuses a second scheduler, collects accounts added while running, exits 0 on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bpm-run-'));
    const emulator = await startEmulator({ scenario: SCENARIO, startAt: Date.now(), enforceLimits: false });
    // No --db: the embedded default store, ./data/monitor.db of the working directory, as `npm start` uses it.
    const dbPath = join(dir, 'data', 'monitor.db');
    let child: ChildProcess | null = null;
    let store: Store | null = null;
    try {
      const port = await freePort();
      child = spawn(
        process.execPath,
        [BPM, 'run', '--port', String(port), '--schedule', '*/3 * * * * *', '--timeout', '20s'],
        {
          cwd: dir,
          env: cleanEnv({ BINANCE_BASE_URL: emulator.url, BPM_LOG_FORMAT: 'json', BPM_LOG_LEVEL: 'info' }),
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let output = '';
      child.stdout?.on('data', (c: Buffer) => {
        output += c.toString();
      });
      child.stderr?.on('data', (c: Buffer) => {
        output += c.toString();
      });
      const exited = exitOf(child);
      const seen = (what: string) => () => `${what} (output so far:\n${output})`;
      const okRuns = () => logLines(output).filter((l) => l.op === 'run_ok');

      // An empty store: it says how to add an account, and keeps running its slots.
      await until(seen('the no-account hint'), 15_000, async () =>
        /bpm account add --name NAME/.test(output) ? true : undefined,
      );
      await until(seen('a worker run on the empty store'), 15_000, async () =>
        okRuns().length >= 1 ? true : undefined,
      );
      const health = await until(seen('the dashboard on --port'), 15_000, async () => {
        try {
          const res = await fetch(`http://127.0.0.1:${port}/healthz`);
          return { status: res.status, body: (await res.json()) as { status: string; store: string } };
        } catch {
          return undefined;
        }
      });
      assert.equal(health.status, 200);
      assert.equal(health.body.store, 'reachable');

      // One scheduler per store: a second `bpm run` on it says who holds it and exits 1, leaving the first alone.
      const second = spawn(
        process.execPath,
        [BPM, 'run', '--port', String(await freePort()), '--schedule', '*/3 * * * * *'],
        {
          cwd: dir,
          env: cleanEnv({ BINANCE_BASE_URL: emulator.url, BPM_LOG_FORMAT: 'json' }),
          stdio: 'pipe',
        },
      );
      let secondOutput = '';
      second.stdout.on('data', (c: Buffer) => {
        secondOutput += c.toString();
      });
      // 'close': the exit code once its output is all read.
      assert.equal(await new Promise((r) => second.once('close', r)), 1);
      assert.match(secondOutput, /another scheduler is already running on this store \(pid \d+ on host /);
      assert.equal(child.exitCode, null, 'the first scheduler stopped');

      // Accounts added while it runs are collected at the next slot, each by the real worker from the emulator.
      store = await openStore({ dbPath });
      const s = store;
      const alpha = await addDemoAccount(s, emulator, 'alpha', 'demoAlphaKey0001', 'demoAlphaSecret0001');
      const alphaRows = await until(seen('a nav_history row of alpha'), ROWS_WITHIN_MS, async () => {
        const r = await navRows(s, alpha);
        return r.length >= 1 ? r : undefined;
      });
      const beta = await addDemoAccount(s, emulator, 'beta', 'demoBetaKey0002', 'demoBetaSecret0002');
      const betaRows = await until(seen('a nav_history row of beta'), ROWS_WITHIN_MS, async () => {
        const r = await navRows(s, beta);
        return r.length >= 1 ? r : undefined;
      });
      // And it keeps going: a slot that starts after both were collected, where the worker finds the hour done.
      const collectedBy = Date.now();
      await until(seen('a later slot'), ROWS_WITHIN_MS, async () =>
        okRuns().some((l) => Date.parse(l.slot!) > collectedBy) ? true : undefined,
      );

      child.kill('SIGTERM');
      const code = await Promise.race([
        exited,
        new Promise<'hung'>((r) => setTimeout(() => r('hung'), EXIT_WITHIN_MS).unref()),
      ]);
      assert.equal(code, 0, output);

      // The worker snapshots the hour a slot falls in: each row on the hour, complete, valued from the emulator.
      for (const r of [...alphaRows, ...betaRows]) {
        assert.equal(Number(r.ts) % HOUR, 0);
        assert.equal(r.status, 'complete');
        assert.ok(Number(r.nav) > 0);
      }
      // One run per slot of the */3 s schedule, none twice, none failed.
      const slots = okRuns().map((l) => Date.parse(l.slot!));
      assert.ok(slots.length >= 4, output);
      assert.ok(slots.every((t) => t % SLOT_MS === 0));
      assert.equal(new Set(slots).size, slots.length);
      const ops = logLines(output).map((l) => l.op);
      assert.ok(!ops.some((op) => op === 'run_failed' || op === 'run_timeout'), output);
      for (const op of ['start', 'no_account', 'dashboard_start', 'dashboard_stop', 'stop']) {
        assert.ok(ops.includes(op), `no "${op}" in the log:\n${output}`);
      }
      assert.equal(await store.locks.get(SCHEDULER_LOCK), undefined, 'the lease was not released');
    } finally {
      if (child && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exitOf(child);
      }
      await store?.close();
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is what `npm start` runs', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      scripts: Record<string, string>;
    };
    assert.equal(pkg.scripts.start, 'node bin/bpm.js run');
  });
});
