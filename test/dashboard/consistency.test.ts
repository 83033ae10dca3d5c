/**
 * The dashboard and `bpm report` (src/worker/analytics-service.ts) must show the same numbers for the same
 * stored facts: each account and the aggregate, over every named period.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AccountResponse, OverviewResponse, SeriesResponse } from '../../src/dashboard/api-types.ts';
import { buildReport } from '../../src/worker/analytics-service.ts';
import { HOUR, writeSnapshot } from '../helpers/seed.ts';
import { testStores } from '../helpers/stores.ts';
import { getJson, type Seeded, seededApp } from './fixtures.ts';

const PERIODS = ['24h', '7d', '30d', 'all'] as const;

describe('dashboard numbers match bpm report', () => {
  let s: Seeded;
  before(async () => {
    s = await seededApp(testStores()[0]!, { accounts: ['alpha', 'beta'], hours: 24 * 45 });
  });
  after(() => s.close());

  test('per account, every period', async () => {
    for (const account of ['alpha', 'beta']) {
      for (const period of PERIODS) {
        const dashboard = await getJson<AccountResponse>(s.app, `/api/accounts/${account}?range=${period}`);
        const cli = await buildReport(s.store, { account, period, now: s.now });
        assert.deepEqual(dashboard.report, cli.report, `${account} ${period}`);
      }
    }
  });

  test('the total of all accounts', async () => {
    const o = await getJson<OverviewResponse>(s.app, '/api/overview');
    for (const period of ['24h', '7d', '30d'] as const) {
      const cli = await buildReport(s.store, { period, now: s.now });
      assert.equal(o.total?.change[period], cli.report.twr, period);
      assert.equal(o.total?.benchmarkChange[period], cli.report.benchmark_twr, period);
    }
    const all = await buildReport(s.store, { period: 'all', now: s.now });
    assert.equal(o.total?.alpha, all.report.alpha);
    assert.equal(o.total?.nav, all.report.nav);
  });

  test('the total page: report and series of the sum', async () => {
    for (const period of PERIODS) {
      const total = await getJson<AccountResponse>(s.app, `/api/total?range=${period}`);
      const cli = await buildReport(s.store, { period, now: s.now });
      assert.deepEqual(total.report, cli.report, period);
      const series = await getJson<SeriesResponse>(s.app, `/api/total/series?range=${period}`);
      assert.ok(Math.abs((series.index.at(-1) as number) - 1 - (cli.report.twr as number)) < 1e-7, period);
    }
  });

  // Writes to the store: keep it last. The aggregate releases the accounts' facts once it has summed them, so a
  // new snapshot of one account makes it read the other account's facts again.
  test('the total after one account alone gets a new snapshot', async () => {
    await getJson<OverviewResponse>(s.app, '/api/overview');
    const alpha = s.seed.accounts.find((a) => a.name === 'alpha')!;
    await writeSnapshot(s.store, alpha.id, s.seed.lastTs + HOUR, '54321.09', '50000');
    await new Promise((r) => setTimeout(r, 600)); // past the shared version check
    const later = s.now + HOUR;
    for (const period of PERIODS) {
      const total = await getJson<AccountResponse>(s.app, `/api/total?range=${period}`);
      const cli = await buildReport(s.store, { period, now: s.now });
      assert.deepEqual(total.report, cli.report, period);
    }
    const o = await getJson<OverviewResponse>(s.app, '/api/overview');
    const all = await buildReport(s.store, { period: 'all', now: later });
    assert.equal(o.total?.nav, all.report.nav);
  });
});
