/**
 * Crash safety (design §3 "Exactly once"): a run stopped dead at each step boundary of an account's pipeline,
 * then run again in the same slot, ends with exactly the facts of a run that never stopped: nothing counted
 * twice, nothing lost. The stop is a SimulatedCrash thrown from the test-only step hook: nothing after it runs
 * and nothing catches it, as when the process is killed (an open transaction is rolled back either way).
 * Uses scenarios/test/flows.json: at 12:00 the deposit pending since 10:30 has settled (11:30).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Store } from '../../src/store/index.ts';
import { SimulatedCrash } from '../../src/worker/errors.ts';
import { RUN_STEPS, type RunStep } from '../../src/worker/types.ts';
import { control } from '../helpers/emulator.ts';
import { testStores } from '../helpers/stores.ts';
import { dumpAccount, type Harness, openHarness } from './harness.ts';

const SCENARIO = new URL('../../scenarios/test/flows.json', import.meta.url).pathname;
const BPM = new URL('../../bin/bpm.js', import.meta.url).pathname;
const at = (hhmm: string) => `2026-01-05T${hhmm}:00Z`;

/** The stored facts without write times and generated ids, which differ between two identical histories. */
async function facts(store: Store, accountId: string) {
  const dump = (await dumpAccount(store, accountId)) as Record<string, Array<Record<string, unknown>>>;
  const strip = (rows: Array<Record<string, unknown>> | undefined) =>
    (rows ?? []).map(({ created_at: _c, updated_at: _u, account_id: _a, ...rest }) => rest);
  return Object.fromEntries(Object.entries(dump).map(([k, rows]) => [k, strip(rows)]));
}

async function prepared(h: Harness): Promise<string> {
  const { account } = await h.add({ name: 'flows', apiKey: 'flowsKey', secret: 'flowsSecret' });
  assert.equal((await h.collect(at('10:00'))).exitCode, 0);
  assert.equal((await h.collect(at('11:00'))).exitCode, 0);
  return account.id;
}

for (const testStore of testStores()) {
  describe(`worker crash safety (${testStore.name})`, () => {
    it('a run stopped at any step and run again leaves exactly the facts of an uninterrupted run', async () => {
      const reference = await openHarness(SCENARIO, testStore);
      let expected: unknown;
      try {
        const id = await prepared(reference);
        const run = await reference.collect(at('12:00'));
        assert.equal(run.accounts[0]?.flowsCounted, 1);
        expected = await facts(reference.store, id);
      } finally {
        await reference.close();
      }

      for (const step of RUN_STEPS) {
        const h = await openHarness(SCENARIO, testStore);
        try {
          const id = await prepared(h);
          const onStep = (s: RunStep) => {
            if (s === step) throw new SimulatedCrash(`stopped ${s}`);
          };
          await assert.rejects(h.collect(at('12:00'), { onStep }), SimulatedCrash);
          const slot = Date.parse(at('12:00'));
          const stored = await h.store.nav.snapshotAt(id, slot);
          const deposit = await h.store.flows.get(id, 'deposit', 'dep-late');
          if (step === 'after-commit') {
            assert.equal(stored?.nav, '21000', step);
            assert.equal(deposit?.status, 'counted', step);
          } else {
            // Everything of the stopped run is gone, the deposit still pending: all or nothing.
            assert.equal(stored, undefined, step);
            assert.equal(deposit?.status, 'pending', step);
            assert.equal(await h.store.prices.at('BTCUSDT', slot).then((p) => p?.ts === slot), false, step);
          }

          const again = await h.collect(at('12:00'));
          assert.equal(again.exitCode, 0, step);
          assert.equal(again.accounts[0]?.status, step === 'after-commit' ? 'skipped' : 'ok', step);
          assert.equal(again.accounts[0]?.flowsCounted, step === 'after-commit' ? 0 : 1, step);
          assert.deepEqual(await facts(h.store, id), expected, step);
          const counted = (await h.store.flows.list(id, { status: 'counted' })).map((f) => f.externalId);
          assert.deepEqual(counted, ['dep-late'], step);
        } finally {
          await h.close();
        }
      }
    });

    if (testStore.name === 'sqlite') {
      it('a `bpm collect` process killed while it fetches leaves nothing, and the next run completes the slot', async () => {
        const reference = await openHarness(SCENARIO, testStore);
        let expected: unknown;
        try {
          const id = await prepared(reference);
          await reference.collect(at('12:00'));
          expected = await facts(reference.store, id);
        } finally {
          await reference.close();
        }

        const h = await openHarness(SCENARIO, testStore);
        try {
          const id = await prepared(h);
          h.emu.setTime(Date.parse(at('12:00')));
          h.nextMinute();
          // Hold one wallet's answer so the process is surely mid-fetch when it is killed.
          await h.fault({ endpoint: '/sapi/v1/simple-earn/locked/position', kind: 'latency', ms: 20_000 });
          const child = spawn(process.execPath, [BPM, 'collect', '--at', at('12:00')], {
            env: {
              PATH: process.env.PATH,
              BINANCE_BASE_URL: h.emu.url,
              MONITOR_DB: h.store.location,
              BPM_LOG_LEVEL: 'silent',
            },
            stdio: 'ignore',
          });
          const exited = once(child, 'exit');
          const seen = async () => {
            const stats = (await control(h.emu, 'GET', 'stats')) as { endpoints: Record<string, unknown> };
            return '/sapi/v1/simple-earn/locked/position' in stats.endpoints;
          };
          for (let i = 0; i < 200 && !(await seen()); i++) await sleep(25);
          assert.ok(await seen(), 'the child reached the wallet reads');
          child.kill('SIGKILL');
          await exited;
          await h.clearFaults();
          const slot = Date.parse(at('12:00'));
          assert.equal(await h.store.nav.snapshotAt(id, slot), undefined);
          assert.equal((await h.store.flows.get(id, 'deposit', 'dep-late'))?.status, 'pending');

          const again = await h.collect(at('12:00'));
          assert.equal(again.accounts[0]?.status, 'ok');
          assert.deepEqual(await facts(h.store, id), expected);
        } finally {
          await h.close();
        }
      });
    }
  });
}
