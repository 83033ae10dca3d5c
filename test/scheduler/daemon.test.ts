import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { loadConfig } from '../../src/config/index.ts';
import { runDaemon } from '../../src/scheduler/daemon.ts';
import { SCHEDULER_LOCK, SchedulerLease, SchedulerLockedError } from '../../src/scheduler/lease.ts';
import type { Store } from '../../src/store/index.ts';
import { startReceiver } from '../alerts/receiver.ts';
import { testStores } from '../helpers/stores.ts';
import { at, JumpClock, scriptDir } from './helpers.ts';

const scripts = scriptDir();
after(() => scripts.cleanup());
const quiet = { stdout: new PassThrough().resume(), stderr: new PassThrough().resume() };

function captureLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = { write: (l: string) => lines.push(JSON.parse(l) as Record<string, unknown>) };
  return { logger: pino({ level: 'debug' }, stream), lines };
}

async function until(cond: () => boolean | Promise<boolean>, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.fail('condition not met in time');
}

for (const ts of testStores()) {
  describe(`scheduler lease (${ts.name})`, () => {
    let store: Store;
    before(async () => {
      store = await ts.open();
    });
    after(() => store.close());

    it('refuses a second scheduler, naming the holder, and frees the lease on release', async () => {
      const first = await SchedulerLease.acquire({ locks: store.locks, holder: 'box-1:4242:abcd' });
      await assert.rejects(SchedulerLease.acquire({ locks: store.locks }), (err: unknown) => {
        assert.ok(err instanceof SchedulerLockedError);
        assert.match(
          err.message,
          /another scheduler is already running on this store \(pid 4242 on host box-1/,
        );
        return true;
      });
      await first.release();
      assert.equal(await store.locks.get(SCHEDULER_LOCK), undefined);
      const second = await SchedulerLease.acquire({ locks: store.locks });
      await second.release();
    });

    it('lets a new scheduler take over a lease its dead holder stopped renewing', async () => {
      // A scheduler that died: its lease was taken 100 ms ago with a 50 ms lifetime, never renewed.
      await store.locks.acquire(SCHEDULER_LOCK, 'box-2:999:dead', 50, Date.now() - 100);
      const lease = await SchedulerLease.acquire({ locks: store.locks });
      assert.equal((await store.locks.get(SCHEDULER_LOCK))?.holder, lease.holder);
      await lease.release();
    });

    it('renews the lease while running and reports it lost when another process took it', async () => {
      let lost = '';
      const lease = await SchedulerLease.acquire({
        locks: store.locks,
        ttlMs: 200,
        renewEveryMs: 50,
        onLost: (why) => {
          lost = why;
        },
      });
      const firstExpiry = (await store.locks.get(SCHEDULER_LOCK))!.expiresAt;
      await until(async () => (await store.locks.get(SCHEDULER_LOCK))!.expiresAt > firstExpiry);
      await store.locks.release(SCHEDULER_LOCK, lease.holder);
      await store.locks.acquire(SCHEDULER_LOCK, 'intruder:1:x', 10_000);
      await until(() => lost !== '');
      assert.match(lost, /taken over/);
      await store.locks.release(SCHEDULER_LOCK, 'intruder:1:x');
    });
  });

  describe(`runDaemon (${ts.name})`, () => {
    let store: Store;
    before(async () => {
      store = await ts.open();
    });
    after(() => store.close());

    it('runs every slot through the worker child, records failures, keeps the dashboard up, stops cleanly', async () => {
      const slots = join(scripts.dir, `slots-${ts.name}.log`);
      // The worker fails on every second run; it gets the slot as --at.
      const worker = scripts.script(
        `worker-${ts.name}.mjs`,
        `import { appendFileSync, readFileSync } from 'node:fs';
         appendFileSync(${JSON.stringify(slots)}, process.argv[4] + '\\n');
         const n = readFileSync(${JSON.stringify(slots)}, 'utf8').trim().split('\\n').length;
         if (n % 2 === 0) { console.error('binance unreachable'); process.exit(1); }`,
      );
      const dashStarts = join(scripts.dir, `dash-${ts.name}.log`);
      const dashboard = scripts.script(
        `dash-${ts.name}.mjs`,
        `import { appendFileSync } from 'node:fs';
         appendFileSync(${JSON.stringify(dashStarts)}, 'start\\n');
         setTimeout(() => process.exit(1), 100);`,
      );
      const config = loadConfig({
        env: {},
        overrides: { schedule: '0 * * * *', runTimeout: '10s' },
        cwd: scripts.dir,
      });
      const clock = new JumpClock(at('2026-03-01T10:37:00Z'));
      const stop = new AbortController();
      const { logger, lines } = captureLogger();
      const done = runDaemon(
        {
          config,
          store,
          logger,
          clock,
          workerCommand: (slot) => ({
            command: process.execPath,
            args: [worker, 'collect', '--at', new Date(slot).toISOString()],
          }),
          dashboardCommand: { command: process.execPath, args: [dashboard] },
          dashboardBackoff: { initialMs: 20, maxMs: 100, resetAfterMs: 60_000 },
          childOutput: quiet,
        },
        stop.signal,
      );
      await until(() => existsSync(slots) && readFileSync(slots, 'utf8').trim().split('\n').length >= 4);
      await until(
        () => existsSync(dashStarts) && readFileSync(dashStarts, 'utf8').trim().split('\n').length >= 2,
      );
      stop.abort();
      assert.equal(await done, 0);

      const seen = readFileSync(slots, 'utf8').trim().split('\n');
      // Fresh store: the 10:00 slot is caught up at once, then 11:00, 12:00, ... on the hour.
      assert.deepEqual(seen.slice(0, 4), [
        '2026-03-01T10:00:00.000Z',
        '2026-03-01T11:00:00.000Z',
        '2026-03-01T12:00:00.000Z',
        '2026-03-01T13:00:00.000Z',
      ]);
      const failed = (await store.runs.list({ limit: 100 })).filter((r) => r.status === 'failed');
      assert.ok(failed.some((r) => r.slotTs === at('2026-03-01T11:00:00Z')));
      assert.match(failed[0]!.message ?? '', /binance unreachable/);
      const logs = await store.logs.query({ component: 'scheduler', limit: 1000 });
      const ops = new Set(logs.map((l) => l.operation));
      for (const op of [
        'start',
        'no_account',
        'catch_up',
        'run_ok',
        'run_failed',
        'dashboard_exit',
        'stop',
      ]) {
        assert.ok(ops.has(op), `system_logs has no ${op}`);
      }
      assert.ok(lines.some((l) => l.op === 'run_failed' && l.component === 'scheduler'));
      assert.equal(await store.locks.get(SCHEDULER_LOCK), undefined);
    });

    it('kills a run at its time limit, records it as timed out and alerts about it', async () => {
      const receiver = await startReceiver();
      const hang = scripts.script(`hang-${ts.name}.mjs`, 'setInterval(() => {}, 1000);');
      const config = loadConfig({
        env: { BPM_ALERT_WEBHOOK_URL: `${receiver.url}/hook`, BPM_ALERT_FAILED_RUNS: '1' },
        overrides: { runTimeout: '1s' },
        cwd: scripts.dir,
      });
      const stop = new AbortController();
      const { logger } = captureLogger();
      // The 12:00 slot was run; started at 12:59:59.990, the 13:00 slot comes 10 ms later and hangs.
      const last = await store.runs.start({ slotTs: at('2026-03-02T12:00:00Z') });
      await store.runs.finish(last, { status: 'ok', accountsOk: 0, accountsFailed: 0, weightUsed: 0 });
      const clock = new JumpClock(at('2026-03-02T12:59:59.990Z'));
      const done = runDaemon(
        {
          config,
          store,
          logger,
          clock,
          workerCommand: () => ({ command: process.execPath, args: [hang] }),
          dashboardCommand: null,
          childOutput: quiet,
          killAfterMs: 500,
        },
        stop.signal,
      );
      try {
        await until(() => receiver.received.length > 0);
        stop.abort();
        assert.equal(await done, 0);
      } finally {
        await receiver.close();
      }
      const run = (await store.runs.list()).find((r) => r.slotTs === at('2026-03-02T13:00:00Z'));
      assert.equal(run?.status, 'timeout');
      assert.equal(run?.message, 'killed after the 1s time limit');
      const logged = await store.logs.query({ component: 'scheduler' });
      assert.ok(logged.some((l) => l.operation === 'run_timeout' && l.level === 'error'));
      const alert = receiver.received[0]!.body as { kind: string; message: string };
      assert.equal(alert.kind, 'failed_runs');
      assert.match(alert.message, /slot 2026-03-02T13:00:00\.000Z\) timeout: killed after the 1s time limit/);
    });

    it('exits 1 with a clear message when another scheduler holds the store', async () => {
      await store.locks.acquire(SCHEDULER_LOCK, 'other-host:777:beef', 60_000);
      const { logger, lines } = captureLogger();
      const config = loadConfig({ env: {}, cwd: scripts.dir });
      const code = await runDaemon(
        { config, store, logger, dashboardCommand: null, childOutput: quiet },
        new AbortController().signal,
      );
      assert.equal(code, 1);
      assert.match(String(lines.at(-1)?.msg), /pid 777 on host other-host/);
      await store.locks.release(SCHEDULER_LOCK, 'other-host:777:beef');
    });
  });
}
