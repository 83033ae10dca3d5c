/**
 * Benchmark golden scenario (design §4): the default 50/50 BTC/ETH rebalanced weekly (Monday 17:00 UTC, here
 * between two collected slots, so its prices come from klines) and a custom ETH/BNB benchmark without
 * rebalancing. Both accounts hold USDT 10000 only, so their NAV stays 10000 while the benchmarks move.
 * scenarios/test/benchmark.json: BTC 100000 → 125000 between 12:00 and 13:00; ETH 4000 → 5000 between
 * 17:00 and 18:00; BNB 500 throughout. 2026-01-05 is a Monday.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testStores } from '../helpers/stores.ts';
import { openHarness } from './harness.ts';

const SCENARIO = new URL('../../scenarios/test/benchmark.json', import.meta.url).pathname;
const at = (hhmm: string) => `2026-01-05T${hhmm}:00Z`;
const ts = (hhmm: string) => Date.parse(at(hhmm));

for (const testStore of testStores()) {
  describe(`worker benchmark (${testStore.name})`, () => {
    it('rebalances on schedule and follows per-account weights', async () => {
      const h = await openHarness(SCENARIO, testStore);
      try {
        const weekly = await h.add({ name: 'weekly', apiKey: 'benchWeeklyKey', secret: 'benchWeeklySecret' });
        const custom = await h.add({
          name: 'custom',
          apiKey: 'benchCustomKey',
          secret: 'benchCustomSecret',
          benchmark: {
            assets: [
              { asset: 'ETH', weight: '0.6' },
              { asset: 'BNB', weight: '0.4' },
            ],
            rebalance: 'none',
          },
        });
        const bench = async (id: string, hhmm: string) =>
          (await h.store.nav.snapshotAt(id, ts(hhmm)))?.benchmarkValue;
        for (const hhmm of ['10:00', '13:00', '16:00', '18:00']) {
          const run = await h.collect(at(hhmm));
          assert.equal(run.exitCode, 0, hhmm);
          assert.deepEqual(
            run.accounts.map((r) => r.nav),
            ['10000', '10000'],
          );
        }
        // weekly: t₀ 10:00 units BTC 0.5 × 10000 / 100000 = 0.05, ETH 0.5 × 10000 / 4000 = 1.25.
        assert.equal(await bench(weekly.account.id, '10:00'), '10000');
        // 13:00: 0.05 × 125000 + 1.25 × 4000 = 6250 + 5000 = 11250.
        assert.equal(await bench(weekly.account.id, '13:00'), '11250');
        assert.equal(await bench(weekly.account.id, '16:00'), '11250');
        // Monday 17:00 rebalance at B = 11250: BTC 5625 / 125000 = 0.045, ETH 5625 / 4000 = 1.40625.
        // 18:00: 0.045 × 125000 + 1.40625 × 5000 = 5625 + 7031.25 = 12656.25 (without it: 12500).
        assert.equal(await bench(weekly.account.id, '18:00'), '12656.25');
        const state = await h.store.benchmarks.get(weekly.account.id);
        assert.equal(state?.lastRebalanceAt, ts('17:00'));
        assert.deepEqual(state?.units, { BTC: '0.045', ETH: '1.40625' });
        // The rebalance prices came from the 17:00 one-minute klines and are kept.
        assert.equal(Number((await h.store.prices.at('BTCUSDT', ts('17:00')))?.price), 125000);

        // custom: units ETH 0.6 × 10000 / 4000 = 1.5, BNB 0.4 × 10000 / 500 = 8; never rebalanced.
        // 18:00: 1.5 × 5000 + 8 × 500 = 7500 + 4000 = 11500.
        assert.equal(await bench(custom.account.id, '13:00'), '10000');
        assert.equal(await bench(custom.account.id, '18:00'), '11500');
        const customState = await h.store.benchmarks.get(custom.account.id);
        assert.equal(customState?.lastRebalanceAt, null);
        assert.deepEqual(customState?.config.assets, [
          { asset: 'ETH', weight: '0.6' },
          { asset: 'BNB', weight: '0.4' },
        ]);
        // Benchmark assets are priced every slot.
        const bnb = await h.store.prices.at('BNBUSDT', ts('18:00'));
        assert.equal(bnb?.ts, ts('18:00'));
      } finally {
        await h.close();
      }
    });
  });
}
