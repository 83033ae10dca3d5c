import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { UsageError } from '../../src/cli/command.ts';
import { command as feesCommand, renderFees } from '../../src/cli/commands/fees.ts';
import { renderReport, command as reportCommand, reportRequest } from '../../src/cli/commands/report.ts';
import type { Flow, Snapshot } from '../../src/domain/types.ts';
import type { Store } from '../../src/store/index.ts';
import { testStores } from '../helpers/stores.ts';

const T0 = Date.UTC(2026, 9, 1);
const H = 3600_000;
const NOV = Date.UTC(2026, 10, 1);

function snapshot(
  accountId: string,
  ts: number,
  nav: string,
  bench: string,
  status: Snapshot['status'] = 'complete',
): Snapshot {
  return {
    accountId,
    ts,
    status,
    kind: 'hourly',
    nav,
    benchmarkValue: bench,
    btcPrice: '90000',
    ethPrice: '3000',
    failedWallets: status === 'complete' ? [] : ['usdm'],
    notEnabledWallets: [],
    holdings: [],
  };
}

function flow(
  accountId: string,
  id: string,
  ts: number,
  usd: string | null,
  status: Flow['status'] = 'counted',
): Flow {
  return {
    accountId,
    source: 'deposit',
    externalId: id,
    asset: 'USDT',
    quantity: usd ?? '1',
    ts,
    usdValue: usd,
    price: usd === null ? null : '1',
    status,
    rawStatus: status === 'counted' ? '1' : '0',
  };
}

/** alpha: 1000 → 1100 (deposit 50 at 00:30) → 1045, an incomplete hour, then 1149.5 on 1 November. */
async function seed(store: Store): Promise<void> {
  const alpha = await store.accounts.add({
    name: 'alpha',
    apiKey: 'k',
    secret: 's',
    keyType: 'hmac',
    feeConfig: { rate: '0.2', period: 'monthly', alphaOnly: false },
  });
  await store.accounts.add({ name: 'empty', apiKey: 'k2', secret: 's2', keyType: 'hmac' });
  for (const s of [
    snapshot(alpha.id, T0, '1000', '1000'),
    snapshot(alpha.id, T0 + H, '1100', '1070'),
    snapshot(alpha.id, T0 + 2 * H, '1045', '1016.5'),
    snapshot(alpha.id, T0 + 3 * H, '5', '1016.5', 'incomplete'),
    snapshot(alpha.id, NOV, '1149.5', '1016.5'),
  ]) {
    await store.nav.save(s);
  }
  await store.flows.upsert(flow(alpha.id, 'd1', T0 + H / 2, '50'));
  await store.flows.upsert(flow(alpha.id, 'd2', T0 + H / 2, '999', 'pending'));
}

function close(actual: unknown, expected: number, tol = 1e-12): void {
  assert.equal(typeof actual, 'number', `expected a number, got ${String(actual)}`);
  assert.ok(Math.abs((actual as number) - expected) <= tol, `expected ${expected}, got ${String(actual)}`);
}

function sink(): { stream: Writable; text: () => string } {
  let buf = '';
  const stream = new Writable({
    write(chunk, _enc, cb) {
      buf += String(chunk);
      cb();
    },
  });
  return { stream, text: () => buf };
}

for (const ts of testStores()) {
  describe(`bpm report and bpm fees on a seeded ${ts.name} store`, () => {
    let store: Store;
    before(async () => {
      store = await ts.open();
      await seed(store);
    });
    after(async () => {
      await store.close();
    });

    it('JSON keys and golden values over [t0, t2]', async () => {
      const req = reportRequest(
        { account: 'alpha', from: '2026-10-01T00:00Z', to: '2026-10-01T02:30Z' },
        NOV + H,
      );
      const json = JSON.parse(await renderReport(store, req, true)) as Record<string, unknown>;
      for (const key of [
        'nav',
        'profit',
        'net_flows',
        'twr',
        'benchmark_twr',
        'alpha',
        'relative_alpha',
        'mwr',
        'max_drawdown',
        'max_drawdown_peak',
        'max_drawdown_trough',
        'max_drawdown_recovery',
        'volatility',
        'sharpe',
        'sortino',
        'tracking_error',
        'information_ratio',
        'beta',
        'best_day',
        'worst_day',
        'from',
        'to',
        'points',
        'flagged_periods',
      ]) {
        assert.ok(key in json, `missing ${key}`);
      }
      assert.equal(json.scope, 'alpha');
      assert.equal(json.from, '2026-10-01T00:00:00.000Z');
      assert.equal(json.to, '2026-10-01T02:00:00.000Z');
      assert.equal(json.points, 3);
      // the pending 999 is not counted: profit = 1045 − 1000 − 50 = −5
      assert.equal(json.nav, '1045');
      assert.equal(json.profit, '-5');
      assert.equal(json.net_flows, '50');
      // TWR = (1 + 50/1025)·(1045/1100) − 1
      close(json.twr, (1075 / 1025) * 0.95 - 1);
      // stored benchmark values, the deposit taken at t1: (1070 − 50)/1000 · 1016.5/1070 − 1 = 1.02·0.95 − 1
      close(json.benchmark_twr, 1.02 * 0.95 - 1);
      close(json.alpha, (1075 / 1025) * 0.95 - 1.02 * 0.95);
      close(json.max_drawdown, -0.05);
      assert.equal(json.max_drawdown_peak, '2026-10-01T01:00:00.000Z');
      assert.equal(json.volatility, null);
    });

    it('the whole history skips the incomplete hour', async () => {
      const json = JSON.parse(await renderReport(store, reportRequest({ account: 'alpha' }, NOV + H), true));
      assert.equal(json.points, 4);
      assert.equal(json.nav, '1149.5');
      // (t2, 1 Nov]: 1149.5/1045 − 1 = 0.1
      close(json.twr, (1075 / 1025) * 0.95 * 1.1 - 1);
    });

    it('the aggregate (--all) leaves out an account without history', async () => {
      const json = JSON.parse(await renderReport(store, reportRequest({ all: true }, NOV + H), true));
      assert.equal(json.scope, 'all');
      assert.deepEqual([...json.accounts].sort(), ['alpha', 'empty']);
      assert.equal(json.nav, '1149.5');
      close(json.twr, (1075 / 1025) * 0.95 * 1.1 - 1);
    });

    it('a readable table with signed percentages', async () => {
      const text = await renderReport(
        store,
        reportRequest({ account: 'alpha', to: '2026-10-01T02:00Z' }, NOV),
        false,
      );
      assert.match(text, /Account alpha: 2026-10-01 00:00 → 2026-10-01 02:00 UTC, 3 snapshots/);
      assert.match(text, /TWR\s+-0\.37 %/);
      assert.match(text, /Profit\s+-5\.00 USD/);
      assert.match(text, /Net flows\s+\+50\.00 USD/);
      // two hours are not a day: no daily statistics
      assert.match(text, /Best day\s+—\n/);
      // a month: spreads are unsigned, the best day (1 Nov's +10 % lands on 31 Oct, ending at midnight) dated
      const month = await renderReport(store, reportRequest({ account: 'alpha' }, NOV + H), false);
      assert.match(month, /Volatility \(ann\.\)\s+\d+\.\d\d %/);
      assert.match(month, /Best day\s+\+10\.00 %\s+2026-10-31\n/);
    });

    it('a range ending before the history says so instead of a table of dashes', async () => {
      const text = await renderReport(
        store,
        reportRequest({ account: 'alpha', to: '2026-09-01' }, NOV),
        false,
      );
      assert.equal(
        text,
        'Account alpha: no complete snapshot at or before 2026-09-01 00:00 UTC (the history starts later).\n',
      );
    });

    it('clear errors: unknown account, empty history', async () => {
      await assert.rejects(
        renderReport(store, reportRequest({ account: 'nope' }, NOV), false),
        /unknown account "nope"/,
      );
      await assert.rejects(
        renderReport(store, reportRequest({ account: 'empty' }, NOV), false),
        /account "empty" has no complete snapshot yet/,
      );
    });

    it('fees: October accrued above the high-water mark, stored, and idempotent', async () => {
      const opts = { account: 'alpha', month: null, json: true, now: NOV + 5 * 24 * H };
      const first = JSON.parse(await renderFees(store, opts));
      const again = JSON.parse(await renderFees(store, opts));
      assert.deepEqual(again, first);
      const oct = first[0].periods[0];
      assert.equal(oct.period_start, '2026-10-01T00:00:00.000Z');
      assert.equal(oct.period_end, '2026-11-01T00:00:00.000Z');
      // I_end = 1075/1025 · 0.95 · 1.1 = 1.0959756…; fee = 0.2 · 1149.5 · (1 − 1/I_end) ≈ 20.26
      const iEnd = (1075 / 1025) * 0.95 * 1.1;
      close(oct.end_index, iEnd);
      close(Number(oct.fee), 0.2 * 1149.5 * (1 - 1 / iEnd), 1e-8);
      const rows = await store.fees.list((await store.accounts.byName('alpha'))!.id);
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.fee, oct.fee);
      assert.equal(rows[0]?.status, 'accrued');
    });

    it('fees: a late deposit restates the row, keeping its status', async () => {
      const alpha = (await store.accounts.byName('alpha'))!;
      await store.fees.setStatus(alpha.id, T0, 'paid');
      // 104.5 deposited at 02:30 settles after the fact: (t2, 1 Nov] becomes (1149.5 − 1045 − 104.5)/… = 0,
      // so I_end = 1075/1025 · 0.95 = 0.99634… ≤ HWM 1 → no fee
      await store.flows.upsert(flow(alpha.id, 'late', T0 + 2.5 * H, '104.5'));
      const out = JSON.parse(
        await renderFees(store, { account: 'alpha', month: null, json: true, now: NOV + 5 * 24 * H }),
      );
      assert.equal(out[0].periods[0].fee, '0');
      const rows = await store.fees.list(alpha.id);
      assert.equal(rows[0]?.fee, '0');
      assert.equal(rows[0]?.status, 'paid');
    });
  });
}

describe("bpm report chains the benchmark exactly from each flow's stored B(τ⁻)", () => {
  it('a mid-hour deposit while the benchmark moves: the exact chain, not the snapshot approximation', async () => {
    const store = await testStores()[0]!.open();
    try {
      const gamma = await store.accounts.add({ name: 'gamma', apiKey: 'g', secret: 'gs', keyType: 'hmac' });
      await store.nav.save(snapshot(gamma.id, T0, '1000', '1000'));
      await store.nav.save(snapshot(gamma.id, T0 + H, '1100', '1102'));
      await store.flows.upsert(flow(gamma.id, 'g1', T0 + H / 2, '50'));
      // the replay found B(τ⁻) = 1010 at 00:30 (+1 %), bought 50 → 1060, which grew to 1102 by 01:00
      await store.flows.setBenchmarkBefore(gamma.id, [
        { source: 'deposit', externalId: 'g1', benchmarkBefore: '1010' },
      ]);
      const json = JSON.parse(await renderReport(store, reportRequest({ account: 'gamma' }, NOV), true));
      // exact: 1010/1000 · 1102/1060 − 1 = 0.0500188679…; the approximation would say (1102 − 50)/1000 − 1 = 0.052
      close(json.benchmark_twr, (1.01 * 1102) / 1060 - 1);
      // portfolio from the same rows: (1100 − 1000 − 50)/(1000 + 0.5·50) = 50/1025; profit 1100 − 1000 − 50 = 50
      close(json.twr, 50 / 1025);
      close(json.alpha, 50 / 1025 - ((1.01 * 1102) / 1060 - 1));
      assert.equal(json.profit, '50');
    } finally {
      await store.close();
    }
  });
});

describe('bpm report command line', () => {
  it('rejects bad input with usage errors', () => {
    assert.throws(() => reportRequest({ account: 'a', all: true }, 0), UsageError);
    assert.throws(() => reportRequest({ from: 'last tuesday' }, 0), /not an ISO date/);
    assert.throws(() => reportRequest({ period: '2w' }, 0), /--period must be one of/);
    assert.throws(() => reportRequest({ period: '7d', from: '2026-01-01' }, 0), UsageError);
    assert.throws(() => reportRequest({ from: '2026-02-01', to: '2026-01-01' }, 0), /after --to/);
    // without --to the range ends now: a start after now is a mistake, not a one-snapshot report
    const jan = Date.UTC(2026, 0, 1);
    assert.throws(() => reportRequest({ from: '2026-02-01' }, jan), /--from is in the future/);
    assert.equal(reportRequest({ from: '2025-12-01' }, jan).from, Date.UTC(2025, 11, 1));
    assert.throws(() => reportRequest({ 'risk-free': 'abc' }, 0), /--risk-free/);
  });

  it('runs end to end on a SQLite file through --db', async () => {
    const sqlite = testStores()[0]!;
    const store = await sqlite.open();
    try {
      await seed(store);
      const out = sink();
      const err = sink();
      const ctx = {
        values: { account: 'alpha', json: true, db: store.location },
        positionals: [],
        env: {},
        stdout: out.stream,
        stderr: err.stream,
        signal: new AbortController().signal,
      };
      assert.equal(await reportCommand.run(ctx), 0);
      assert.equal(JSON.parse(out.text()).nav, '1149.5');
      const feesOut = sink();
      assert.equal(
        await feesCommand.run({
          ...ctx,
          values: { period: '2026-10', db: store.location },
          stdout: feesOut.stream,
        }),
        0,
      );
      assert.match(feesOut.text(), /Account alpha: 20 % monthly\n {2}period {3}end index/);
      assert.match(feesOut.text(), /\n {2}2026-10 /);
      const september = sink();
      await feesCommand.run({
        ...ctx,
        values: { period: '2026-09', db: store.location },
        stdout: september.stream,
      });
      assert.match(september.text(), /Account alpha: 20 % monthly\n {2}no ended fee period in that month\n/);
      await assert.rejects(feesCommand.run({ ...ctx, values: { period: 'October' } }), /YYYY-MM/);
    } finally {
      await store.close();
    }
  });
});

describe('bpm report over the worker’s own collection (emulator, scenarios/test/flows.json)', () => {
  it('matches the hand-computed TWR, benchmark and profit', async () => {
    const { openHarness } = await import('../worker/harness.ts');
    const scenario = new URL('../../scenarios/test/flows.json', import.meta.url).pathname;
    const h = await openHarness(scenario, testStores()[0]!);
    try {
      await h.add({
        name: 'flows',
        apiKey: 'flowsKey',
        secret: 'flowsSecret',
        benchmark: {
          assets: [
            { asset: 'BTC', weight: '0.5' },
            { asset: 'ETH', weight: '0.5' },
          ],
          rebalance: 'none',
        },
      });
      for (const hhmm of ['10:00', '11:00', '12:00', '13:00', '15:00', '16:00', '17:00', '18:00']) {
        await h.collect(`2026-01-05T${hhmm}:00Z`);
      }
      const req = reportRequest(
        { account: 'flows', to: '2026-01-05T18:00Z' },
        Date.parse('2026-01-05T18:30Z'),
      );
      const json = JSON.parse(await renderReport(h.store, req, true));
      // NAV 20000 (10, 11) → 21000 (12) → 22000 (13) → 20845 (15 … 18); +1000 at 11:30, −1155 at 14:30.
      // (11,12]: (21000 − 20000 − 1000)/(20000 + 0.5·1000) = 0;  (12,13]: 22000/21000 − 1 = 1/21;
      // (13,15]: (20845 − 22000 + 1155)/(22000 − 0.25·1155) = 0;  all other hours 0 → TWR = 1/21.
      assert.equal(json.points, 8);
      close(json.twr, 1 / 21, 1e-12);
      // profit = 20845 − 20000 − (1000 − 1155) = 1000 (0.1 BTC rising from 100000 to 110000)
      assert.equal(json.profit, '1000');
      assert.equal(json.net_flows, '-155');
      // benchmark (stored values): B 20000, 20000, 21000 (incl. +1000), 23100, 21945 (incl. −1155):
      // (11,12]: (21000 − 1000)/20000 = 1; (12,13]: 23100/21000 = 1.1; (13,15]: (21945 + 1155)/23100 = 1
      close(json.benchmark_twr, 0.1, 1e-12);
      close(json.alpha, 1 / 21 - 0.1, 1e-12);
      assert.equal(json.max_drawdown, 0);
    } finally {
      await h.close();
    }
  });
});
