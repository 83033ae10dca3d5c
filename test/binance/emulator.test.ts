import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, test } from 'node:test';
import Big from 'big.js';
import {
  BinanceApiError,
  type BinanceClient,
  type BinanceClientOptions,
  BinanceTimeoutError,
  createBinanceClient,
  createWeightLimiter,
} from '../../src/binance/index.ts';
import { type RunningEmulator, type Scenario, startEmulator } from '../../src/emulator/index.ts';
import { control } from '../helpers/emulator.ts';

const DAY = 86_400_000;
const START = Date.parse('2026-01-01T00:00:00Z');
const NOW = Date.parse('2026-05-01T00:00:00Z');
const BIG_ID = '8082457372019390060';
const ed = generateKeyPairSync('ed25519');

function scenario(): Scenario {
  const at = (days: number) => new Date(START + days * DAY).toISOString();
  return {
    start: at(0),
    symbols: ['BTCUSDT', 'ETHUSDT', 'BNBUSDT'],
    prices: { BTCUSDT: [[at(0), '90000']], ETHUSDT: [[at(0), '3000']], BNBUSDT: [[at(0), '600']] },
    accounts: [
      {
        name: 'alpha',
        apiKey: 'alphaKey',
        apiSecret: 'alphaSecret',
        spot: { BTC: '0.5', USDT: { free: '1000', locked: '5' } },
        funding: { USDT: '50' },
        crossMargin: { ETH: { free: '2', borrowed: '0.5', interest: '0.01' } },
        isolatedMargin: { BTCUSDT: { base: { free: '0.1' }, quote: { free: '1000', borrowed: '500' } } },
        usdm: {
          wallet: { USDT: '2000' },
          positions: [{ symbol: 'BTCUSDT', amount: '0.1', entryPrice: '80000' }],
        },
        coinm: { wallet: { BTC: '0.05' } },
        earnFlexible: { USDT: '300' },
        earnLocked: [{ asset: 'ETH', amount: '1', positionId: BIG_ID }],
      },
      {
        name: 'edd',
        apiKey: 'eddKey',
        keyType: 'ed25519',
        publicKey: ed.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        spot: { ETH: '1.25' },
      },
      {
        name: 'noread',
        apiKey: 'noreadKey',
        apiSecret: 'noreadSecret',
        permissions: { enableReading: false },
      },
      { name: 'bare', apiKey: 'bareKey', apiSecret: 'bareSecret', spot: { USDT: '1' } },
    ],
    events: [
      // Deposits spread over 120 days: the client must split the range into < 90-day windows.
      { at: at(2), account: 'alpha', type: 'deposit', id: 'dep-early', coin: 'BTC', amount: '0.1' },
      { at: at(100), account: 'alpha', type: 'deposit', id: 'dep-late', coin: 'USDT', amount: '200' },
      { at: at(3), account: 'alpha', type: 'withdrawal', id: 'wd-1', coin: 'USDT', amount: '10', fee: '1' },
      { at: at(95), account: 'alpha', type: 'withdrawal', id: 'wd-2', coin: 'USDT', amount: '20', fee: '1' },
      {
        at: at(110),
        account: 'alpha',
        type: 'fiatDeposit',
        id: 'fiat-1',
        fiatCurrency: 'EUR',
        amount: '100',
      },
      {
        at: at(111),
        account: 'alpha',
        type: 'fiatPayment',
        id: 'pay-fiat-1',
        fiatCurrency: 'EUR',
        sourceAmount: '50',
        cryptoCurrency: 'BTC',
        obtainAmount: '0.0005',
      },
      { at: at(112), account: 'alpha', type: 'pay', id: 'M_P_1', currency: 'USDT', amount: '-15' },
      {
        at: at(113),
        account: 'alpha',
        type: 'subAccountTransfer',
        id: BIG_ID,
        direction: 'in',
        asset: 'BNB',
        amount: '1',
      },
      {
        at: at(114),
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

let emu: RunningEmulator;
before(async () => {
  // A running clock (as Binance's): a frozen one would turn every second of test time into clock drift.
  emu = await startEmulator({ scenario: scenario(), port: 0, startAt: NOW });
});
after(() => emu.close());

function client(extra: Partial<BinanceClientOptions> = {}): BinanceClient {
  return createBinanceClient({
    baseUrl: emu.url,
    credentials: { apiKey: 'alphaKey', secret: 'alphaSecret', keyType: 'hmac' },
    accountLabel: 'alpha',
    limiter: createWeightLimiter(),
    ...extra,
  });
}

const eq = (actual: string | undefined, expected: string) =>
  assert.ok(actual !== undefined && new Big(actual).eq(expected), `${actual} ≠ ${expected}`);

test('market data: time, exchangeInfo, every ticker, klines', async () => {
  const c = client();
  const serverTime = await c.serverTime();
  assert.ok(serverTime >= NOW && serverTime < NOW + 10_000);
  const offset = await c.syncClock();
  assert.ok(Math.abs(Date.now() + offset - emu.now()) < 500, 'offset measured against the emulator clock');
  const info = await c.exchangeInfo();
  assert.deepEqual(info.symbols.map((s) => s.symbol).sort(), ['BNBUSDT', 'BTCUSDT', 'ETHUSDT']);
  const tickers = await c.tickerPrices();
  eq(tickers.find((t) => t.symbol === 'BTCUSDT')?.price, '90000');
  const candles = await c.klines('ETHUSDT', '1h', { endTime: NOW, limit: 3 });
  assert.equal(candles.length, 3);
  eq(candles[2]?.[4], '3000');
});

test('every wallet of an account, values exact', async () => {
  const c = client();
  const [spot, funding, userAssets, cross, isolated, usdm, coinm, flexible, locked, restrictions] =
    await Promise.all([
      c.spotAccount(),
      c.fundingAssets(),
      c.userAssets(),
      c.crossMarginAccount(),
      c.isolatedMarginAccount(),
      c.usdmAccount(),
      c.coinmAccount(),
      c.earnFlexiblePositions(),
      c.earnLockedPositions(),
      c.apiRestrictions(),
    ]);
  const spotBtc = spot.balances.find((b) => b.asset === 'BTC');
  eq(spotBtc?.free, '0.6005'); // 0.5 + deposit 0.1 + fiat payment 0.0005
  assert.equal(typeof spot.uid, 'string');
  eq(funding.find((a) => a.asset === 'USDT')?.free, '35'); // 50 − Binance Pay 15
  assert.ok(userAssets.some((a) => a.asset === 'BTC'));
  eq(cross.userAssets.find((a) => a.asset === 'ETH')?.netAsset, '1.49'); // 2 − 0.5 − 0.01
  eq(isolated.assets[0]?.quoteAsset.netAsset, '500'); // 1000 − 500
  eq(usdm.assets.find((a) => a.asset === 'USDT')?.walletBalance, '2100'); // 2000 + 100 transferred in
  eq(usdm.assets.find((a) => a.asset === 'USDT')?.marginBalance, '3100'); // + 0.1 × (90000 − 80000)
  eq(coinm.assets.find((a) => a.asset === 'BTC')?.walletBalance, '0.05');
  eq(flexible.find((p) => p.asset === 'USDT')?.totalAmount, '300');
  assert.equal(locked[0]?.positionId, BIG_ID, 'a positionId beyond 2^53 arrives exact');
  assert.equal(restrictions.enableReading, true);
});

test('history over 120 days: windows, paging and exact ids', async () => {
  const c = client();
  const range = { startTime: START, endTime: NOW };
  const deposits = await c.depositHistory(range);
  assert.deepEqual(deposits.map((d) => d.id).sort(), ['dep-early', 'dep-late']);
  const withdrawals = await c.withdrawHistory(range);
  assert.deepEqual(withdrawals.map((w) => w.id).sort(), ['wd-1', 'wd-2']);
  eq(withdrawals.find((w) => w.id === 'wd-2')?.transactionFee, '1');
  const recent = { startTime: NOW - 30 * DAY, endTime: NOW };
  const fiat = await c.fiatOrders(0, recent);
  assert.deepEqual(
    fiat.map((o) => o.orderNo),
    ['fiat-1'],
  );
  const payments = await c.fiatPayments(0, recent);
  assert.deepEqual(
    payments.map((p) => p.orderNo),
    ['pay-fiat-1'],
  );
  const pay = await c.payTransactions(recent);
  assert.equal(pay.length, 1);
  eq(pay[0]?.amount, '-15');
  const subIn = await c.subAccountTransferHistory(recent);
  assert.deepEqual(
    subIn.map((t) => t.tranId),
    [BIG_ID],
  );
  const universal = await c.universalTransfers(recent);
  assert.deepEqual(
    universal.map((t) => t.tranId),
    [BIG_ID],
  );
  const moves = await c.walletTransfers('MAIN_UMFUTURE', recent);
  assert.equal(moves.length, 1);
  eq(moves[0]?.amount, '100');
  const snapshot = await c.accountSnapshot('SPOT', { limit: 7 });
  assert.equal(snapshot.code, 200);
  assert.ok(snapshot.snapshotVos.length > 0);
});

test('Ed25519 key: the emulator verifies the signature; a different key is refused with -1022', async () => {
  const pem = ed.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const good = client({
    credentials: { apiKey: 'eddKey', secret: pem, keyType: 'ed25519' },
    accountLabel: 'edd',
  });
  const spot = await good.spotAccount();
  eq(spot.balances.find((b) => b.asset === 'ETH')?.free, '1.25');
  const otherPem = generateKeyPairSync('ed25519')
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
  const bad = client({
    credentials: { apiKey: 'eddKey', secret: otherPem, keyType: 'ed25519' },
    accountLabel: 'edd',
  });
  await assert.rejects(
    bad.spotAccount(),
    (error: unknown) => error instanceof BinanceApiError && error.code === -1022,
  );
});

test('a key without read permission: -2015, not retried', async () => {
  const c = client({
    credentials: { apiKey: 'noreadKey', secret: 'noreadSecret', keyType: 'hmac' },
    accountLabel: 'noread',
  });
  const error = await c.spotAccount().catch((e: unknown) => e);
  assert.ok(error instanceof BinanceApiError);
  assert.equal(error.code, -2015);
  assert.equal(error.status, 401);
  assert.equal(error.account, 'noread');
  assert.equal(error.attempts, undefined, 'sent once');
});

test('wallets that are not enabled answer as Binance does, for the worker to classify', async () => {
  const c = client({
    credentials: { apiKey: 'bareKey', secret: 'bareSecret', keyType: 'hmac' },
    accountLabel: 'bare',
  });
  const cross = await c.crossMarginAccount().catch((e: unknown) => e);
  assert.ok(cross instanceof BinanceApiError && cross.code === -3003);
  assert.deepEqual((await c.isolatedMarginAccount()).assets, []);
  const usdm = await c.usdmAccount().catch((e: unknown) => e);
  assert.ok(usdm instanceof BinanceApiError && usdm.code === -2015);
  const coinm = await c.coinmAccount().catch((e: unknown) => e);
  assert.ok(coinm instanceof BinanceApiError && coinm.code === -2015);
  assert.deepEqual(await c.earnFlexiblePositions(), []);
  assert.deepEqual(await c.earnLockedPositions(), []);
});

test('-1021 recovery: the emulator clock runs 10 s ahead; the client re-syncs once and succeeds', async () => {
  const paths: string[] = [];
  const recording: typeof fetch = (input, init) => {
    paths.push(new URL(String(input)).pathname);
    return fetch(input, init);
  };
  const c = client({ fetch: recording });
  await c.syncClock();
  await control(emu, 'POST', 'faults', { endpoint: '*', kind: 'clock_skew', ms: 10_000 });
  try {
    const spot = await c.spotAccount();
    assert.ok(spot.balances.length > 0);
    // sync, the refused account call (-1021), the re-sync that sees the skew, the account call again.
    assert.deepEqual(paths, ['/api/v3/time', '/api/v3/account', '/api/v3/time', '/api/v3/account']);
  } finally {
    await control(emu, 'DELETE', 'faults', {});
    await c.syncClock(); // the offset is shared by every client of this server
  }
});

test('faults over real HTTP: 5xx and malformed bodies are retried, 429 waits, 418 stops traffic to the host', async () => {
  const seen: string[] = [];
  const recording: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    seen.push(`${new URL(String(input)).pathname} ${response.status}`);
    return response;
  };
  const c = client({ fetch: recording, retry: { baseDelayMs: 5, maxDelayMs: 10 } });
  const fault = (body: unknown) => control(emu, 'POST', 'faults', body);
  const calls = () => seen.filter((line) => !line.startsWith('/api/v3/time'));
  try {
    await fault({ endpoint: '/sapi/v1/margin/account', kind: '5xx', count: 2 });
    eq((await c.crossMarginAccount()).userAssets[0]?.netAsset, '1.49');
    await fault({ endpoint: '/fapi/v2/account', kind: 'malformed', count: 1 });
    assert.equal((await c.usdmAccount()).assets.length, 1);
    assert.deepEqual(calls(), [
      '/sapi/v1/margin/account 503',
      '/sapi/v1/margin/account 503',
      '/sapi/v1/margin/account 200',
      '/fapi/v2/account 200',
      '/fapi/v2/account 200',
    ]);

    await fault({ endpoint: '/dapi/v1/account', kind: '429', ms: 1000, count: 1 });
    const started = Date.now();
    await c.coinmAccount();
    assert.ok(Date.now() - started >= 950, 'Retry-After: 1 honoured');
    assert.deepEqual(
      calls().filter((line) => line.startsWith('/dapi')),
      ['/dapi/v1/account 429', '/dapi/v1/account 200'],
    );

    await fault({ endpoint: '/api/v3/account', kind: '418', count: 1 });
    await assert.rejects(c.spotAccount(), { name: 'IpBanError' });
    const sent = seen.length;
    await assert.rejects(c.fundingAssets(), { name: 'IpBanError' });
    assert.equal(seen.length, sent, 'nothing sent to a banned host');
  } finally {
    await control(emu, 'DELETE', 'faults', {});
  }
});

test('faults over real HTTP: 5xx every time ends in a typed failure; a timeout fault in BinanceTimeoutError', async () => {
  const tries: string[] = [];
  const recording: typeof fetch = async (input, init) => {
    const path = new URL(String(input)).pathname;
    if (path !== '/api/v3/time') tries.push(path);
    return fetch(input, init);
  };
  const c = client({ fetch: recording, timeoutMs: 150, retry: { tries: 3, baseDelayMs: 5, maxDelayMs: 10 } });
  const fault = (body: unknown) => control(emu, 'POST', 'faults', body);
  try {
    await fault({ endpoint: '/sapi/v1/margin/isolated/account', kind: '5xx' });
    const failed = await c.isolatedMarginAccount().catch((e: unknown) => e);
    assert.ok(failed instanceof BinanceApiError, String(failed));
    assert.deepEqual([failed.status, failed.code, failed.attempts], [503, -1008, 3]);
    assert.equal(failed.endpoint, 'GET /sapi/v1/margin/isolated/account');
    assert.equal(tries.filter((p) => p === '/sapi/v1/margin/isolated/account').length, 3);

    await fault({ endpoint: '/sapi/v1/simple-earn/flexible/position', kind: 'timeout' });
    const started = Date.now();
    const timedOut = await c.earnFlexiblePositions().catch((e: unknown) => e);
    assert.ok(timedOut instanceof BinanceTimeoutError, String(timedOut));
    assert.equal(timedOut.attempts, 3);
    assert.equal(tries.filter((p) => p === '/sapi/v1/simple-earn/flexible/position').length, 3);
    assert.ok(Date.now() - started < 2000, 'each try cut at 150 ms');

    await fault({ endpoint: '/api/v3/exchangeInfo', kind: 'malformed' });
    await assert.rejects(c.exchangeInfo(), { name: 'BinanceResponseError' });
  } finally {
    await control(emu, 'DELETE', 'faults', {});
  }
});
