/**
 * worker_runs.weight_used is the weight THIS run sent (summed over the run's own clients), not a running total:
 * two consecutive runs of the same accounts record the same per-run figure, and a run that reads nothing
 * (every account already collected in the slot) records only its price fetch.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Scenario } from '../../src/emulator/index.ts';
import { runCollect } from '../../src/worker/run.ts';
import { RUN_CALLS, SNAPSHOT_CALLS, weightOf } from '../../src/worker/weights.ts';
import { testStores } from '../helpers/stores.ts';
import { openHarness } from './harness.ts';

/** The emulator's clock jumps between runs here; a fresh offset keeps -1021 retries out of the weight counted. */
async function collectSynced(h: Awaited<ReturnType<typeof openHarness>>, iso: string) {
  h.nextMinute();
  h.emu.setTime(Date.parse(iso));
  await h.clientFactory().syncClock();
  return runCollect({ store: h.store, clientFactory: h.clientFactory, at: h.emu.now() });
}

const SCENARIO: Scenario = {
  start: '2026-01-05T00:00:00Z',
  symbols: ['BTCUSDT', 'ETHUSDT'],
  prices: { BTCUSDT: [['2026-01-05T00:00:00Z', '100000']], ETHUSDT: [['2026-01-05T00:00:00Z', '4000']] },
  accounts: [
    { name: 'one', apiKey: 'weightOneKey', apiSecret: 'weightOneSecret', spot: { BTC: '0.1' } },
    { name: 'two', apiKey: 'weightTwoKey', apiSecret: 'weightTwoSecret', spot: { ETH: '1' } },
  ],
};

const sum = (rows: ReadonlyArray<{ weight: number }>) => rows.reduce((n, r) => n + r.weight, 0);

for (const testStore of testStores().slice(0, 1)) {
  describe(`worker run weight (${testStore.name})`, () => {
    it('records the weight each run spent, not a growing total', async () => {
      const h = await openHarness(SCENARIO, testStore);
      try {
        await h.add({ name: 'one', apiKey: 'weightOneKey', secret: 'weightOneSecret' });
        await h.add({ name: 'two', apiKey: 'weightTwoKey', secret: 'weightTwoSecret' });
        // Per account (no flows, so no klines; one page per Earn list, each source one window):
        // wallets 20 + 1 + 10 + 10 + 5 + 5 + 150 + 150 = 351; flows: deposits 1, withdrawals 18000,
        // fiat orders 2 × 45000, fiat payments 2 × 1, Pay 3000 = 111003; together 111354.
        const perSnapshot = sum(weightOf(SNAPSHOT_CALLS));
        assert.equal(perSnapshot, 111_354);
        // Per run: exchangeInfo 20 (no cache shared across these runs) + all tickers 4 = 24.
        const prices = sum(weightOf(RUN_CALLS));
        assert.equal(prices, 24);
        const first = await collectSynced(h, '2026-01-05T10:00:05Z');
        const second = await collectSynced(h, '2026-01-05T11:00:05Z');
        assert.deepEqual(
          [first.exitCode, second.exitCode, second.accounts.map((a) => a.status)],
          [0, 0, ['ok', 'ok']],
        );
        // 2 × 111354 + 24 = 222732, on each run.
        assert.equal(first.weightUsed, 222_732);
        assert.equal(second.weightUsed, 222_732);
        // A third run in the same slot reads no account: only the price fetch.
        const third = await collectSynced(h, '2026-01-05T11:20:00Z');
        assert.deepEqual(
          third.accounts.map((a) => a.status),
          ['skipped', 'skipped'],
        );
        assert.equal(third.weightUsed, 24);
        const rows = await h.store.db
          .selectFrom('worker_runs')
          .select(['slot_ts', 'weight_used'])
          .orderBy('started_at')
          .execute();
        assert.deepEqual(
          rows.map((r) => Number(r.weight_used)),
          [222_732, 222_732, 24],
        );
      } finally {
        await h.close();
      }
    });
  });
}
