/**
 * The benchmark's return is exact (design §5) end to end: deposits in the middle of an hour while BTC and ETH
 * keep moving until the snapshot. The worker stores each flow's B(τ⁻); the report chain-links
 * B(τ⁻)/B(t₀) · B(t₁)/B(τ⁺) instead of taking the deposits as made at the snapshot.
 *
 * Prices (linear between nodes): BTC 100000 at 10:00, 125000 at 10:30, 150000 at 11:00 and after;
 * ETH 4000 at 10:00, 5000 at 10:30, 4500 at 11:00 and after. The account holds USDT 10000 and receives two
 * deposits at 10:30, USDT 1000 and USDT 250; its benchmark is the default 50/50 (next rebalance Monday 17:00).
 *
 *   t₀ 10:00  B = NAV = 10000 → units BTC 0.5·10000/100000 = 0.05, ETH 0.5·10000/4000 = 1.25
 *   τ  10:30  B(τ⁻) = 0.05·125000 + 1.25·5000 = 6250 + 6250 = 12500
 *             the larger deposit first: +1000 buys BTC 500/125000 = 0.004, ETH 500/5000 = 0.1 → 13500
 *             then +250 (its B(τ⁻) = 0.054·125000 + 1.35·5000 = 13500) buys BTC 0.001, ETH 0.025 → 13750
 *   t₁ 11:00  units BTC 0.055, ETH 1.375: B = 0.055·150000 + 1.375·4500 = 8250 + 6187.5 = 14437.5
 *
 *   exact       12500/10000 · 14437.5/13750 = 1.25 · 1.05 = 1.3125 → benchmark TWR 31.25 %
 *   approximate (14437.5 − 1250)/10000 = 1.31875 → 31.875 %
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { benchmarkPointsFromNavs, benchmarkSeries } from '../../src/domain/returns.ts';
import type { Scenario } from '../../src/emulator/index.ts';
import { buildReport } from '../../src/worker/analytics-service.ts';
import { testStores } from '../helpers/stores.ts';
import { dumpAccount, openHarness } from './harness.ts';

const at = (hhmm: string) => `2026-01-05T${hhmm}:00Z`;
const ts = (hhmm: string) => Date.parse(at(hhmm));

const SCENARIO: Scenario = {
  start: '2026-01-05T00:00:00Z',
  symbols: ['BTCUSDT', 'ETHUSDT'],
  prices: {
    BTCUSDT: [
      [at('00:00'), '100000'],
      [at('10:00'), '100000'],
      [at('10:30'), '125000'],
      [at('11:00'), '150000'],
    ],
    ETHUSDT: [
      [at('00:00'), '4000'],
      [at('10:00'), '4000'],
      [at('10:30'), '5000'],
      [at('11:00'), '4500'],
    ],
  },
  accounts: [{ name: 'mid', apiKey: 'midHourKey', apiSecret: 'midHourSecret', spot: { USDT: '10000' } }],
  events: [
    { at: at('10:30'), account: 'mid', type: 'deposit', id: 'dep-small', coin: 'USDT', amount: '250' },
    { at: at('10:30'), account: 'mid', type: 'deposit', id: 'dep-big', coin: 'USDT', amount: '1000' },
  ],
};

const close = (actual: number | null | undefined, expected: number, what: string) =>
  assert.ok(
    typeof actual === 'number' && Math.abs(actual - expected) < 1e-12,
    `${what}: ${actual} ≠ ${expected}`,
  );

for (const testStore of testStores()) {
  describe(`exact benchmark return end to end (${testStore.name})`, () => {
    it('a mid-hour deposit while BTC and ETH move: the report chain-links the stored B(τ⁻)', async () => {
      const h = await openHarness(SCENARIO, testStore);
      try {
        const { account } = await h.add({ name: 'mid', apiKey: 'midHourKey', secret: 'midHourSecret' });
        const id = account.id;
        for (const hhmm of ['10:00', '11:00']) assert.equal((await h.collect(at(hhmm))).exitCode, 0, hhmm);

        const bench = async (hhmm: string) => (await h.store.nav.snapshotAt(id, ts(hhmm)))?.benchmarkValue;
        assert.equal(await bench('10:00'), '10000');
        assert.equal(await bench('11:00'), '14437.5');
        const flows = await h.store.flows.list(id, { status: 'counted' });
        const before = Object.fromEntries(flows.map((f) => [f.externalId, Number(f.benchmarkBefore)]));
        assert.deepEqual(before, { 'dep-big': 12500, 'dep-small': 13500 });
        assert.ok(flows.every((f) => f.ts === ts('10:30')));

        const report = (
          await buildReport(h.store, { account: 'mid', from: ts('10:00'), to: ts('11:00'), now: ts('11:00') })
        ).report;
        close(report.benchmark_twr, (12500 / 10000) * (14437.5 / 13750) - 1, 'exact benchmark TWR');
        close(report.benchmark_twr, 0.3125, 'exact benchmark TWR');
        // What taking the deposits as made at 11:00 would have said: (14437.5 − 1250)/10000 − 1.
        const navs = (await h.store.nav.range(id, ts('10:00'), ts('11:00'))).map((r) => ({
          ts: r.ts,
          nav: r.nav,
          benchmarkValue: r.benchmarkValue,
          status: r.status,
        }));
        const approx = benchmarkSeries(
          benchmarkPointsFromNavs(
            navs,
            flows.map((f) => ({ ts: f.ts, usdValue: f.usdValue! })),
          ),
        );
        close(approx.index[approx.index.length - 1]! - 1, 0.31875, 'approximation');
        // The aggregate of this one account is the account: exact too.
        const all = await buildReport(h.store, { from: ts('10:00'), to: ts('11:00'), now: ts('11:00') });
        close(all.report.benchmark_twr, 0.3125, 'aggregate of one account');

        // A later run rewrites nothing: the stored B(τ⁻) are what the replay gives again.
        const dumped = (await dumpAccount(h.store, id)) as { flows: unknown[] };
        assert.equal((await h.collect(at('12:00'))).exitCode, 0);
        const again = (await dumpAccount(h.store, id)) as { flows: unknown[] };
        assert.deepEqual(again.flows, dumped.flows);
        const later = await buildReport(h.store, {
          account: 'mid',
          from: ts('10:00'),
          to: ts('12:00'),
          now: ts('12:00'),
        });
        // Flat after 11:00: the benchmark does not move, the return to 12:00 is the same.
        close(later.report.benchmark_twr, 0.3125, 'through 12:00');
      } finally {
        await h.close();
      }
    });
  });
}
