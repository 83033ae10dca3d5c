/**
 * Backfill golden scenario: `account add` builds 30 daily NAV points from Binance's daily account snapshots,
 * valued at each day's 1d close through the valuation route, reads 90 days of flows, and starts the benchmark at
 * the first point; the first hourly run continues from there.
 * scenarios/test/backfill.json, added as of 2026-01-05 10:00: BTC 100000 until 2025-12-20, rising linearly to
 * 110000 on 2025-12-21 and flat after; ETH 4000. Account "fresh": spot BTC 0.5 + USDT 3000, a USDT 2000 deposit
 * on Dec 3, cross margin BTC 0.1 − 0.05 borrowed, USDⓈ-M USDT 1000, a BTC 0.1 deposit on Dec 25 12:00.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addAccount } from '../../src/worker/account-service.ts';
import { testStores } from '../helpers/stores.ts';
import { openHarness } from './harness.ts';

const SCENARIO = new URL('../../scenarios/test/backfill.json', import.meta.url).pathname;
const NOW = '2026-01-05T10:00:00Z';
const day = (d: string) => Date.parse(`${d}T00:00:00Z`);

for (const testStore of testStores()) {
  describe(`worker backfill (${testStore.name})`, () => {
    it('a new account gets a month of daily history and its benchmark at once', async () => {
      const h = await openHarness(SCENARIO, testStore);
      try {
        const added = await h.add(
          {
            name: 'fresh',
            apiKey: 'backfillFreshKey',
            secret: 'backfillFreshSecret',
            backfill: true,
            benchmark: {
              assets: [
                { asset: 'BTC', weight: '0.5' },
                { asset: 'ETH', weight: '0.5' },
              ],
              rebalance: 'none',
            },
          },
          NOW,
        );
        const id = added.account.id;
        // Day-end snapshots from Dec 6 23:59:59 (within 30 days of Jan 5 10:00) to Jan 4 23:59:59: 30 points,
        // each at the next 00:00.
        assert.equal(added.backfill?.points, 30);
        assert.equal(added.backfill?.complete, 30);
        assert.equal(added.backfill?.firstTs, day('2025-12-07'));
        assert.equal(added.backfill?.lastTs, day('2026-01-05'));
        // No warning about incomplete points: every wallet holding funds is in the daily snapshots.
        assert.doesNotMatch(added.warnings.join('\n'), /incomplete/);
        const rows = await h.store.nav.range(id, 0, Date.parse(NOW));
        assert.equal(rows.length, 30);
        assert.ok(rows.every((r) => r.kind === 'backfill' && r.status === 'complete'));
        const nav = (d: string) => rows.find((r) => r.ts === day(d));

        // Until Dec 20: (0.5 spot + 0.05 net margin) BTC × 100000 = 55000, USDT 5000 spot + 1000 USDⓈ-M → 61000.
        assert.equal(nav('2025-12-07')?.nav, '61000');
        assert.equal(nav('2025-12-20')?.nav, '61000');
        // Dec 21 (close of Dec 20 = 110000): 0.55 × 110000 + 6000 = 66500.
        assert.equal(nav('2025-12-21')?.nav, '66500');
        assert.equal(nav('2025-12-25')?.nav, '66500');
        // After the Dec 25 deposit: 0.65 × 110000 + 6000 = 77500.
        assert.equal(nav('2025-12-26')?.nav, '77500');
        assert.equal(nav('2026-01-05')?.nav, '77500');

        // Benchmark from t₀ = Dec 7: units BTC 0.5 × 61000 / 100000 = 0.305, ETH 0.5 × 61000 / 4000 = 7.625.
        assert.equal(nav('2025-12-07')?.benchmarkValue, '61000');
        // Dec 21: 0.305 × 110000 + 7.625 × 4000 = 33550 + 30500 = 64050.
        assert.equal(nav('2025-12-21')?.benchmarkValue, '64050');
        // Deposit 0.1 BTC × 110000 = 11000 at Dec 25 12:00: + 0.05 BTC, + 1.375 ETH → 0.355, 9.
        // Jan 5: 0.355 × 110000 + 9 × 4000 = 39050 + 36000 = 75050.
        assert.equal(nav('2026-01-05')?.benchmarkValue, '75050');

        // 90 days of flows: both deposits are counted; the Dec 3 one predates t₀ and is not in the benchmark.
        const flows = await h.store.flows.list(id);
        assert.deepEqual(
          flows.map((f) => [f.externalId, f.status, f.usdValue]),
          [
            ['early', 'counted', '2000'],
            ['xmas', 'counted', '11000'],
          ],
        );
        // B(τ⁻) of the Dec 25 deposit: 0.305 × 110000 + 7.625 × 4000 = 64050; the Dec 3 one is not applied.
        const before = (f: (typeof flows)[number] | undefined) =>
          f?.benchmarkBefore == null ? null : Number(f.benchmarkBefore);
        assert.deepEqual(flows.map(before), [null, 64050]);
        const state = await h.store.benchmarks.get(id);
        assert.equal(state?.initializedAt, day('2025-12-07'));
        assert.deepEqual(state?.units, { BTC: '0.355', ETH: '9' });

        // The first hourly run continues the same benchmark.
        const run = await h.collect(NOW);
        assert.equal(run.accounts[0]?.status, 'ok');
        assert.equal(run.accounts[0]?.nav, '77500');
        assert.equal(run.accounts[0]?.benchmarkValue, '75050');
        assert.equal(run.accounts[0]?.flowsCounted, 0);
        assert.deepEqual((await h.store.flows.list(id)).map(before), [null, 64050]);
      } finally {
        await h.close();
      }
    });

    it('points missing a wallet that holds funds now are incomplete, never a NAV without those funds', async () => {
      const h = await openHarness(SCENARIO, testStore);
      try {
        const added = await h.add(
          { name: 'stash', apiKey: 'backfillStashKey', secret: 'backfillStashSecret', backfill: true },
          NOW,
        );
        // Locked Earn (ETH 1) is not in Binance's daily snapshots: every point is incomplete and named.
        assert.equal(added.backfill?.points, 30);
        assert.equal(added.backfill?.complete, 0);
        assert.deepEqual(added.backfill?.uncovered, ['earnLocked']);
        assert.match(added.warnings.join('\n'), /earnLocked/);
        const rows = await h.store.nav.range(added.account.id, 0, Date.parse(NOW));
        assert.ok(rows.every((r) => r.status === 'incomplete' && r.failedWallets.includes('earnLocked')));
        assert.ok(rows.every((r) => r.benchmarkValue === null));
        // The benchmark then starts with the first complete (hourly) snapshot: 1000 + 4000 = 5000.
        const run = await h.collect(NOW);
        assert.equal(run.accounts[0]?.nav, '5000');
        assert.equal(run.accounts[0]?.benchmarkValue, '5000');
      } finally {
        await h.close();
      }
    });

    it("without --at, the backfill is as of Binance's clock, not ours", async () => {
      const h = await openHarness(SCENARIO, testStore);
      try {
        h.nextMinute();
        h.emu.setTime(Date.parse(NOW));
        // The emulator's clock is at 2026-01-05 10:00, months away from this machine's: the measured offset
        // makes the backfill end there, as with --at, instead of finding no daily snapshot at all.
        const added = await addAccount(
          { store: h.store, clientFactory: h.clientFactory },
          { name: 'fresh', apiKey: 'backfillFreshKey', secret: 'backfillFreshSecret', keyType: 'hmac' },
        );
        assert.equal(added.backfill?.points, 30);
        assert.equal(added.backfill?.firstTs, day('2025-12-07'));
        assert.equal(added.backfill?.lastTs, day('2026-01-05'));
      } finally {
        await h.close();
      }
    });

    it('--no-backfill adds the account without history', async () => {
      const h = await openHarness(SCENARIO, testStore);
      try {
        const added = await h.add(
          { name: 'fresh', apiKey: 'backfillFreshKey', secret: 'backfillFreshSecret' },
          NOW,
        );
        assert.equal(added.backfill, null);
        assert.equal(await h.store.nav.count(added.account.id), 0);
      } finally {
        await h.close();
      }
    });
  });
}
