/**
 * Hand-checked numbers through the API, on a store small enough to compute by hand.
 *
 * Snapshots (hourly from t0): NAV 1000, 1100, 1700, [t3 incomplete: 900, usdm failed], 1530.
 * Benchmark values:           1000, 1050, 1550,  —,                                     1550.
 * One deposit of 500 USDT at τ = t2 (on the snapshot, so its Modified Dietz weight is 0).
 *
 * Portfolio: r1 = (1100 − 1000) / 1000 = 0.1
 *            r2 = (1700 − 1100 − 500) / (1100 + 0·500) = 100/1100
 *            r4 = (1530 − 1700) / 1700 = −0.1   (t3 is incomplete: one longer sub-period t2 → t4)
 *            index: 1, 1.1, 1.2, 1.08 → TWR = 0.08; drawdown at t4 = 1.08/1.2 − 1 = −0.1
 * Benchmark: B(t2⁻) = 1550 − 500 = 1050, so growth t1 → t2 is 1; index 1, 1.05, 1.05, 1.05 → 0.05
 * Alpha = 0.08 − 0.05 = 0.03.  Profit = 1530 − 1000 − 500 = 30.  Net flows = 500.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AccountResponse, OverviewResponse, SeriesResponse } from '../../src/dashboard/api-types.ts';
import { createDashboardApp } from '../../src/dashboard/index.ts';
import type { Snapshot } from '../../src/domain/types.ts';
import type { Store } from '../../src/store/index.ts';
import { HOUR } from '../helpers/seed.ts';
import { testStores } from '../helpers/stores.ts';
import { getJson } from './fixtures.ts';

const T0 = Date.UTC(2026, 0, 5, 10);
const close = (a: number | null | undefined, b: number) =>
  assert.ok(a !== null && a !== undefined && Math.abs(a - b) < 1e-12, `${a} ≈ ${b}`);

function snap(accountId: string, i: number, nav: string, bench: string | null, failed = false): Snapshot {
  return {
    accountId,
    ts: T0 + i * HOUR,
    status: failed ? 'incomplete' : 'complete',
    kind: 'hourly',
    nav,
    benchmarkValue: bench,
    btcPrice: null,
    ethPrice: null,
    failedWallets: failed ? ['usdm'] : [],
    notEnabledWallets: [],
    holdings: [{ wallet: 'spot', asset: 'USDT', quantity: nav, price: '1', value: nav }],
  };
}

for (const backend of testStores()) {
  describe(`golden numbers on ${backend.name}`, () => {
    let store: Store;
    let app: ReturnType<typeof createDashboardApp>;
    before(async () => {
      store = await backend.open();
      const a = await store.accounts.add({ name: 'gold', apiKey: 'k', secret: 's', keyType: 'hmac' });
      await store.nav.saveMany([
        snap(a.id, 0, '1000', '1000'),
        snap(a.id, 1, '1100', '1050'),
        snap(a.id, 2, '1700', '1550'),
        snap(a.id, 3, '900', '1550', true),
        snap(a.id, 4, '1530', '1550'),
      ]);
      await store.flows.upsert({
        accountId: a.id,
        source: 'deposit',
        externalId: 'd1',
        asset: 'USDT',
        quantity: '500',
        ts: T0 + 2 * HOUR,
        usdValue: '500',
        price: '1',
        status: 'counted',
        rawStatus: '1',
      });
      app = createDashboardApp({ store, now: () => T0 + 4 * HOUR + HOUR / 2 });
    });
    after(() => store.close());

    test('the account report', async () => {
      const r = await getJson<AccountResponse>(app, '/api/accounts/gold?range=all');
      close(r.report.twr, 0.08);
      close(r.report.benchmark_twr, 0.05);
      close(r.report.alpha, 0.03);
      close(r.report.max_drawdown, -0.1);
      assert.equal(r.report.profit, '30');
      assert.equal(r.report.net_flows, '500');
      assert.deepEqual(r.latest, { ts: T0 + 4 * HOUR, nav: '1530', benchmark: '1550' });
      assert.deepEqual(r.incomplete, [{ ts: T0 + 3 * HOUR, nav: '900', failedWallets: ['usdm'] }]);
    });

    test('the chart series', async () => {
      const s = await getJson<SeriesResponse>(app, '/api/accounts/gold/series?range=all');
      assert.deepEqual(s.ts, [T0, T0 + HOUR, T0 + 2 * HOUR, T0 + 4 * HOUR]);
      assert.deepEqual(s.nav, [1000, 1100, 1700, 1530]);
      assert.deepEqual(s.benchmark, [1000, 1050, 1550, 1550]);
      assert.deepEqual(s.index, [1, 1.1, 1.2, 1.08]);
      assert.deepEqual(s.benchmarkIndex, [1, 1.05, 1.05, 1.05]);
      assert.deepEqual(s.drawdown, [0, 0, 0, -0.1]);
    });

    test('a range rebases the indexes at its first snapshot', async () => {
      const from = new Date(T0 + HOUR).toISOString();
      const s = await getJson<SeriesResponse>(app, `/api/accounts/gold/series?from=${from}`);
      // 1.1 → 1.2 → 1.08 rebased: 1, 1.2/1.1, 1.08/1.1.
      assert.deepEqual(s.index, [
        1,
        Math.round((1.2 / 1.1) * 1e8) / 1e8,
        Math.round((1.08 / 1.1) * 1e8) / 1e8,
      ]);
      assert.deepEqual(s.benchmarkIndex, [1, 1, 1]);
    });

    test('the overview row, and no total for a single account', async () => {
      const o = await getJson<OverviewResponse>(app, '/api/overview');
      assert.equal(o.accounts.length, 1);
      const row = o.accounts[0]!;
      assert.equal(row.nav, '1530');
      close(row.twr, 0.08);
      close(row.alpha, 0.03);
      // 24 h covers everything: same as all.
      close(row.change['24h'], 0.08);
      assert.equal(row.lastSnapshot?.status, 'complete');
      assert.equal(o.total, null);
    });
  });
}

/**
 * The benchmark's exact chain from stored facts: a deposit of 500 at τ = t1 + 30 min, between snapshots, whose
 * B(τ⁻) the replay stored as 1060. Snapshots: NAV 1000, 1100, 1700; benchmark 1000, 1050, 1600.
 *   benchmark: 1050/1000 · 1060/1050 · 1600/(1060 + 500) = 1.06 · 1600/1560 = 1.087179487… → +8.7179487 %
 *   portfolio: r1 = 0.1; r2 = (1700 − 1100 − 500)/(1100 + ½·500) = 100/1350; 1.1 · 1450/1350 = 1.181481… → +18.148 %
 */
for (const backend of testStores()) {
  describe(`golden benchmark chain with a stored B(τ⁻) on ${backend.name}`, () => {
    test('the report and the series use the exact replay values', async () => {
      const store = await backend.open();
      try {
        const a = await store.accounts.add({ name: 'exact', apiKey: 'k', secret: 's', keyType: 'hmac' });
        await store.nav.saveMany([
          snap(a.id, 0, '1000', '1000'),
          snap(a.id, 1, '1100', '1050'),
          snap(a.id, 2, '1700', '1600'),
        ]);
        const deposit = {
          accountId: a.id,
          source: 'deposit' as const,
          externalId: 'd1',
          asset: 'USDT',
          quantity: '500',
          ts: T0 + HOUR + HOUR / 2,
          usdValue: '500',
          price: '1',
          status: 'counted' as const,
          rawStatus: '1',
        };
        await store.flows.upsert(deposit);
        await store.flows.setBenchmarkBefore(a.id, [
          { source: 'deposit', externalId: 'd1', benchmarkBefore: '1060' },
        ]);
        const app = createDashboardApp({ store, now: () => T0 + 2 * HOUR + HOUR / 2 });
        const r = await getJson<AccountResponse>(app, '/api/accounts/exact?range=all');
        close(r.report.benchmark_twr, 1.06 * (1600 / 1560) - 1);
        close(r.report.twr, 1.1 * (1450 / 1350) - 1);
        const s = await getJson<SeriesResponse>(app, '/api/accounts/exact/series?range=all');
        assert.deepEqual(s.benchmarkIndex, [1, 1.05, Math.round(1.06 * (1600 / 1560) * 1e8) / 1e8]);
        const flows = await getJson<{ flows: Array<{ benchmarkBefore: string | null }> }>(
          app,
          '/api/accounts/exact/flows',
        );
        assert.equal(Number(flows.flows[0]?.benchmarkBefore), 1060);
      } finally {
        await store.close();
      }
    });
  });
}

describe('an empty store', () => {
  test('answers with empty lists and no run', async () => {
    const store = await testStores()[0]!.open();
    try {
      const app = createDashboardApp({ store });
      const o = await getJson<OverviewResponse>(app, '/api/overview');
      assert.deepEqual(o.accounts, []);
      assert.equal(o.total, null);
      assert.equal(o.lastRun, null);
      const h = await app.request('/healthz');
      assert.equal(h.status, 200);
      assert.equal(((await h.json()) as { lastRun: unknown }).lastRun, null);
      assert.equal((await app.request('/metrics')).status, 200);
      const total = await app.request('/api/total');
      assert.equal(total.status, 404);
      assert.deepEqual(await total.json(), { error: 'no account has a snapshot yet' });
      assert.equal((await app.request('/')).status, 200);
    } finally {
      await store.close();
    }
  });
});
