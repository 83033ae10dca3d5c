import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPriceRouter, listedAssets } from '../../src/domain/prices.ts';
import type { Market, WalletRead } from '../../src/domain/types.ts';
import { valueSnapshot } from '../../src/domain/valuation.ts';
import {
  crossMarginBalances,
  earnFlexibleBalances,
  earnLockedBalances,
  fundingBalances,
  futuresBalances,
  isolatedMarginBalances,
  ldUnderlying,
  reconcileLdBalances,
  spotBalances,
} from '../../src/domain/wallets.ts';

const market = (baseAsset: string, quoteAsset: string): Market => ({
  symbol: `${baseAsset}${quoteAsset}`,
  baseAsset,
  quoteAsset,
  status: 'TRADING',
});
const markets = [market('BTC', 'USDT'), market('ETH', 'USDT'), market('LDO', 'USDT'), market('BNB', 'USDT')];
const router = createPriceRouter(markets, {
  BTCUSDT: '90000',
  ETHUSDT: '3000',
  LDOUSDT: '1.5',
  BNBUSDT: '600',
});
const listed = listedAssets(markets);
const isKnownAsset = (asset: string) => listed.has(asset);

describe('wallet quantities per design.md §2', () => {
  it('spot = free + locked; zero balances dropped', () => {
    assert.deepEqual(
      spotBalances([
        { asset: 'BTC', free: '0.40000000', locked: '0.10000000' },
        { asset: 'ETH', free: '0.00000000', locked: '0.00000000' },
      ]),
      [{ asset: 'BTC', quantity: '0.5' }],
    );
  });

  it('funding = free + locked + freeze + withdrawing', () => {
    // 1 + 2 + 3 + 4.5 = 10.5
    assert.deepEqual(
      fundingBalances([{ asset: 'USDT', free: '1', locked: '2', freeze: '3', withdrawing: '4.5' }]),
      [{ asset: 'USDT', quantity: '10.5' }],
    );
  });

  it('cross margin = netAsset, negative when borrowed', () => {
    // free 0.1 − borrowed 1 − interest 0.001 = netAsset −0.901
    assert.deepEqual(crossMarginBalances([{ asset: 'ETH', netAsset: '-0.90100000' }]), [
      { asset: 'ETH', quantity: '-0.901' },
    ]);
  });

  it('isolated margin = netAsset of base and quote, summed across pairs', () => {
    // USDT: 100 (BTCUSDT pair) + (−40) (ETHUSDT pair) = 60
    assert.deepEqual(
      isolatedMarginBalances([
        { baseAsset: { asset: 'BTC', netAsset: '0.01' }, quoteAsset: { asset: 'USDT', netAsset: '100' } },
        { baseAsset: { asset: 'ETH', netAsset: '0.5' }, quoteAsset: { asset: 'USDT', netAsset: '-40' } },
      ]),
      [
        { asset: 'BTC', quantity: '0.01' },
        { asset: 'ETH', quantity: '0.5' },
        { asset: 'USDT', quantity: '60' },
      ],
    );
  });

  it('futures = marginBalance, which carries unrealized PnL (and may be negative)', () => {
    // walletBalance 1000 + unrealizedProfit −250.25 = marginBalance 749.75; BUSD: 10 − 30 = −20
    const rows = [
      { asset: 'USDT', walletBalance: '1000', unrealizedProfit: '-250.25', marginBalance: '749.75' },
      { asset: 'BUSD', walletBalance: '10', unrealizedProfit: '-30', marginBalance: '-20' },
      { asset: 'BNB', walletBalance: '0', unrealizedProfit: '0', marginBalance: '0.00000000' },
    ];
    assert.deepEqual(futuresBalances(rows), [
      { asset: 'BUSD', quantity: '-20' },
      { asset: 'USDT', quantity: '749.75' },
    ]);
  });

  it('Earn flexible = totalAmount; Earn locked = amount summed across positions', () => {
    assert.deepEqual(earnFlexibleBalances([{ asset: 'USDT', totalAmount: '75.46000000' }]), [
      { asset: 'USDT', quantity: '75.46' },
    ]);
    assert.deepEqual(
      earnLockedBalances([
        { asset: 'AXS', amount: '122.09202928' },
        { asset: 'AXS', amount: '0.00000072' },
      ]),
      [{ asset: 'AXS', quantity: '122.09203' }],
    );
  });

  it('a malformed amount is an error, never a wrong number', () => {
    assert.throws(() => spotBalances([{ asset: 'BTC', free: '1e5', locked: '0' }]), /BTC balance/);
  });
});

describe('LD-prefixed spot assets', () => {
  it('LDBTC stands for BTC; LDO (Lido) is a listed asset and stays LDO; LD alone is nothing', () => {
    assert.equal(ldUnderlying('LDBTC', isKnownAsset), 'BTC');
    assert.equal(ldUnderlying('LDO', isKnownAsset), null);
    assert.equal(ldUnderlying('LDXYZ', isKnownAsset), null);
    assert.equal(ldUnderlying('LD', isKnownAsset), null);
    assert.equal(ldUnderlying('BTC', isKnownAsset), null);
  });

  const spot = (balances: Record<string, string>): WalletRead => ({
    wallet: 'spot',
    status: 'ok',
    balances: Object.entries(balances).map(([asset, quantity]) => ({ asset, quantity })),
  });

  it('the flexible Earn position is authoritative: LDBTC is dropped when a BTC position exists', () => {
    const reads = reconcileLdBalances(
      [
        spot({ BTC: '0.1', LDBTC: '0.2', LDO: '100' }),
        { wallet: 'earnFlexible', status: 'ok', balances: [{ asset: 'BTC', quantity: '0.2' }] },
      ],
      isKnownAsset,
    );
    assert.deepEqual(reads[0], spot({ BTC: '0.1', LDO: '100' }));
    assert.deepEqual(reads[1], {
      wallet: 'earnFlexible',
      status: 'ok',
      balances: [{ asset: 'BTC', quantity: '0.2' }],
    });
  });

  it('without a flexible position, LDBTC counts as BTC in spot (summed with spot BTC)', () => {
    const reads = reconcileLdBalances(
      [spot({ BTC: '0.1', LDBTC: '0.2' }), { wallet: 'earnFlexible', status: 'ok', balances: [] }],
      isKnownAsset,
    );
    // 0.1 + 0.2 = 0.3
    assert.deepEqual(reads[0], spot({ BTC: '0.3' }));
  });

  it('when the Earn read failed, LDBTC still counts once, as BTC in spot', () => {
    const reads = reconcileLdBalances(
      [spot({ LDBTC: '0.2' }), { wallet: 'earnFlexible', status: 'failed', error: 'timeout' }],
      isKnownAsset,
    );
    assert.deepEqual(reads[0], spot({ BTC: '0.2' }));
  });
});

describe('NAV through the mappers', () => {
  it('every wallet kind, an LD asset, LDO, futures PnL and an unpriced asset', () => {
    const reads: WalletRead[] = [
      {
        wallet: 'spot',
        status: 'ok',
        balances: spotBalances([
          { asset: 'BTC', free: '0.1', locked: '0.05' },
          { asset: 'LDETH', free: '1', locked: '0' },
          { asset: 'LDUSDT', free: '500', locked: '0' },
          { asset: 'LDO', free: '200', locked: '0' },
          { asset: 'NOPRICE', free: '7', locked: '0' },
        ]),
      },
      {
        wallet: 'funding',
        status: 'ok',
        balances: fundingBalances([
          { asset: 'USDT', free: '10', locked: '0', freeze: '5', withdrawing: '1' },
        ]),
      },
      {
        wallet: 'crossMargin',
        status: 'ok',
        balances: crossMarginBalances([
          { asset: 'USDT', netAsset: '2000' },
          { asset: 'ETH', netAsset: '-0.5' },
        ]),
      },
      {
        wallet: 'isolatedMargin',
        status: 'ok',
        balances: isolatedMarginBalances([
          { baseAsset: { asset: 'BTC', netAsset: '0.01' }, quoteAsset: { asset: 'USDT', netAsset: '-100' } },
        ]),
      },
      {
        wallet: 'usdm',
        status: 'ok',
        balances: futuresBalances([{ asset: 'USDT', marginBalance: '749.75' }]),
      },
      {
        wallet: 'coinm',
        status: 'ok',
        balances: futuresBalances([{ asset: 'BTC', marginBalance: '-0.001' }]),
      },
      {
        wallet: 'earnFlexible',
        status: 'ok',
        balances: earnFlexibleBalances([{ asset: 'USDT', totalAmount: '500' }]),
      },
      { wallet: 'earnLocked', status: 'ok', balances: earnLockedBalances([{ asset: 'BNB', amount: '2' }]) },
    ];
    const s = valueSnapshot({
      accountId: 'a',
      ts: 0,
      kind: 'hourly',
      reads: reconcileLdBalances(reads, isKnownAsset),
      price: (asset) => router.usd(asset),
    });
    // spot: BTC 0.15×90000 = 13500; LDETH → ETH 1×3000 = 3000 (no ETH position); LDUSDT dropped (the USDT
    //   flexible position of 500 is authoritative); LDO 200×1.5 = 300; NOPRICE unpriced.
    // funding: 10 + 0 + 5 + 1 = 16 USDT = 16.
    // cross margin: 2000 − 0.5×3000 = 500.   isolated: 0.01×90000 − 100 = 800.
    // usdm: 749.75.   coinm: −0.001×90000 = −90.   flexible: 500.   locked: 2×600 = 1200.
    // NAV = 13500 + 3000 + 300 + 16 + 500 + 800 + 749.75 − 90 + 500 + 1200 = 20475.75
    assert.equal(s.nav, '20475.75');
    assert.equal(s.status, 'complete');
    assert.deepEqual(s.unpriced, ['NOPRICE']);
    assert.deepEqual(
      s.holdings.filter((h) => h.wallet === 'spot').map((h) => [h.asset, h.quantity, h.value]),
      [
        ['BTC', '0.15', '13500'],
        ['ETH', '1', '3000'],
        ['LDO', '200', '300'],
        ['NOPRICE', '7', null],
      ],
    );
  });
});
