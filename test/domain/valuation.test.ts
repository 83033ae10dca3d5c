import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WalletKind, WalletRead } from '../../src/domain/types.ts';
import { ValuationError, valueSnapshot } from '../../src/domain/valuation.ts';

const prices: Record<string, string> = {
  BTC: '90000',
  ETH: '3000',
  USDT: '1',
  BNB: '600',
  USDC: '0.9998',
};
const price = (asset: string) => prices[asset] ?? null;
const ts = Date.UTC(2026, 10, 23, 22, 0, 0);

const ok = (wallet: WalletKind, balances: Record<string, string>): WalletRead => ({
  wallet,
  status: 'ok',
  balances: Object.entries(balances).map(([asset, quantity]) => ({ asset, quantity })),
});

const everyWallet = (): WalletRead[] => [
  ok('spot', { BTC: '0.5', USDT: '100.25' }),
  ok('funding', { USDC: '1000' }),
  ok('crossMargin', { ETH: '-2', USDT: '10000' }),
  ok('isolatedMargin', { BTC: '0.1', USDT: '-3000' }),
  ok('usdm', { USDT: '1500.5' }),
  ok('coinm', { BTC: '0.01' }),
  ok('earnFlexible', { BNB: '1.5' }),
  ok('earnLocked', { ETH: '0.25' }),
];

const value = (reads: WalletRead[]) =>
  valueSnapshot({ accountId: 'acc-1', ts, kind: 'hourly', reads, price });

describe('NAV of a snapshot', () => {
  it('every wallet kind, with negative margin quantities, sums exactly', () => {
    const s = value(everyWallet());
    // spot 0.5×90000 = 45000 and 100.25; funding 1000×0.9998 = 999.8; cross margin −2×3000 = −6000 and 10000;
    // isolated 0.1×90000 = 9000 and −3000; usdm 1500.5; coinm 0.01×90000 = 900; flexible 1.5×600 = 900;
    // locked 0.25×3000 = 750.  45000 + 100.25 + 999.8 − 6000 + 10000 + 9000 − 3000 + 1500.5 + 900 + 900 + 750
    // = 60150.55
    assert.equal(s.nav, '60150.55');
    assert.equal(s.status, 'complete');
    assert.deepEqual(s.failedWallets, []);
    assert.deepEqual(s.notEnabledWallets, []);
    assert.deepEqual(s.unpriced, []);
    assert.equal(s.holdings.length, 11);
    assert.deepEqual(
      s.holdings.find((h) => h.wallet === 'crossMargin' && h.asset === 'ETH'),
      { wallet: 'crossMargin', asset: 'ETH', quantity: '-2', price: '3000', value: '-6000' },
    );
    assert.deepEqual(
      s.holdings.find((h) => h.wallet === 'funding'),
      { wallet: 'funding', asset: 'USDC', quantity: '1000', price: '0.9998', value: '999.8' },
    );
    assert.equal(s.accountId, 'acc-1');
    assert.equal(s.ts, ts);
    assert.equal(s.kind, 'hourly');
  });

  it('no dust threshold: a tiny balance counts exactly', () => {
    const reads = everyWallet();
    reads[0] = ok('spot', { BTC: '0.00000001' });
    // 0.00000001 × 90000 = 0.0009 replaces spot's 45100.25: 60150.55 − 45100.25 + 0.0009 = 15050.3009
    assert.equal(value(reads).nav, '15050.3009');
  });

  it('an unpriced asset keeps its quantity with null price and value, and is listed', () => {
    const reads = everyWallet();
    reads[0] = ok('spot', { BTC: '0.5', USDT: '100.25', OBSCURE: '12345' });
    const s = value(reads);
    assert.equal(s.nav, '60150.55');
    assert.deepEqual(s.unpriced, ['OBSCURE']);
    assert.deepEqual(
      s.holdings.find((h) => h.asset === 'OBSCURE'),
      { wallet: 'spot', asset: 'OBSCURE', quantity: '12345', price: null, value: null },
    );
    assert.equal(s.status, 'complete');
  });

  it('a failed wallet makes the snapshot incomplete and names it; NAV is only the partial sum', () => {
    const reads = everyWallet();
    reads[4] = { wallet: 'usdm', status: 'failed', error: 'timeout' };
    const s = value(reads);
    assert.equal(s.status, 'incomplete');
    assert.deepEqual(s.failedWallets, ['usdm']);
    // 60150.55 − 1500.5 = 58650.05, flagged incomplete: never passed off as a complete NAV.
    assert.equal(s.nav, '58650.05');
    assert.equal(
      s.holdings.some((h) => h.wallet === 'usdm'),
      false,
    );
  });

  it('a wallet with no read at all counts as failed', () => {
    const reads = everyWallet().filter((r) => r.wallet !== 'earnLocked');
    const s = value(reads);
    assert.equal(s.status, 'incomplete');
    assert.deepEqual(s.failedWallets, ['earnLocked']);
  });

  it('a not-enabled wallet contributes 0 and is listed; the snapshot stays complete', () => {
    const reads = everyWallet();
    reads[5] = { wallet: 'coinm', status: 'not_enabled' };
    reads[2] = { wallet: 'crossMargin', status: 'not_enabled' };
    const s = value(reads);
    // 60150.55 − 900 (coinm) − (−6000 + 10000) (cross margin) = 55250.55
    assert.equal(s.nav, '55250.55');
    assert.equal(s.status, 'complete');
    assert.deepEqual(s.notEnabledWallets, ['crossMargin', 'coinm']);
  });

  it('zero quantities are left out and duplicates in one wallet are summed', () => {
    const s = value([
      {
        wallet: 'spot',
        status: 'ok',
        balances: [
          { asset: 'ETH', quantity: '0.00000000' },
          { asset: 'BTC', quantity: '0.1' },
          { asset: 'BTC', quantity: '0.2' },
        ],
      },
      ...everyWallet().slice(1),
    ]);
    // spot BTC 0.3 × 90000 = 27000 replaces 45100.25: 60150.55 − 45100.25 + 27000 = 42050.3
    assert.equal(s.nav, '42050.3');
    assert.deepEqual(
      s.holdings.filter((h) => h.wallet === 'spot'),
      [{ wallet: 'spot', asset: 'BTC', quantity: '0.3', price: '90000', value: '27000' }],
    );
  });

  it('a wallet read twice is an error naming account and wallet', () => {
    assert.throws(
      () => value([...everyWallet(), ok('spot', { BTC: '1' })]),
      (e: unknown) => e instanceof ValuationError && /acc-1/.test(e.message) && e.wallet === 'spot',
    );
  });

  it('a malformed quantity is an error, never a wrong number', () => {
    const reads = everyWallet();
    reads[0] = ok('spot', { BTC: 'NaN' });
    assert.throws(() => value(reads), ValuationError);
  });

  it('a malformed price is an error naming the account', () => {
    assert.throws(
      () =>
        valueSnapshot({ accountId: 'acc-1', ts, kind: 'hourly', reads: everyWallet(), price: () => 'n/a' }),
      (e: unknown) => e instanceof ValuationError && /acc-1/.test(e.message),
    );
  });

  it('a negative NAV is reported as it is', () => {
    const s = value([
      ok('spot', {}),
      ok('funding', {}),
      ok('crossMargin', { USDT: '100', BTC: '-0.01' }),
      ok('isolatedMargin', {}),
      ok('usdm', { USDT: '-50' }),
      ok('coinm', {}),
      ok('earnFlexible', {}),
      ok('earnLocked', {}),
    ]);
    // 100 − 0.01×90000 − 50 = 100 − 900 − 50 = −850
    assert.equal(s.nav, '-850');
  });
});
