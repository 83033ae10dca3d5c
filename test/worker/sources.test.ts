/**
 * Every flow source of design §3 besides crypto deposits and withdrawals, for a monitored sub-account: fiat
 * deposits and withdrawals, fiat payments (a buy and a sale), Binance Pay in and out, and transfers with the
 * master. scenarios/test/sources.json: BTC 100000, ETH 4000, EUR 1.1 USD, all flat; the account starts with
 * USDT 1000 + ETH 1 = 5000 at 10:00 and every flow happens between 10:10 and 10:55.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Big from 'big.js';
import { testStores } from '../helpers/stores.ts';
import { openHarness } from './harness.ts';

const SCENARIO = new URL('../../scenarios/test/sources.json', import.meta.url).pathname;

for (const testStore of testStores()) {
  describe(`worker flow sources (${testStore.name})`, () => {
    it('counts fiat, payments, Pay and sub-account transfers at their own τ', async () => {
      const h = await openHarness(SCENARIO, testStore);
      try {
        const { account } = await h.add({
          name: 'sub',
          apiKey: 'sourcesSubKey',
          secret: 'sourcesSubSecret',
          subAccountOf: 'master',
        });
        assert.equal((await h.collect('2026-01-05T10:00:00Z')).accounts[0]?.nav, '5000');
        const run = await h.collect('2026-01-05T11:00:00Z');
        const [r] = run.accounts;
        assert.equal(run.exitCode, 0);
        assert.equal(r?.flowsCounted, 8);
        const flows = await h.store.flows.list(account.id);
        assert.deepEqual(
          flows.map((f) => [f.source, f.externalId, f.status, f.asset, f.quantity, f.usdValue]),
          [
            // EUR 500 − fee 5 reaches the account: 495 × 1.1 = 544.5.
            ['fiat_deposit', 'fd-ok', 'counted', 'EUR', '495', '544.5'],
            ['fiat_deposit', 'fd-failed', 'void', 'EUR', '50', null],
            // The whole EUR 100 (fee included) leaves: −100 × 1.1 = −110.
            ['fiat_withdrawal', 'fw-ok', 'counted', 'EUR', '-100', '-110'],
            // Bought 0.002 BTC × 100000 = 200; sold 0.01 ETH × 4000 = −40.
            ['fiat_payment', 'fp-buy', 'counted', 'BTC', '0.002', '200'],
            ['fiat_payment', 'fp-sell', 'counted', 'ETH', '-0.01', '-40'],
            ['pay', 'M_P_pay-in', 'counted', 'USDT', '25', '25'],
            ['pay', 'M_P_pay-out', 'counted', 'USDT', '-10', '-10'],
            // From the master 300 USDT; to the master 0.001 BTC × 100000 = −100.
            ['sub_account_transfer', '5001', 'counted', 'USDT', '300', '300'],
            ['sub_account_transfer', '5002', 'counted', 'BTC', '-0.001', '-100'],
          ],
        );
        // NAV: USDT 1000 + 300 (spot) + 25 − 10 (funding) = 1315; EUR 395 × 1.1 = 434.5; BTC 0.001 × 100000
        // = 100; ETH 0.99 × 4000 = 3960 → 5809.5 = 5000 + the flows' 809.5: no profit, as nothing was traded.
        assert.equal(r?.nav, '5809.5');
        // Prices are flat, so each flow moves the benchmark by exactly its value (deposits buy at target
        // weights, withdrawals sell pro rata): 5000 + 809.5, up to the 18-decimal rounding of units.
        assert.ok(
          new Big(r?.benchmarkValue ?? '0').minus('5809.5').abs().lt('1e-9'),
          r?.benchmarkValue ?? '',
        );
      } finally {
        await h.close();
      }
    });
  });
}
