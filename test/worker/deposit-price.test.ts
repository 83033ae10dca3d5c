/**
 * A crypto deposit pending then successful while its price moves (design §3): counted once, at its own τ
 * (completeTime) and at the price of that instant, never at the price of the run that first sees it settled.
 * Prices (linear between nodes): BTC 100000 flat; ETH 4000 until 11:00, 4200 at 11:40, 5000 at 12:00 and after.
 * The account holds USDT 10000; 2 ETH arrive at 10:20 (pending) and complete at 11:40. Benchmark 50/50, no rebalancing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Scenario } from '../../src/emulator/index.ts';
import { testStores } from '../helpers/stores.ts';
import { openHarness } from './harness.ts';

const SCENARIO: Scenario = {
  start: '2026-01-05T00:00:00Z',
  symbols: ['BTCUSDT', 'ETHUSDT'],
  prices: {
    BTCUSDT: [['2026-01-05T00:00:00Z', '100000']],
    ETHUSDT: [
      ['2026-01-05T00:00:00Z', '4000'],
      ['2026-01-05T11:00:00Z', '4000'],
      ['2026-01-05T11:40:00Z', '4200'],
      ['2026-01-05T12:00:00Z', '5000'],
    ],
  },
  accounts: [{ name: 'eth', apiKey: 'depPriceKey', apiSecret: 'depPriceSecret', spot: { USDT: '10000' } }],
  events: [
    {
      at: '2026-01-05T10:20:00Z',
      account: 'eth',
      type: 'deposit',
      id: 'dep-eth',
      coin: 'ETH',
      amount: '2',
      statuses: [
        ['2026-01-05T10:20:00Z', 0],
        ['2026-01-05T11:40:00Z', 1],
      ],
    },
  ],
};

const at = (hhmm: string) => `2026-01-05T${hhmm}:00Z`;

for (const testStore of testStores().slice(0, 1)) {
  describe(`deposit valued at its own time (${testStore.name})`, () => {
    it('counts a deposit once, at completeTime and the price then', async () => {
      const h = await openHarness(SCENARIO, testStore);
      try {
        const { account } = await h.add({
          name: 'eth',
          apiKey: 'depPriceKey',
          secret: 'depPriceSecret',
          benchmark: {
            assets: [
              { asset: 'BTC', weight: '0.5' },
              { asset: 'ETH', weight: '0.5' },
            ],
            rebalance: 'none',
          },
        });
        const id = account.id;
        const bench = async (hhmm: string) =>
          (await h.store.nav.snapshotAt(id, Date.parse(at(hhmm))))?.benchmarkValue;

        // 10:00 t₀: NAV 10000; units BTC 5000 / 100000 = 0.05, ETH 5000 / 4000 = 1.25.
        await h.collect(at('10:00'));
        // 11:00: pending (status 0): stored, not counted, not in the balance.
        let run = await h.collect(at('11:00'));
        assert.equal(run.accounts[0]?.nav, '10000');
        assert.equal((await h.store.flows.get(id, 'deposit', 'dep-eth'))?.status, 'pending');

        // 12:00: completed at 11:40. Value 2 × ETH(11:40) = 2 × 4200 = 8400 (not 2 × 5000 = 10000 at the run).
        // B(11:40⁻) = 0.05 × 100000 + 1.25 × 4200 = 10250; the deposit buys BTC 4200 / 100000 = 0.042 and
        // ETH 4200 / 4200 = 1 → units 0.092, 2.25; B(12:00) = 9200 + 2.25 × 5000 = 20450.
        // NAV(12:00) = 10000 + 2 × 5000 = 20000.
        run = await h.collect(at('12:00'));
        assert.equal(run.accounts[0]?.flowsCounted, 1);
        assert.equal(run.accounts[0]?.nav, '20000');
        const dep = await h.store.flows.get(id, 'deposit', 'dep-eth');
        assert.equal(dep?.status, 'counted');
        assert.equal(dep?.ts, Date.parse(at('11:40')));
        assert.equal(dep?.quantity, '2');
        assert.equal(Number(dep?.usdValue), 8400);
        assert.equal(Number(dep?.benchmarkBefore), 10250);
        assert.equal(Number(await bench('12:00')), 20450);

        // 13:00: seen again in the lookback, never counted twice.
        run = await h.collect(at('13:00'));
        assert.equal(run.accounts[0]?.flowsCounted, 0);
        assert.equal(Number(await bench('13:00')), 20450);
        const counted = (await h.store.flows.list(id)).filter((f) => f.status === 'counted');
        assert.equal(counted.length, 1);
        assert.deepEqual((await h.store.benchmarks.get(id))?.units, { BTC: '0.092', ETH: '2.25' });
      } finally {
        await h.close();
      }
    });
  });
}
