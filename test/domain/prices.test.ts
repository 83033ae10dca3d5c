import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPriceRouter, listedAssets } from '../../src/domain/prices.ts';
import type { Market } from '../../src/domain/types.ts';

const market = (baseAsset: string, quoteAsset: string, status = 'TRADING'): Market => ({
  symbol: `${baseAsset}${quoteAsset}`,
  baseAsset,
  quoteAsset,
  status,
});

const markets: Market[] = [
  market('BTC', 'USDT'),
  market('ETH', 'USDT'),
  market('BNB', 'USDT'),
  market('USDC', 'USDT'),
  market('USDT', 'TRY'),
  market('XYZ', 'BTC'),
  market('ABC', 'BNB'),
  market('QQQ', 'BTC'),
  market('QQQ', 'BNB'),
  market('HLT', 'USDT', 'BREAK'),
  market('HLT', 'BTC'),
  market('ZRO', 'USDT'),
  market('ZRO', 'ETH'),
  market('NTK', 'USDT'),
  market('NTK', 'BNB'),
  market('BTC', 'DEF'),
  market('GHI', 'FDUSD'),
  market('USDT', 'FDUSD'),
  market('LOOP', 'SOL'),
  market('SOL', 'LOOP'),
];

const tickers = {
  BTCUSDT: '91000.50',
  ETHUSDT: '3000.00',
  BNBUSDT: '600',
  USDCUSDT: '0.99980000',
  USDTTRY: '34.5',
  XYZBTC: '0.00002000',
  ABCBNB: '0.5',
  QQQBTC: '0.001',
  QQQBNB: '1',
  HLTUSDT: '5',
  HLTBTC: '0.0001',
  ZROUSDT: '0.00000000',
  ZROETH: '0.001',
  NTKBNB: '2',
  BTCDEF: '1000000',
  GHIFDUSD: '2',
  USDTFDUSD: '1.0002',
  LOOPSOL: '3',
  SOLLOOP: '0.3',
};

const router = createPriceRouter(markets, tickers);

describe('price routes', () => {
  it('USDT is 1 USD with an empty route', () => {
    assert.equal(router.usd('USDT'), '1');
    assert.deepEqual(router.route('USDT'), []);
  });

  it('direct XUSDT: BTC = 91000.5, trailing zeros dropped', () => {
    assert.equal(router.usd('BTC'), '91000.5');
    assert.deepEqual(router.route('BTC'), ['BTCUSDT']);
  });

  it('inverse USDTX: TRY = 1 / 34.5 rounded half-even to 20 significant digits', () => {
    // 1 / 34.5 = 0.028985507246376811594|2028...: 20 significant digits, next digit 2 rounds down.
    assert.equal(router.usd('TRY'), '0.028985507246376811594');
    assert.deepEqual(router.legs('TRY'), [{ symbol: 'USDTTRY', inverse: true }]);
  });

  it('via BTC: XYZ = 0.00002 × 91000.5 = 1.82001 (exact, no division)', () => {
    assert.equal(router.usd('XYZ'), '1.82001');
    assert.deepEqual(router.route('XYZ'), ['XYZBTC', 'BTCUSDT']);
  });

  it('via BNB: ABC = 0.5 × 600 = 300', () => {
    assert.equal(router.usd('ABC'), '300');
    assert.deepEqual(router.route('ABC'), ['ABCBNB', 'BNBUSDT']);
  });

  it('BTC is tried before BNB: QQQ = 0.001 × 91000.5 = 91.0005 (the BNB route would give 600)', () => {
    assert.equal(router.usd('QQQ'), '91.0005');
    assert.deepEqual(router.route('QQQ'), ['QQQBTC', 'BTCUSDT']);
  });

  it('inverse hub leg: DEF = 91000.5 / 1000000 = 0.0910005 via BTCDEF inverted', () => {
    assert.equal(router.usd('DEF'), '0.0910005');
    assert.deepEqual(router.legs('DEF'), [
      { symbol: 'BTCDEF', inverse: true },
      { symbol: 'BTCUSDT', inverse: false },
    ]);
  });

  it('hub priced by inverse pair, one rounding for the whole route: GHI = 2 / 1.0002', () => {
    // 2 / 1.0002 = 1.9996000799840031993|60...: round half-even at 20 significant digits → ...31994.
    assert.equal(router.usd('GHI'), '1.9996000799840031994');
    assert.deepEqual(router.route('GHI'), ['GHIFDUSD', 'USDTFDUSD']);
    // FDUSD itself: 1 / 1.0002 = 0.99980003999200159968|006...
    assert.equal(router.usd('FDUSD'), '0.99980003999200159968');
  });

  it('stablecoin priced through its pair, not assumed 1: USDC = 0.9998', () => {
    assert.equal(router.usd('USDC'), '0.9998');
    assert.deepEqual(router.route('USDC'), ['USDCUSDT']);
  });

  it('halted pair skipped: HLTUSDT is BREAK, so HLT = 0.0001 × 91000.5 = 9.10005 via BTC', () => {
    assert.equal(router.usd('HLT'), '9.10005');
    assert.deepEqual(router.route('HLT'), ['HLTBTC', 'BTCUSDT']);
  });

  it('a zero ticker is skipped: ZROUSDT = 0, so ZRO = 0.001 × 3000 = 3 via ETH', () => {
    assert.equal(router.usd('ZRO'), '3');
    assert.deepEqual(router.route('ZRO'), ['ZROETH', 'ETHUSDT']);
  });

  it('a pair without a ticker is skipped: NTKUSDT has none, so NTK = 2 × 600 = 1200 via BNB', () => {
    assert.equal(router.usd('NTK'), '1200');
    assert.deepEqual(router.route('NTK'), ['NTKBNB', 'BNBUSDT']);
  });

  it('an asset with no route is unpriced (null), never 0', () => {
    assert.equal(router.usd('FOO'), null);
    assert.deepEqual(router.route('FOO'), []);
    assert.equal(router.legs('FOO'), null);
  });

  it('pairs that only lead to each other never loop', () => {
    assert.equal(router.usd('LOOP'), null);
    assert.equal(router.usd('SOL'), null);
  });

  it('hub routes do not revisit hubs on the path', () => {
    // X→BNB, BNB→ETH, ETH→BNB only: no USDT anywhere, so X is unpriced rather than recursing forever.
    const cyclic = createPriceRouter([market('X', 'BNB'), market('BNB', 'ETH'), market('ETH', 'BNB')], {
      XBNB: '1',
      BNBETH: '0.2',
      ETHBNB: '5',
    });
    assert.equal(cyclic.usd('X'), null);
    assert.equal(cyclic.usd('BNB'), null);
  });

  it('a hub without a USDT pair is priced through a later hub', () => {
    // BNB has no BNBUSDT; BNBBTC 0.0066 × BTCUSDT 90000 = 594; then ABC = 0.5 BNB = 297.
    const r = createPriceRouter([market('ABC', 'BNB'), market('BNB', 'BTC'), market('BTC', 'USDT')], {
      ABCBNB: '0.5',
      BNBBTC: '0.0066',
      BTCUSDT: '90000',
    });
    assert.equal(r.usd('BNB'), '594');
    assert.equal(r.usd('ABC'), '297');
    assert.deepEqual(r.route('ABC'), ['ABCBNB', 'BNBBTC', 'BTCUSDT']);
  });
});

describe('routes evaluated at other prices (flows at τ)', () => {
  it('routeSymbols lists the distinct symbols needed for a set of assets', () => {
    assert.deepEqual(router.routeSymbols(['XYZ', 'TRY', 'USDT', 'FOO', 'BTC']), [
      'BTCUSDT',
      'USDTTRY',
      'XYZBTC',
    ]);
  });

  it('routeSymbols takes a single asset too', () => {
    assert.deepEqual(router.routeSymbols('XYZ'), ['BTCUSDT', 'XYZBTC']);
  });

  it('usdFromPrices evaluates the same route with kline opens', () => {
    // XYZ at τ: 0.00003 × 90000 = 2.7
    assert.equal(router.usdFromPrices('XYZ', { XYZBTC: '0.00003', BTCUSDT: '90000' }), '2.7');
    // TRY at τ: 1 / 40 = 0.025
    assert.equal(router.usdFromPrices('TRY', { USDTTRY: '40' }), '0.025');
    assert.equal(router.usdFromPrices('USDT', {}), '1');
  });

  it('usdFromPrices is null when a symbol on the route has no usable price', () => {
    assert.equal(router.usdFromPrices('XYZ', { XYZBTC: '0.00003' }), null);
    assert.equal(router.usdFromPrices('XYZ', { XYZBTC: '0', BTCUSDT: '90000' }), null);
    assert.equal(router.usdFromPrices('FOO', { FOOUSDT: '1' }), null);
  });
});

describe('listed assets', () => {
  it('collects every base and quote asset of every market', () => {
    const assets = listedAssets([market('LDO', 'USDT'), market('BTC', 'USDT', 'BREAK')]);
    assert.deepEqual([...assets].sort(), ['BTC', 'LDO', 'USDT']);
  });
});
