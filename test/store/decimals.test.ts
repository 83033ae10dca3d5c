import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canonicalDecimal, DecimalFormatError } from '../../src/store/decimal.ts';
import { StoreError } from '../../src/store/index.ts';
import { testStores } from '../helpers/stores.ts';

const H = 3_600_000;
const T0 = Date.UTC(2026, 0, 5, 10);
/** 60 fractional digits: far past a double's 17 significant digits, within numeric's range. */
const LONG = `123456789012345678901234567890.${'0123456789'.repeat(6)}`;

test('canonical decimals: the plain form PostgreSQL numeric returns, scale kept', () => {
  const cases: [string | number, string][] = [
    ['1.50', '1.50'],
    ['1e-8', '0.00000001'],
    ['1E-8', '0.00000001'],
    ['-1.5e-3', '-0.0015'],
    ['1.50e-3', '0.00150'],
    ['1.50e2', '150'],
    ['12e3', '12000'],
    ['-0', '0'],
    ['-0.00', '0.00'],
    ['+7', '7'],
    ['007.10', '7.10'],
    ['.5', '0.5'],
    ['5.', '5'],
    [' 2.5 ', '2.5'],
    [0.1, '0.1'],
    [1e-7, '0.0000001'],
    [LONG, LONG],
  ];
  for (const [input, want] of cases) assert.equal(canonicalDecimal(input, 'x'), want, String(input));
  for (const bad of ['', 'abc', 'NaN', 'Infinity', '1,5', '1.2.3', '0x10', '.', '-', '1e', '1e99999']) {
    assert.throws(() => canonicalDecimal(bad, 'nav'), DecimalFormatError, bad);
  }
  assert.throws(() => canonicalDecimal(Number.NaN, 'nav'), /nav: NaN is not a finite number/);
});

for (const backend of testStores()) {
  describe(`decimals and instants on ${backend.name}`, () => {
    test('the same strings come back on every backend: exponent, negative zero, scale, 60 decimals', async () => {
      const store = await backend.open();
      try {
        const { id } = await store.accounts.add({ name: 'a', apiKey: 'k', secret: 's', keyType: 'hmac' });
        // An epoch-ms instant past 2^31 seconds' worth of ms, with a non-zero millisecond part.
        const odd = Date.UTC(2099, 11, 31, 23, 59, 59, 999);
        for (const [ts, nav] of [
          [T0, '1e-8'],
          [T0 + H, '-0'],
          [T0 + 2 * H, '1.50'],
          [odd, LONG],
        ] as const) {
          await store.nav.save({
            accountId: id,
            ts,
            status: 'complete',
            kind: 'hourly',
            nav,
            benchmarkValue: '-0.000',
            btcPrice: '9.1e4',
            ethPrice: null,
            failedWallets: [],
            notEnabledWallets: [],
            holdings: [{ wallet: 'spot', asset: 'BTC', quantity: '1.10000000', price: '1E+2', value: '110' }],
          });
        }
        const rows = await store.nav.range(id, 0, Number.MAX_SAFE_INTEGER);
        assert.deepEqual(
          rows.map((r) => [r.ts, r.nav, r.benchmarkValue, r.btcPrice]),
          [
            [T0, '0.00000001', '0.000', '91000'],
            [T0 + H, '0', '0.000', '91000'],
            [T0 + 2 * H, '1.50', '0.000', '91000'],
            [odd, LONG, '0.000', '91000'],
          ],
        );
        assert.equal(typeof rows[3]?.ts, 'number');
        assert.deepEqual(
          (await store.nav.holdings(id, odd)).map((h) => [h.quantity, h.price, h.value]),
          [['1.10000000', '100', '110']],
        );

        await store.prices.put([{ symbol: 'BTCUSDT', ts: odd, price: '5e-1' }]);
        assert.deepEqual(await store.prices.at('BTCUSDT', odd), { symbol: 'BTCUSDT', ts: odd, price: '0.5' });
        await store.flows.upsert({
          accountId: id,
          source: 'deposit',
          externalId: 'd1',
          asset: 'BTC',
          quantity: '2.5E-9',
          ts: odd,
          usdValue: '-0',
          price: '1.000',
          status: 'counted',
          rawStatus: '1',
        });
        const [f] = await store.flows.list(id);
        assert.deepEqual([f?.quantity, f?.usdValue, f?.price, f?.ts], ['0.0000000025', '0', '1.000', odd]);
      } finally {
        await store.close();
      }
    });

    test('a value that is not a decimal is refused before it is written, naming the work', async () => {
      const store = await backend.open();
      try {
        const { id } = await store.accounts.add({ name: 'a', apiKey: 'k', secret: 's', keyType: 'hmac' });
        await assert.rejects(
          store.nav.save({
            accountId: id,
            ts: T0,
            status: 'complete',
            kind: 'hourly',
            nav: 'NaN',
            benchmarkValue: null,
            btcPrice: null,
            ethPrice: null,
            failedWallets: [],
            notEnabledWallets: [],
            holdings: [],
          }),
          (err) =>
            err instanceof StoreError &&
            /saving snapshot .*nav: "NaN" is not a decimal number/.test(err.message) &&
            !err.transient,
        );
        assert.equal(await store.nav.count(), 0);
      } finally {
        await store.close();
      }
    });
  });
}
