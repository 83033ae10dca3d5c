/**
 * Performance fees are accrued by the worker run itself (design §6): an account with a fee config gets its
 * fee_tracking row for a period as soon as a run's snapshot crosses the period's end, recomputed idempotently;
 * an account without one gets none; a run in a slot already collected writes nothing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Scenario } from '../../src/emulator/index.ts';
import type { Store, StoreTx } from '../../src/store/index.ts';
import { testStores } from '../helpers/stores.ts';
import { openHarness } from './harness.ts';

// BTC 100000 until Jan 31 23:00, 110000 from Feb 1 00:00 (flat after: no interpolation at the slots read).
const SCENARIO: Scenario = {
  start: '2026-01-31T00:00:00Z',
  symbols: ['BTCUSDT', 'ETHUSDT'],
  prices: {
    BTCUSDT: [
      ['2026-01-31T00:00:00Z', '100000'],
      ['2026-01-31T23:00:00Z', '100000'],
      ['2026-02-01T00:00:00Z', '110000'],
      ['2026-02-02T00:00:00Z', '110000'],
    ],
    ETHUSDT: [['2026-01-31T00:00:00Z', '4000']],
  },
  accounts: [
    { name: 'managed', apiKey: 'feeManagedKey', apiSecret: 'feeManagedSecret', spot: { BTC: '1' } },
    { name: 'own', apiKey: 'feeOwnKey', apiSecret: 'feeOwnSecret', spot: { BTC: '1' } },
  ],
};

for (const testStore of testStores().slice(0, 1)) {
  describe(`worker fees (${testStore.name})`, () => {
    it('accrues the ended period after the run that crosses its end, once', async () => {
      const h = await openHarness(SCENARIO, testStore);
      try {
        const managed = await h.add({ name: 'managed', apiKey: 'feeManagedKey', secret: 'feeManagedSecret' });
        const own = await h.add({ name: 'own', apiKey: 'feeOwnKey', secret: 'feeOwnSecret' });
        const id = managed.account.id;
        await h.store.accounts.setFeeConfig(id, { rate: '0.2', period: 'monthly', alphaOnly: false });
        const rows = async (accountId: string) =>
          (await h.store.fees.list(accountId)).map((r) => ({
            from: new Date(r.periodStart).toISOString(),
            to: new Date(r.periodEnd).toISOString(),
            fee: r.fee,
            navEnd: r.navEnd,
            status: r.status,
            computedAt: r.computedAt,
          }));

        // t₀ = Jan 31 23:00, NAV 1 × 100000: January has not ended, nothing to accrue.
        const first = await h.collect('2026-01-31T23:00:00Z');
        assert.equal(first.exitCode, 0);
        assert.equal(first.accounts.find((a) => a.account === 'managed')?.feePeriods, 0);
        assert.equal(first.accounts.find((a) => a.account === 'own')?.feePeriods, undefined);
        assert.deepEqual(await rows(id), []);

        // Feb 1 00:00, NAV 110000, no flows: index 1 → 1.1, above the HWM 1 (the period's start index).
        // fee = rate · NAV_end · (1 − HWM / I_end) = 0.2 · 110000 · (1 − 1 / 1.1) = 0.2 · 10000 = 2000.
        const second = await h.collect('2026-02-01T00:00:00Z');
        assert.equal(second.exitCode, 0);
        assert.equal(second.accounts.find((a) => a.account === 'managed')?.feePeriods, 1);
        const accrued = await rows(id);
        assert.equal(accrued.length, 1);
        assert.deepEqual(
          { ...accrued[0], fee: Number(accrued[0]?.fee).toFixed(2) },
          {
            from: '2026-01-01T00:00:00.000Z',
            to: '2026-02-01T00:00:00.000Z',
            fee: '2000.00',
            navEnd: '110000',
            status: 'accrued',
            computedAt: Date.parse('2026-02-01T00:00:00Z'),
          },
        );
        assert.deepEqual(await rows(own.account.id), []);

        // The same slot again: every account skipped, the fee row untouched.
        const again = await h.collect('2026-02-01T00:20:00Z');
        assert.deepEqual(
          again.accounts.map((a) => [a.status, a.feePeriods]),
          [
            ['skipped', undefined],
            ['skipped', undefined],
          ],
        );
        assert.deepEqual(await rows(id), accrued);

        // The next hour recomputes January from the same facts: the same single row and fee.
        const next = await h.collect('2026-02-01T01:00:00Z');
        assert.equal(next.exitCode, 0);
        const after = await rows(id);
        assert.equal(after.length, 1);
        assert.deepEqual({ ...after[0], computedAt: 0 }, { ...accrued[0], computedAt: 0 });
      } finally {
        await h.close();
      }
    });

    it('a fee accrual that fails is reported and exits 1; the snapshot stays stored', async () => {
      const h = await openHarness(SCENARIO, testStore);
      try {
        const managed = await h.add({ name: 'managed', apiKey: 'feeManagedKey', secret: 'feeManagedSecret' });
        await h.store.accounts.setFeeConfig(managed.account.id, {
          rate: '0.2',
          period: 'monthly',
          alphaOnly: false,
        });
        await h.collect('2026-01-31T23:00:00Z');
        // The store refuses fee rows (as a full disk or a lost connection would), nothing else.
        const failing: Store = Object.create(h.store, {
          transaction: {
            value: <T>(fn: (tx: StoreTx) => Promise<T>, purpose?: string) =>
              h.store.transaction(
                (tx) =>
                  fn(
                    Object.create(tx, {
                      fees: {
                        value: {
                          ...tx.fees,
                          upsert: async () => {
                            throw new Error('disk full');
                          },
                        },
                      },
                    }) as StoreTx,
                  ),
                purpose,
              ),
          },
        });
        const run = await h.collect('2026-02-01T00:00:00Z', { store: failing });
        const [r] = run.accounts;
        assert.equal(r?.status, 'ok');
        assert.equal(r?.nav, '110000');
        assert.match(r?.feeError ?? '', /disk full/);
        assert.equal(run.exitCode, 1);
        assert.deepEqual(await h.store.fees.list(managed.account.id), []);
        const [row] = await h.store.runs.list({ limit: 1 });
        assert.equal(row?.status, 'failed');
        assert.match(row?.message ?? '', /managed: ok, fees not accrued/);
        // The next run that stores a snapshot accrues January.
        const next = await h.collect('2026-02-01T01:00:00Z');
        assert.equal(next.exitCode, 0);
        assert.equal((await h.store.fees.list(managed.account.id)).length, 1);
      } finally {
        await h.close();
      }
    });
  });
}
