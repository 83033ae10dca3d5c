/**
 * What the scheduler reads from and writes to the store about its runs: the latest collected slot (which decides
 * the catch-up at start, checked here through runDaemon on a store that missed slots) and the record of a run
 * that could not record its own end.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import pino from 'pino';
import { loadConfig } from '../../src/config/index.ts';
import type { Snapshot } from '../../src/domain/types.ts';
import { runDaemon } from '../../src/scheduler/daemon.ts';
import { lastCollectedSlot } from '../../src/scheduler/history.ts';
import { recordRunOutcome } from '../../src/scheduler/run-records.ts';
import type { RunOutcome } from '../../src/scheduler/worker-runner.ts';
import type { Store } from '../../src/store/index.ts';
import { testStores } from '../helpers/stores.ts';
import { at, JumpClock, scriptDir } from './helpers.ts';

const scripts = scriptDir();
after(() => scripts.cleanup());
const quiet = { stdout: new PassThrough().resume(), stderr: new PassThrough().resume() };

function snapshot(accountId: string, ts: number, kind: Snapshot['kind']): Snapshot {
  return {
    accountId,
    ts,
    status: 'complete',
    kind,
    nav: '1000',
    benchmarkValue: '1000',
    btcPrice: null,
    ethPrice: null,
    failedWallets: [],
    notEnabledWallets: [],
    holdings: [],
  };
}

async function finishedRun(store: Store, slotTs: number): Promise<void> {
  const id = await store.runs.start({ slotTs, startedAt: slotTs + 1000 });
  await store.runs.finish(id, { status: 'ok', accountsOk: 1, accountsFailed: 0, weightUsed: 0 });
}

function outcome(o: Partial<RunOutcome> & Pick<RunOutcome, 'slotTs' | 'status'>): RunOutcome {
  return { startedAt: Date.now(), finishedAt: Date.now() + 10, exitCode: null, signal: 'SIGKILL', ...o };
}

for (const ts of testStores()) {
  describe(`the scheduler's history in the store (${ts.name})`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await ts.open();
    });
    afterEach(() => store.close());

    it('takes the latest slot from worker_runs or hourly snapshots, whichever is newer; none on a fresh store', async () => {
      assert.equal(await lastCollectedSlot(store.db), null);
      await finishedRun(store, at('2026-03-01T07:00:00Z'));
      assert.equal(await lastCollectedSlot(store.db), at('2026-03-01T07:00:00Z'));
      const account = await store.accounts.add({
        id: 'a1',
        name: 'alpha',
        apiKey: 'k',
        secret: 's',
        keyType: 'hmac',
      });
      // Imported hourly history newer than any run counts; a daily backfill point does not.
      await store.nav.saveMany([
        snapshot(account.id, at('2026-03-01T08:00:00Z'), 'hourly'),
        snapshot(account.id, at('2026-03-01T09:00:00Z'), 'backfill'),
      ]);
      assert.equal(await lastCollectedSlot(store.db), at('2026-03-01T08:00:00Z'));
    });

    it('at start, runs the latest slot missed while the monitor was down, once, then the next on time', async () => {
      // Last collected 08:00 (a snapshot; the last run record is 07:00); started at 10:37: 10:00 runs at once.
      await finishedRun(store, at('2026-03-01T07:00:00Z'));
      const account = await store.accounts.add({
        id: 'a1',
        name: 'alpha',
        apiKey: 'k',
        secret: 's',
        keyType: 'hmac',
      });
      await store.nav.saveMany([snapshot(account.id, at('2026-03-01T08:00:00Z'), 'hourly')]);
      const slots = join(scripts.dir, `catch-up-${ts.name}.log`);
      const worker = scripts.script(
        `catch-up-${ts.name}.mjs`,
        `import { appendFileSync } from 'node:fs'; appendFileSync(${JSON.stringify(slots)}, process.argv[2] + '\\n');`,
      );
      const clock = new JumpClock(at('2026-03-01T10:37:00Z'));
      const stop = new AbortController();
      const done = runDaemon(
        {
          config: loadConfig({ env: {}, cwd: scripts.dir }),
          store,
          logger: pino({ level: 'silent' }),
          clock,
          workerCommand: (slot) => ({
            command: process.execPath,
            args: [worker, new Date(slot).toISOString()],
          }),
          dashboardCommand: null,
          childOutput: quiet,
        },
        stop.signal,
      );
      const ran = () => (existsSync(slots) ? readFileSync(slots, 'utf8').trim().split('\n') : []);
      const end = Date.now() + 10_000;
      while (ran().length < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      stop.abort();
      assert.equal(await done, 0);
      assert.deepEqual(ran().slice(0, 2), ['2026-03-01T10:00:00.000Z', '2026-03-01T11:00:00.000Z']);
      const catchUp = (await store.logs.query({ component: 'scheduler', limit: 1000 })).filter(
        (l) => l.operation === 'catch_up',
      );
      assert.equal(catchUp.length, 1);
      assert.deepEqual(catchUp[0]!.data, {
        slot: '2026-03-01T10:00:00.000Z',
        lastSlot: '2026-03-01T08:00:00.000Z',
      });
    });

    it('finishes the worker’s own record of a run killed at its time limit, also for a slot off the hour', async () => {
      // A */15 schedule: the 10:15 slot's worker recorded its run under the hour 10:00 and was then killed.
      const startedAt = Date.now();
      const id = await store.runs.start({ slotTs: at('2026-03-01T10:00:00Z'), startedAt: startedAt + 200 });
      await recordRunOutcome(
        store.runs,
        outcome({
          slotTs: at('2026-03-01T10:15:00Z'),
          status: 'timeout',
          startedAt,
          detail: 'killed after 5m',
        }),
      );
      const runs = await store.runs.list();
      assert.equal(runs.length, 1);
      assert.equal(runs[0]!.id, id);
      assert.equal(runs[0]!.status, 'timeout');
      assert.equal(runs[0]!.message, 'killed after 5m');
    });

    it('records a run whose worker crashed before recording anything, and leaves a good run as the worker wrote it', async () => {
      const startedAt = Date.now();
      await recordRunOutcome(
        store.runs,
        outcome({
          slotTs: at('2026-03-01T11:00:00Z'),
          status: 'failed',
          startedAt,
          exitCode: 1,
          detail: 'boom',
        }),
      );
      await recordRunOutcome(
        store.runs,
        outcome({ slotTs: at('2026-03-01T12:00:00Z'), status: 'ok', startedAt, exitCode: 0, signal: null }),
      );
      const runs = await store.runs.list();
      assert.equal(runs.length, 1);
      assert.equal(runs[0]!.slotTs, at('2026-03-01T11:00:00Z'));
      assert.equal(runs[0]!.status, 'failed');
      assert.equal(runs[0]!.message, 'boom');
    });
  });
}
