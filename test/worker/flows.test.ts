/**
 * Flows golden scenario (design §3, §4) over real HTTP: a deposit pending then settled and seen late (restating
 * the benchmark), a withdrawal with a fee settling after two later snapshots (restating them), cancelled,
 * rejected and failed withdrawals, a rejected deposit and an internal transfer (never flows).
 * scenarios/test/flows.json: BTC 100000 and ETH 4000 until 12:00, rising linearly to 110000 and 4400 at 13:00,
 * flat after. The account starts with USDT 10000 + BTC 0.1 = 20000; its benchmark is 50/50 without rebalancing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testStores } from '../helpers/stores.ts';
import { openHarness } from './harness.ts';

const SCENARIO = new URL('../../scenarios/test/flows.json', import.meta.url).pathname;
const at = (hhmm: string) => `2026-01-05T${hhmm}:00Z`;
const ts = (hhmm: string) => Date.parse(at(hhmm));

for (const testStore of testStores()) {
  describe(`worker flows (${testStore.name})`, () => {
    it('counts each settled flow once, at its own τ and price, and restates the benchmark after late facts', async () => {
      const h = await openHarness(SCENARIO, testStore);
      try {
        const { account } = await h.add({
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
        const id = account.id;
        const bench = async (hhmm: string) => (await h.store.nav.snapshotAt(id, ts(hhmm)))?.benchmarkValue;
        const flow = (source: 'deposit' | 'withdrawal', externalId: string) =>
          h.store.flows.get(id, source, externalId);

        // 10:00 t₀: NAV 20000; units BTC 0.5 × 20000 / 100000 = 0.1, ETH 0.5 × 20000 / 4000 = 2.5.
        let run = await h.collect(at('10:00'));
        assert.equal(run.accounts[0]?.nav, '20000');
        assert.equal(await bench('10:00'), '20000');

        // 11:00: the deposit exists but is pending (status 0): stored, not counted, not in the balance.
        run = await h.collect(at('11:00'));
        assert.equal(run.accounts[0]?.nav, '20000');
        assert.equal(run.accounts[0]?.flowsCounted, 0);
        assert.equal((await flow('deposit', 'dep-late'))?.status, 'pending');

        // 12:00: it settled at 11:30 (balance 21000) but the deposit history cannot be read this hour.
        await h.fault({ endpoint: '/sapi/v1/capital/deposit/hisrec', account: 'flows', kind: '5xx' });
        run = await h.collect(at('12:00'));
        assert.equal(run.accounts[0]?.status, 'partial');
        assert.equal(run.exitCode, 1);
        assert.equal(run.accounts[0]?.nav, '21000');
        assert.equal(await bench('12:00'), '20000');
        await h.clearFaults();

        // 13:00: seen settled, τ = completeTime 11:30 < the 12:00 snapshot: counted once at 1 USD, and the
        // benchmark from 11:30 on is replayed: units += 0.5 × 1000 / 100000 = 0.005 BTC, 0.5 × 1000 / 4000
        // = 0.125 ETH → 0.105 BTC, 2.625 ETH. B(12:00) = 0.105 × 100000 + 2.625 × 4000 = 21000 (restated);
        // B(13:00) = 0.105 × 110000 + 2.625 × 4400 = 23100. NAV(13:00) = 11000 + 0.1 × 110000 = 22000.
        run = await h.collect(at('13:00'));
        assert.equal(run.exitCode, 0);
        assert.equal(run.accounts[0]?.flowsCounted, 1);
        assert.equal(run.accounts[0]?.restated, 1);
        assert.equal(run.accounts[0]?.nav, '22000');
        const dep = await flow('deposit', 'dep-late');
        assert.equal(dep?.status, 'counted');
        assert.equal(dep?.ts, ts('11:30'));
        assert.equal(dep?.quantity, '1000');
        assert.equal(dep?.usdValue, '1000');
        assert.equal(await bench('12:00'), '21000');
        assert.equal(await bench('13:00'), '23100');
        // Its B(τ⁻), stored for exact returns: 0.1 × 100000 + 2.5 × 4000 = 20000 at 11:30.
        assert.equal(Number(dep?.benchmarkBefore), 20000);

        // 15:00: the BTC withdrawal (0.01 + fee 0.0005) was applied at 14:30 and is processing (status 4):
        // pending, so the benchmark does not move yet. NAV = 11000 + (0.1 − 0.0105) × 110000 = 20845.
        run = await h.collect(at('15:00'));
        assert.equal(run.accounts[0]?.nav, '20845');
        assert.equal((await flow('withdrawal', 'wd-done'))?.status, 'pending');
        assert.equal((await flow('withdrawal', 'wd-done'))?.benchmarkBefore, null, 'pending: not applied');
        assert.equal(await bench('15:00'), '23100');

        // 16:00: still pending. The cancelled (1), rejected (3) and failed (5) withdrawals were refunded and
        // the rejected deposit never credited; the 3000 USDT spot → funding transfer is internal. NAV unchanged.
        run = await h.collect(at('16:00'));
        assert.equal(run.accounts[0]?.nav, '20845');
        assert.equal(run.accounts[0]?.flowsCounted, 0);
        assert.equal(await bench('16:00'), '23100');

        // 17:00: completed (6) at 16:30; τ = applyTime 14:30 before the 15:00 and 16:00 snapshots.
        // Outflow −0.0105 BTC × 110000 = −1155 USD; units × (1 − 1155 / 23100) = × 0.95 → 0.09975 BTC,
        // 2.49375 ETH; B = 0.09975 × 110000 + 2.49375 × 4400 = 10972.5 + 10972.5 = 21945 from 14:30 on.
        run = await h.collect(at('17:00'));
        assert.equal(run.accounts[0]?.flowsCounted, 1);
        assert.equal(run.accounts[0]?.restated, 2);
        const wd = await flow('withdrawal', 'wd-done');
        assert.equal(wd?.status, 'counted');
        assert.equal(wd?.ts, ts('14:30'));
        assert.equal(wd?.quantity, '-0.0105');
        assert.equal(wd?.usdValue, '-1155');
        // B(14:30⁻) = 0.105 × 110000 + 2.625 × 4400 = 11550 + 11550 = 23100, written by the restating run.
        assert.equal(Number(wd?.benchmarkBefore), 23100);
        assert.equal(Number((await flow('deposit', 'dep-late'))?.benchmarkBefore), 20000);
        assert.equal(await bench('15:00'), '21945');
        assert.equal(await bench('16:00'), '21945');
        assert.equal(await bench('17:00'), '21945');
        const units = (await h.store.benchmarks.get(id))?.units;
        assert.deepEqual(units, { BTC: '0.09975', ETH: '2.49375' });

        // 18:00: nothing new; nothing counted twice.
        run = await h.collect(at('18:00'));
        assert.equal(run.accounts[0]?.flowsCounted, 0);
        assert.equal(await bench('18:00'), '21945');

        const all = await h.store.flows.list(id);
        const summary = all.map((f) => `${f.source}:${f.externalId}:${f.status}:${f.rawStatus}`).sort();
        assert.deepEqual(summary, [
          'deposit:dep-late:counted:1',
          'deposit:dep-rejected:void:2',
          'withdrawal:wd-cancelled:void:1',
          'withdrawal:wd-done:counted:6',
          'withdrawal:wd-failed:void:5',
          'withdrawal:wd-rejected:void:3',
        ]);
        // Void flows never carry a value.
        assert.ok(all.filter((f) => f.status === 'void').every((f) => f.usdValue === null));
        assert.ok(all.filter((f) => f.status === 'void').every((f) => f.benchmarkBefore === null));
        // Prices used at τ are stored, so the replay is reproducible from the store alone.
        assert.equal(Number((await h.store.prices.at('BTCUSDT', ts('14:30')))?.price), 110000);
        assert.equal((await h.store.prices.at('BTCUSDT', ts('14:30')))?.ts, ts('14:30'));
      } finally {
        await h.close();
      }
    });
  });
}
