/**
 * A per-account Binance base URL (binance_accounts.base_url): the account is added, checked and collected at
 * its own URL, while prices and every other account use the process-wide one. Two emulators: the harness's
 * (process-wide, scenarios/test/benchmark.json) and another that alone knows the account "elsewhere".
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Scenario } from '../../src/emulator/index.ts';
import { checkAccount } from '../../src/worker/account-service.ts';
import { startTestEmulator } from '../helpers/emulator.ts';
import { testStores } from '../helpers/stores.ts';
import { openHarness } from './harness.ts';

const SCENARIO = new URL('../../scenarios/test/benchmark.json', import.meta.url).pathname;
const ELSEWHERE: Scenario = {
  start: '2026-01-05T00:00:00Z',
  symbols: ['BTCUSDT', 'ETHUSDT'],
  prices: { BTCUSDT: [['2026-01-05T00:00:00Z', '90000']], ETHUSDT: [['2026-01-05T00:00:00Z', '3000']] },
  accounts: [
    { name: 'elsewhere', apiKey: 'elsewhereKey', apiSecret: 'elsewhereSecret', spot: { USDT: '777' } },
  ],
};

for (const testStore of testStores()) {
  describe(`per-account base URL (${testStore.name})`, () => {
    it('stores the URL and collects the account there, the others at the process-wide URL', async () => {
      const h = await openHarness(SCENARIO, testStore);
      const other = await startTestEmulator(ELSEWHERE);
      try {
        other.setTime(Date.parse('2026-01-05T10:00:00Z'));
        const { account } = await h.add(
          { name: 'elsewhere', apiKey: 'elsewhereKey', secret: 'elsewhereSecret', baseUrl: other.url },
          '2026-01-05T10:00:00Z',
        );
        assert.equal(account.baseUrl, other.url);
        assert.equal((await h.store.accounts.get(account.id))?.baseUrl, other.url);
        await h.add({ name: 'weekly', apiKey: 'benchWeeklyKey', secret: 'benchWeeklySecret' });

        const run = await h.collect('2026-01-05T10:00:00Z');
        assert.equal(run.exitCode, 0, JSON.stringify(run.accounts));
        const nav = Object.fromEntries(run.accounts.map((r) => [r.account, r.nav]));
        // 777 USDT exists only on the other emulator; "weekly" (10000 USDT) only on the harness's.
        assert.deepEqual(nav, { elsewhere: '777', weekly: '10000' });
        // Prices still come from the process-wide URL: BTC 100000 there (90000 on the other).
        assert.equal(
          (await h.store.nav.snapshotAt(account.id, Date.parse('2026-01-05T10:00:00Z')))?.btcPrice,
          '100000',
        );

        h.nextMinute();
        const check = await checkAccount({ store: h.store, clientFactory: h.clientFactory }, 'elsewhere');
        assert.equal(check.reads.find((r) => r.wallet === 'spot')?.status, 'ok');

        // Cleared, the account is looked for at the process-wide URL, which does not know its key.
        await h.store.accounts.setBaseUrl(account.id, null);
        const lost = await h.collect('2026-01-05T11:00:00Z');
        const elsewhere = lost.accounts.find((r) => r.account === 'elsewhere');
        assert.ok(elsewhere && ['failed', 'incomplete'].includes(elsewhere.status), elsewhere?.status);
        assert.equal(lost.accounts.find((r) => r.account === 'weekly')?.status, 'ok');
      } finally {
        await other.close();
        await h.close();
      }
    });
  });
}
