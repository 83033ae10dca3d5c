/**
 * `bpm account benchmark` over an existing history (account-settings.ts): the next run replays from t₀ with the
 * new weights and rule and rewrites every stored benchmark value in its transaction; later runs do not restate
 * again, and an unchanged config changes nothing. scenarios/test/benchmark.json: BTC 100000 until 12:00 then
 * 125000 from 13:00; ETH 4000 until 17:00; the account holds 10000 USDT (NAV 10000 throughout).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setAccountBenchmark } from '../../src/worker/account-settings.ts';
import { testStores } from '../helpers/stores.ts';
import { dumpAccount, openHarness } from './harness.ts';

const SCENARIO = new URL('../../scenarios/test/benchmark.json', import.meta.url).pathname;

for (const testStore of testStores().slice(0, 1)) {
  describe(`benchmark changed after history (${testStore.name})`, () => {
    it('replays the whole history with the new config on the next run', async () => {
      const h = await openHarness(SCENARIO, testStore);
      try {
        const { account } = await h.add({
          name: 'weekly',
          apiKey: 'benchWeeklyKey',
          secret: 'benchWeeklySecret',
        });
        await h.collect('2026-01-05T10:00:00Z');
        await h.collect('2026-01-05T14:00:00Z');
        const values = async () =>
          (await h.store.nav.range(account.id, 0, Number.MAX_SAFE_INTEGER)).map((r) => [
            new Date(r.ts).toISOString().slice(11, 16),
            Number(r.benchmarkValue).toFixed(2),
          ]);
        // Default 50/50 from t₀ = 10:00: units BTC 5000 / 100000 = 0.05, ETH 5000 / 4000 = 1.25;
        // 14:00: 0.05 × 125000 + 1.25 × 4000 = 6250 + 5000 = 11250.
        assert.deepEqual(await values(), [
          ['10:00', '10000.00'],
          ['14:00', '11250.00'],
        ]);

        const changed = await setAccountBenchmark(h.store, 'weekly', {
          assets: [{ asset: 'BTC', weight: '1' }],
          rebalance: 'none',
        });
        assert.deepEqual(changed, { changed: true, hasHistory: true });
        // Nothing is rewritten until the next run.
        assert.equal((await values())[1]?.[1], '11250.00');

        const run = await h.collect('2026-01-05T15:00:00Z');
        assert.equal(run.exitCode, 0);
        // All BTC from t₀: units 10000 / 100000 = 0.1; 14:00 and 15:00: 0.1 × 125000 = 12500.
        assert.deepEqual(await values(), [
          ['10:00', '10000.00'],
          ['14:00', '12500.00'],
          ['15:00', '12500.00'],
        ]);
        assert.equal(run.accounts[0]?.restated, 2);
        const state = await h.store.benchmarks.get(account.id);
        assert.deepEqual(
          { config: state?.config, units: state?.units, t0: state?.initializedAt },
          {
            config: { assets: [{ asset: 'BTC', weight: '1' }], rebalance: 'none' },
            units: { BTC: '0.1' },
            t0: Date.parse('2026-01-05T10:00:00Z'),
          },
        );

        // The same config again: unchanged, the state kept; the next hour restates nothing.
        const same = await setAccountBenchmark(h.store, 'weekly', {
          assets: [{ asset: 'BTC', weight: '1.0' }],
          rebalance: 'none',
        });
        assert.equal(same.changed, false);
        const before = (await dumpAccount(h.store, account.id)) as { nav: unknown[] };
        const next = await h.collect('2026-01-05T16:00:00Z');
        assert.equal(next.accounts[0]?.restated, 0);
        const after = (await dumpAccount(h.store, account.id)) as { nav: unknown[] };
        assert.deepEqual(after.nav.slice(0, 3), before.nav);
      } finally {
        await h.close();
      }
    });
  });
}
