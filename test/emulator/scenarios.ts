import type { Scenario } from '../../src/emulator/index.ts';

/** The scenario core from the issue, verbatim. */
export function issueScenario(): Scenario {
  return {
    start: '2026-01-05T00:00:00Z',
    symbols: ['BTCUSDT', 'ETHUSDT', 'BNBUSDT', 'SOLBTC'],
    prices: {
      BTCUSDT: [
        ['2026-01-05T00:00:00Z', '90000'],
        ['2026-01-05T01:00:00Z', '91000'],
      ],
      ETHUSDT: { walk: { start: '3000', hourlyVol: 0.01, seed: 7 } },
    },
    accounts: [
      {
        name: 'alpha',
        apiKey: 'k1',
        apiSecret: 's1',
        permissions: {
          enableReading: true,
          enableWithdrawals: false,
          enableSpotAndMarginTrading: false,
          enableFutures: false,
        },
        spot: { BTC: '0.5', USDT: '1000' },
        funding: { USDT: '50' },
        crossMargin: { ETH: { free: '2', borrowed: '0.5', interest: '0.01' } },
        usdm: {
          wallet: { USDT: '2000' },
          positions: [{ symbol: 'BTCUSDT', amount: '0.1', entryPrice: '88000' }],
        },
        coinm: { wallet: { BTC: '0.05' } },
        earnFlexible: { USDT: '300' },
        earnLocked: { ETH: '1' },
      },
    ],
    events: [
      {
        at: '2026-01-05T10:30:00Z',
        account: 'alpha',
        type: 'deposit',
        id: 'd1',
        coin: 'USDT',
        amount: '1000',
        statuses: [
          ['2026-01-05T10:30:00Z', 0],
          ['2026-01-05T10:50:00Z', 1],
        ],
      },
      {
        at: '2026-01-06T08:00:00Z',
        account: 'alpha',
        type: 'withdrawal',
        id: 'w1',
        coin: 'BTC',
        amount: '0.1',
        fee: '0.0001',
        statuses: [
          ['2026-01-06T08:00:00Z', 4],
          ['2026-01-06T08:20:00Z', 6],
        ],
      },
      {
        at: '2026-01-06T09:00:00Z',
        account: 'alpha',
        type: 'transfer',
        asset: 'USDT',
        amount: '100',
        from: 'spot',
        to: 'usdm',
      },
    ],
  };
}

export const T0 = Date.parse('2026-03-01T00:00:00Z');
const at = (hours: number) => new Date(T0 + hours * 3_600_000).toISOString();

/** Every wallet kind and every event kind, all within the last few days before T0 + 100h. */
export function fullScenario(): Scenario {
  return {
    start: '2026-03-01T00:00:00Z',
    symbols: ['BTCUSDT', 'ETHUSDT', 'BNBUSDT', 'SOLUSDT', 'EURUSDT', 'ETHBTC', 'LDOUSDT'],
    prices: {
      BTCUSDT: [
        [at(0), '60000'],
        [at(100), '70000'],
      ],
      ETHUSDT: [[at(0), '3000']],
      BNBUSDT: { walk: { start: '600', hourlyVol: 0.01, seed: 3 } },
      SOLUSDT: { walk: { start: '150', hourlyVol: 0.02, seed: 5 } },
      EURUSDT: [[at(0), '1.1']],
      LDOUSDT: [[at(0), '2']],
    },
    accounts: [
      {
        name: 'alpha',
        apiKey: 'alphaKey',
        apiSecret: 'alphaSecret',
        spot: { BTC: '1', USDT: '10000', ETH: { free: '2', locked: '0.5' }, LDBTC: '0.1', LDO: '100' },
        funding: { USDT: { free: '100', freeze: '5' } },
        crossMargin: { USDT: { free: '1000', borrowed: '400', interest: '1.5' } },
        isolatedMargin: { ETHUSDT: { base: { free: '1' }, quote: { free: '500', borrowed: '100' } } },
        usdm: {
          wallet: { USDT: '5000' },
          positions: [{ symbol: 'BTCUSDT', amount: '0.5', entryPrice: '62000' }],
        },
        coinm: {
          wallet: { BTC: '0.2' },
          positions: [{ symbol: 'BTCUSD_PERP', amount: '10', entryPrice: '60000' }],
        },
        earnFlexible: { BTC: '0.1', USDT: '500' },
        earnLocked: [{ asset: 'ETH', amount: '3', positionId: '8082457372019390060' }],
      },
      {
        name: 'plain',
        apiKey: 'plainKey',
        apiSecret: 'plainSecret',
        spot: { USDT: '50' },
      },
    ],
    events: [
      {
        at: at(1),
        account: 'alpha',
        type: 'deposit',
        id: '8082457372019390060',
        coin: 'USDT',
        amount: '1000',
      },
      {
        at: at(2),
        account: 'alpha',
        type: 'deposit',
        coin: 'BTC',
        amount: '0.25',
        statuses: [
          [at(2), 0],
          [at(8), 1],
        ],
      },
      {
        at: at(3),
        account: 'alpha',
        type: 'withdrawal',
        coin: 'ETH',
        amount: '0.5',
        fee: '0.001',
        withdrawOrderId: 'WD-1',
        statuses: [
          [at(3), 4],
          [at(4), 6],
        ],
      },
      {
        at: at(5),
        account: 'alpha',
        type: 'withdrawal',
        coin: 'USDT',
        amount: '300',
        fee: '1',
        statuses: [
          [at(5), 2],
          [at(6), 1],
        ],
      },
      {
        at: at(7),
        account: 'alpha',
        type: 'transfer',
        id: '8082457372019390061',
        asset: 'USDT',
        amount: '200',
        from: 'spot',
        to: 'usdm',
      },
      { at: at(9), account: 'alpha', type: 'trade', symbol: 'ETHUSDT', side: 'BUY', qty: '1' },
      {
        at: at(10),
        account: 'alpha',
        type: 'trade',
        symbol: 'BTCUSDT',
        side: 'SELL',
        qty: '0.1',
        commission: '5',
      },
      {
        at: at(11),
        account: 'alpha',
        type: 'fiatDeposit',
        fiatCurrency: 'EUR',
        amount: '500',
        fee: '1',
        statuses: [
          [at(11), 'Processing'],
          [at(12), 'Successful'],
        ],
      },
      {
        at: at(13),
        account: 'alpha',
        type: 'fiatPayment',
        fiatCurrency: 'EUR',
        sourceAmount: '100',
        cryptoCurrency: 'SOL',
        obtainAmount: '0.6',
        fee: '2',
      },
      { at: at(14), account: 'alpha', type: 'pay', currency: 'USDT', amount: '25' },
      {
        at: at(15),
        account: 'alpha',
        type: 'subAccountTransfer',
        direction: 'in',
        asset: 'USDT',
        amount: '40',
      },
      {
        at: at(16),
        account: 'alpha',
        type: 'futuresIncome',
        incomeType: 'FUNDING_FEE',
        asset: 'USDT',
        amount: '-2.5',
        symbol: 'BTCUSDT',
      },
      {
        at: at(17),
        account: 'alpha',
        type: 'convert',
        id: '940708407462087195',
        fromAsset: 'USDT',
        fromAmount: '20',
        toAsset: 'BNB',
        toAmount: '0.03',
      },
      {
        at: at(18),
        account: 'alpha',
        type: 'dust',
        items: [{ asset: 'LDO', amount: '1', transferedAmount: '0.003', fee: '0.0001' }],
      },
      { at: at(50), type: 'priceShock', symbol: 'ETHUSDT', factor: '0.5' },
    ],
  };
}
