import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type {
  AccountResponse,
  FeesResponse,
  FlowsResponse,
  HoldingsResponse,
  LogsResponse,
  OverviewResponse,
  RunsResponse,
  SeriesResponse,
  StatusResponse,
} from '../../src/dashboard/api-types.ts';
import { DAY, HOUR } from '../helpers/seed.ts';
import { testStores } from '../helpers/stores.ts';
import { getJson, HOSTILE_NAME, type Seeded, seededApp } from './fixtures.ts';

for (const backend of testStores()) {
  describe(`dashboard API on ${backend.name}`, () => {
    let s: Seeded;
    before(async () => {
      s = await seededApp(backend);
    });
    after(() => s.close());

    test('overview lists every account with NAV, benchmark, changes and the total', async () => {
      const o = await getJson<OverviewResponse>(s.app, '/api/overview');
      assert.deepEqual(o.accounts.map((a) => a.name).sort(), ['alpha', 'beta', HOSTILE_NAME].sort());
      for (const a of o.accounts) {
        assert.ok(Number(a.nav) > 0, `${a.name} has a NAV`);
        assert.ok(Number(a.benchmark) > 0);
        for (const k of ['24h', '7d', '30d'] as const) assert.equal(typeof a.change[k], 'number');
        assert.equal(typeof a.alpha, 'number');
        assert.ok(a.lastSnapshot);
      }
      assert.ok(o.total);
      // The total's NAV is the sum of the accounts' newest complete NAVs (all at the same slot here).
      const sum = o.accounts.reduce((t, a) => t + Number(a.nav), 0);
      assert.ok(Math.abs(Number(o.total.nav) - sum) < 1e-6);
      assert.equal(o.lastRun?.status, 'ok');
    });

    test('account summary carries the report of the requested range', async () => {
      const r = await getJson<AccountResponse>(s.app, '/api/accounts/alpha?range=7d');
      assert.equal(r.account.name, 'alpha');
      assert.equal(r.range.name, '7d');
      assert.equal(r.range.to - r.range.from, 7 * DAY);
      assert.equal(r.latest?.ts, s.seed.lastTs);
      assert.equal(typeof r.report.twr, 'number');
      assert.equal(typeof r.report.benchmark_twr, 'number');
      assert.ok(
        Math.abs(
          (r.report.alpha as number) - ((r.report.twr as number) - (r.report.benchmark_twr as number)),
        ) < 1e-12,
      );
      assert.deepEqual(r.account.performanceFee, { rate: '0.2', period: 'monthly', alphaOnly: false });
    });

    test('custom ranges take ISO dates or epoch ms', async () => {
      const from = s.seed.lastTs - 10 * DAY;
      const to = s.seed.lastTs - 5 * DAY;
      const a = await getJson<AccountResponse>(s.app, `/api/accounts/alpha?from=${from}&to=${to}`);
      const b = await getJson<AccountResponse>(
        s.app,
        `/api/accounts/alpha?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`,
      );
      assert.deepEqual(a.range, { name: 'custom', from, to });
      assert.deepEqual(b.report, a.report);
      assert.equal(a.report.to, to);
    });

    test('series: the return index over a range reproduces the report TWR, deposits excluded', async () => {
      for (const range of ['24h', '7d', '30d', 'all']) {
        const [series, summary] = await Promise.all([
          getJson<SeriesResponse>(s.app, `/api/accounts/alpha/series?range=${range}`),
          getJson<AccountResponse>(s.app, `/api/accounts/alpha?range=${range}`),
        ]);
        assert.equal(series.index[0], 1);
        const last = series.index[series.index.length - 1] as number;
        assert.ok(Math.abs(last - 1 - (summary.report.twr as number)) < 1e-7, range);
        const bLast = series.benchmarkIndex[series.benchmarkIndex.length - 1] as number;
        assert.ok(Math.abs(bLast - 1 - (summary.report.benchmark_twr as number)) < 1e-7, range);
        assert.equal(series.ts.length, series.nav.length);
        assert.equal(series.ts.length, series.drawdown.length);
        assert.ok(series.drawdown.every((d) => d <= 0));
      }
    });

    test('series are downsampled to the requested points and keep the extremes', async () => {
      const full = await getJson<SeriesResponse>(s.app, '/api/accounts/alpha/series?range=all&points=5000');
      const small = await getJson<SeriesResponse>(s.app, '/api/accounts/alpha/series?range=all&points=200');
      assert.equal(full.downsampling, 'none');
      assert.equal(full.ts.length, full.total);
      assert.equal(small.downsampling, 'm4');
      assert.ok(small.ts.length <= 200);
      assert.equal(Math.max(...small.nav), Math.max(...full.nav));
      assert.equal(Math.min(...small.nav), Math.min(...full.nav));
      assert.equal(Math.min(...small.drawdown), Math.min(...full.drawdown));
      assert.equal(small.ts[0], full.ts[0]);
      assert.equal(small.ts.at(-1), full.ts.at(-1));
    });

    test('incomplete snapshots are listed with their failed wallets and left out of the series', async () => {
      const series = await getJson<SeriesResponse>(s.app, '/api/accounts/alpha/series?range=all&points=5000');
      const summary = await getJson<AccountResponse>(s.app, '/api/accounts/alpha?range=all');
      assert.ok(summary.incomplete.length > 0);
      for (const inc of summary.incomplete) {
        assert.deepEqual(inc.failedWallets, ['usdm']);
        assert.ok(!series.ts.includes(inc.ts), 'an incomplete snapshot is not charted');
      }
      assert.deepEqual(series.incomplete, summary.incomplete);
    });

    test('holdings are grouped by wallet, with dust grouped and unpriced assets listed', async () => {
      const h = await getJson<HoldingsResponse>(s.app, '/api/accounts/alpha/holdings');
      assert.equal(h.ts, s.seed.lastTs);
      const wallets = h.wallets.map((w) => w.wallet).sort();
      assert.deepEqual(wallets, ['earnFlexible', 'funding', 'spot', 'usdm']);
      assert.deepEqual(h.notEnabled, ['crossMargin', 'isolatedMargin', 'coinm', 'earnLocked']);
      assert.deepEqual(h.unpriced, [{ wallet: 'spot', asset: 'NEWTOKEN', quantity: '1500' }]);
      assert.equal(h.dust.assets, 1, 'DOGE worth cents is dust');
      assert.ok(!h.allocation.some((a) => a.asset === 'DOGE'));
      const summary = await getJson<AccountResponse>(s.app, '/api/accounts/alpha');
      assert.equal(h.nav, summary.latest?.nav, 'holdings add up to the stored NAV exactly');
    });

    test('flows and fees', async () => {
      const f = await getJson<FlowsResponse>(s.app, '/api/accounts/alpha/flows');
      assert.ok(f.flows.length >= 2);
      assert.equal(f.pending, 1);
      assert.ok(f.flows.some((x) => x.status === 'void'));
      const since = await getJson<FlowsResponse>(
        s.app,
        `/api/accounts/alpha/flows?from=${s.seed.lastTs - 2 * DAY}`,
      );
      assert.ok(since.flows.every((x) => x.ts >= s.seed.lastTs - 2 * DAY));
      const fees = await getJson<FeesResponse>(s.app, '/api/accounts/alpha/fees');
      assert.ok(fees.fees.length >= 1);
      assert.deepEqual(fees.performanceFee, { rate: '0.2', period: 'monthly', alphaOnly: false });
    });

    test('runs and logs with filters', async () => {
      const runs = await getJson<RunsResponse>(s.app, '/api/runs?limit=5');
      assert.equal(runs.runs.length, 5);
      assert.ok(runs.runs[0]!.startedAt >= runs.runs[1]!.startedAt);
      assert.ok(runs.runs.every((r) => r.durationMs !== null && r.durationMs > 0));
      const failed = await getJson<RunsResponse>(s.app, '/api/runs?status=failed');
      assert.ok(failed.runs.length > 0 && failed.runs.every((r) => r.status === 'failed'));
      const errors = await getJson<LogsResponse>(s.app, '/api/logs?level=warn');
      assert.ok(
        errors.logs.length > 0 && errors.logs.every((l) => l.level === 'warn' || l.level === 'error'),
      );
      const alpha = await getJson<LogsResponse>(s.app, '/api/logs?account=alpha&component=worker&limit=3');
      assert.equal(alpha.logs.length, 3);
      assert.ok(alpha.logs.every((l) => l.account === 'alpha' && l.component === 'worker'));
      assert.ok(alpha.nextBeforeId !== null);
      const older = await getJson<LogsResponse>(
        s.app,
        `/api/logs?account=alpha&component=worker&limit=3&beforeId=${alpha.nextBeforeId}`,
      );
      assert.ok(older.logs.every((l) => l.id < (alpha.nextBeforeId as number)));
      const nobody = await getJson<LogsResponse>(s.app, '/api/logs?account=nobody');
      assert.equal(nobody.logs.length, 0);
      const window = await getJson<LogsResponse>(s.app, `/api/logs?from=${s.seed.lastTs}`);
      assert.ok(window.logs.every((l) => l.ts >= s.seed.lastTs));
    });

    test('status answers with an ETag and 304 while nothing changed', async () => {
      const res = await s.app.request('/api/status');
      const etag = res.headers.get('etag');
      assert.ok(etag);
      const st = (await res.json()) as StatusResponse;
      assert.equal(st.accounts.total, 3);
      assert.equal(st.lastSnapshotTs, s.seed.lastTs);
      assert.ok(st.last24h.runs >= 24);
      assert.equal(st.nextRunAt, s.seed.lastTs + HOUR);
      const again = await s.app.request('/api/status', { headers: { 'if-none-match': etag } });
      assert.equal(again.status, 304);
    });

    test('CSV downloads of NAV history and flows', async () => {
      const nav = await s.app.request('/api/accounts/alpha/nav.csv');
      assert.equal(nav.status, 200);
      assert.match(nav.headers.get('content-type') ?? '', /^text\/csv/);
      assert.match(nav.headers.get('content-disposition') ?? '', /attachment; filename="alpha-nav.csv"/);
      const lines = (await nav.text()).trimEnd().split('\r\n');
      assert.equal(lines[0], 'time_utc,ts_ms,nav_usd,benchmark_usd,status,kind,failed_wallets');
      assert.equal(lines.length - 1, 24 * 40, 'every snapshot, incomplete ones included');
      assert.ok(lines.some((l) => l.includes(',incomplete,hourly,usdm')));
      const flows = await (await s.app.request('/api/accounts/alpha/flows.csv')).text();
      assert.match(
        flows,
        /^time_utc,ts_ms,source,external_id,asset,quantity,price_usd,value_usd,status,raw_status\r\n/,
      );
      const hostile = await s.app.request(`/api/accounts/${encodeURIComponent(HOSTILE_NAME)}/nav.csv`);
      assert.equal(hostile.status, 200);
      assert.match(
        hostile.headers.get('content-disposition') ?? '',
        /^attachment; filename="[A-Za-z0-9._-]+-nav\.csv"$/,
      );
    });

    test('an unknown account is a 404 with a message', async () => {
      for (const path of [
        '/api/accounts/nobody',
        '/api/accounts/nobody/series',
        '/api/accounts/nobody/nav.csv',
      ]) {
        const res = await s.app.request(path);
        assert.equal(res.status, 404, path);
        assert.deepEqual(await res.json(), { error: 'no account named "nobody"' });
      }
      assert.equal((await s.app.request('/api/nothing')).status, 404);
      assert.equal((await s.app.request('/accounts/nobody')).status, 404);
    });

    test('status lists the failures: failed runs of 7 days, errors of 24 hours', async () => {
      const st = await getJson<StatusResponse>(s.app, '/api/status');
      const week = await getJson<RunsResponse>(s.app, `/api/runs?status=failed&from=${s.now - 7 * DAY}`);
      assert.ok(week.runs.length > 0, 'the seed has failed runs this week');
      assert.deepEqual(st.failures.runs, week.runs.slice(0, 5));
      const errors = await getJson<LogsResponse>(s.app, `/api/logs?level=error&from=${s.now - DAY}&limit=5`);
      assert.deepEqual(st.failures.errors, errors.logs);
      assert.ok(st.failures.errors.every((l) => l.level === 'error' && l.ts >= s.now - DAY));
      assert.deepEqual(st.failures.incomplete, [], 'every newest snapshot is complete');
    });

    // The tests below write to the store: keep them last.
    test('an account whose newest snapshot is incomplete is named on the status, with its wallets', async () => {
      const beta = s.seed.accounts.find((a) => a.name === 'beta')!;
      const ts = s.seed.lastTs + HOUR;
      await s.store.nav.save({
        accountId: beta.id,
        ts,
        status: 'incomplete',
        kind: 'hourly',
        nav: '1000',
        benchmarkValue: null,
        btcPrice: null,
        ethPrice: null,
        failedWallets: ['funding', 'usdm'],
        notEnabledWallets: [],
        holdings: [],
      });
      await new Promise((r) => setTimeout(r, 600)); // past the shared-read window
      const st = await getJson<StatusResponse>(s.app, '/api/status');
      assert.deepEqual(st.failures.incomplete, [{ account: 'beta', ts, failedWallets: ['funding', 'usdm'] }]);
    });

    test('flows settled before the first snapshot are told apart: part of the starting NAV', async () => {
      const before = await getJson<FlowsResponse>(s.app, '/api/accounts/alpha/flows');
      assert.equal(before.historyStartTs, s.seed.firstTs);
      assert.equal(before.countedBeforeHistoryUsd, '0');
      assert.equal(before.countedInHistoryUsd, before.countedUsd);
      const alpha = s.seed.accounts.find((a) => a.name === 'alpha')!;
      await s.store.flows.upsert({
        accountId: alpha.id,
        source: 'deposit',
        externalId: 'opening-1',
        asset: 'USDT',
        quantity: '1234.56',
        ts: s.seed.firstTs - DAY,
        usdValue: '1234.56',
        price: '1',
        status: 'counted',
        rawStatus: '1',
      });
      await new Promise((r) => setTimeout(r, 600));
      const after = await getJson<FlowsResponse>(s.app, '/api/accounts/alpha/flows');
      assert.equal(after.historyStartTs, s.seed.firstTs);
      assert.equal(after.countedBeforeHistoryUsd, '1234.56');
      assert.equal(after.countedInHistoryUsd, before.countedUsd, 'returns see the same flows as before');
      // countedUsd = in history + before history, exactly (decimal strings).
      assert.equal(Number(after.countedUsd), Number(before.countedUsd) + 1234.56);
    });
  });
}
