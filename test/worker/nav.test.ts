/**
 * NAV golden scenario (design §2) over real HTTP against the emulator: every wallet kind, negative margin,
 * futures PnL, LD and LDO assets, an unpriced asset, a routed asset, a failing wallet and wallets not enabled.
 * scenarios/test/nav.json holds flat prices: BTC 100000, ETH 4000, LDO 2, USDC 0.9998, ABC 0.0001 BTC.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testStores } from '../helpers/stores.ts';
import { dumpAccount, openHarness } from './harness.ts';

const SCENARIO = new URL('../../scenarios/test/nav.json', import.meta.url).pathname;
const T1 = '2026-01-05T10:00:00Z';

for (const testStore of testStores()) {
  describe(`worker NAV (${testStore.name})`, () => {
    it('values every wallet kind exactly and keeps the audit trail', async () => {
      const h = await openHarness(SCENARIO, testStore);
      try {
        const added = await h.add({
          name: 'everything',
          apiKey: 'navEverythingKey',
          secret: 'navEverythingSecret',
        });
        assert.deepEqual(Object.values(added.wallets), Array(8).fill(true));
        const run = await h.collect(T1);
        const [r] = run.accounts;
        assert.equal(run.exitCode, 0);
        assert.equal(r?.status, 'ok');
        // spot:      BTC (0.4 + 0.1) × 100000 = 50000; USDT 1000; LDO 100 × 2 = 200;
        //            ABC 20 × (0.0001 × 100000 = 10) = 200; XYZ unpriced (no value, listed);
        //            LDBTC 0.01 dropped: flexible Earn holds the BTC itself (never counted twice)
        // funding:   USDT 100 + 50 frozen = 150; USDC 200 × 0.9998 = 199.96
        // margin:    USDT 500 − 2000 − 5 = −1505; BTC 0.1 × 100000 = 10000
        // isolated:  ETH 1 × 4000 = 4000; USDT 100 − 300 = −200
        // USDⓈ-M:    USDT 5000 + 0.2 × (100000 − 90000) = 7000
        // COIN-M:    BTC 0.1 + 10 × 100 × (1/80000 − 1/100000) = 0.1025 → × 100000 = 10250
        // flexible:  BTC 0.01 × 100000 = 1000; USDT 300
        // locked:    ETH 2 × 4000 = 8000
        // NAV = 51400 + 349.96 + 8495 + 3800 + 7000 + 10250 + 1300 + 8000 = 90594.96
        assert.equal(r?.nav, '90594.96');
        assert.deepEqual(r?.unpriced, ['XYZ']);
        const accountId = r?.accountId as string;
        const snap = await h.store.nav.snapshotAt(accountId, Date.parse(T1));
        assert.ok(snap);
        assert.equal(snap.status, 'complete');
        assert.equal(snap.nav, '90594.96');
        // The benchmark starts here: B(t₀) = NAV(t₀).
        assert.equal(snap.benchmarkValue, '90594.96');
        assert.equal(snap.btcPrice, '100000');
        assert.equal(snap.ethPrice, '4000');
        const line = (wallet: string, asset: string) =>
          snap.holdings.find((x) => x.wallet === wallet && x.asset === asset);
        assert.deepEqual(line('crossMargin', 'USDT'), {
          wallet: 'crossMargin',
          asset: 'USDT',
          quantity: '-1505',
          price: '1',
          value: '-1505',
        });
        assert.equal(line('usdm', 'USDT')?.value, '7000');
        assert.equal(line('coinm', 'BTC')?.quantity, '0.1025');
        assert.equal(line('spot', 'LDO')?.value, '200');
        assert.equal(line('spot', 'ABC')?.price, '10');
        assert.deepEqual(line('spot', 'XYZ'), {
          wallet: 'spot',
          asset: 'XYZ',
          quantity: '5',
          price: null,
          value: null,
        });
        assert.equal(line('spot', 'LDBTC'), undefined);
        assert.equal(line('spot', 'BTC')?.quantity, '0.5');
        // The holdings add up to the NAV (the audit trail is complete).
        const total = snap.holdings.reduce(
          (s, x) => s + (x.value === null ? 0 : Math.round(Number(x.value) * 100)),
          0,
        );
        assert.equal(total, 9059496);
        // The benchmark assets' prices of the slot are kept.
        const btc = await h.store.prices.at('BTCUSDT', Date.parse(T1));
        assert.equal(btc?.ts, Date.parse(T1));
        assert.equal(Number(btc?.price), 100000);
      } finally {
        await h.close();
      }
    });

    it('a second run in the same slot changes nothing', async () => {
      const h = await openHarness(SCENARIO, testStore);
      try {
        const { account } = await h.add({
          name: 'everything',
          apiKey: 'navEverythingKey',
          secret: 'navEverythingSecret',
        });
        assert.equal((await h.collect(T1)).exitCode, 0);
        const before = await dumpAccount(h.store, account.id);
        // 40 minutes later, still the 10:00 slot.
        const again = await h.collect('2026-01-05T10:40:00Z');
        assert.equal(again.accounts[0]?.status, 'skipped');
        assert.equal(again.exitCode, 0);
        assert.deepEqual(await dumpAccount(h.store, account.id), before);
      } finally {
        await h.close();
      }
    });

    it('a wallet failing after retries makes the snapshot incomplete, never a wrong NAV', async () => {
      const h = await openHarness(SCENARIO, testStore);
      try {
        const { account } = await h.add({
          name: 'everything',
          apiKey: 'navEverythingKey',
          secret: 'navEverythingSecret',
        });
        await h.fault({ endpoint: '/sapi/v1/margin/account', account: 'everything', kind: '5xx' });
        const run = await h.collect(T1);
        const [r] = run.accounts;
        assert.equal(run.exitCode, 1);
        assert.equal(r?.status, 'incomplete');
        assert.deepEqual(r?.failedWallets, ['crossMargin']);
        const snap = await h.store.nav.snapshotAt(account.id, Date.parse(T1));
        assert.equal(snap?.status, 'incomplete');
        assert.deepEqual(snap?.failedWallets, ['crossMargin']);
        // Partial sum only, flagged: 90594.96 − (−1505 + 10000) = 82099.96.
        assert.equal(snap?.nav, '82099.96');
        // An incomplete snapshot never starts the benchmark.
        assert.equal(snap?.benchmarkValue, null);
        assert.equal((await h.store.benchmarks.get(account.id))?.initializedAt, null);
        const runs = await h.store.runs.list();
        assert.equal(runs[0]?.status, 'failed');

        // The next slot, with the wallet back, is complete and starts the benchmark there.
        await h.clearFaults();
        const next = await h.collect('2026-01-05T11:00:00Z');
        assert.equal(next.accounts[0]?.status, 'ok');
        assert.equal(next.accounts[0]?.nav, '90594.96');
        assert.equal(
          (await h.store.benchmarks.get(account.id))?.initializedAt,
          Date.parse('2026-01-05T11:00:00Z'),
        );
      } finally {
        await h.close();
      }
    });

    it('a revoked key fails every wallet: -2015 from the futures hosts is not "not enabled" then', async () => {
      const h = await openHarness(SCENARIO, testStore);
      try {
        const { account } = await h.add({
          name: 'everything',
          apiKey: 'navEverythingKey',
          secret: 'navEverythingSecret',
        });
        await h.fault({ endpoint: '*', account: 'everything', kind: 'revoked_key' });
        const run = await h.collect(T1);
        assert.equal(run.exitCode, 1);
        const snap = await h.store.nav.snapshotAt(account.id, Date.parse(T1));
        assert.equal(snap?.status, 'incomplete');
        assert.deepEqual(snap?.notEnabledWallets, []);
        assert.deepEqual(snap?.failedWallets, [
          'spot',
          'funding',
          'crossMargin',
          'isolatedMargin',
          'usdm',
          'coinm',
          'earnFlexible',
          'earnLocked',
        ]);
        assert.match(run.accounts[0]?.error ?? '', /key rejected/);
      } finally {
        await h.close();
      }
    });

    it('wallets that are not enabled contribute nothing and are remembered', async () => {
      const h = await openHarness(SCENARIO, testStore);
      try {
        const added = await h.add({ name: 'plain', apiKey: 'navPlainKey', secret: 'navPlainSecret' });
        assert.deepEqual(added.wallets, {
          spot: true,
          funding: true,
          crossMargin: false,
          isolatedMargin: false,
          usdm: false,
          coinm: false,
          earnFlexible: true,
          earnLocked: true,
        });
        const run = await h.collect(T1);
        assert.equal(run.exitCode, 0);
        const snap = await h.store.nav.snapshotAt(added.account.id, Date.parse(T1));
        // ETH 1.5 × 4000 = 6000; USDT 250 + 50 = 300 → 6300.
        assert.equal(snap?.nav, '6300');
        assert.equal(snap?.status, 'complete');
        assert.deepEqual(snap?.notEnabledWallets, ['crossMargin', 'isolatedMargin', 'usdm', 'coinm']);
      } finally {
        await h.close();
      }
    });
  });
}
