import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createBinanceClient, createWeightLimiter } from '../../src/binance/index.ts';
import { splitRange } from '../../src/binance/paging.ts';
import { type SeenRequest, type StubHandler, type StubServer, startStub, timeReply } from './stub-server.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 1);

const servers: StubServer[] = [];
after(() => Promise.all(servers.map((server) => server.close())));

async function clientFor(handler: StubHandler) {
  const server = await startStub((request) =>
    request.path === '/api/v3/time' ? timeReply() : handler(request),
  );
  servers.push(server);
  const client = createBinanceClient({
    baseUrl: server.url,
    credentials: { apiKey: 'k1234', secret: 's1234', keyType: 'hmac' },
    accountLabel: 'alpha',
    limiter: createWeightLimiter(),
  });
  return { server, client };
}

const num = (request: SeenRequest, name: string) => Number(request.params.get(name));

function deposit(id: string, insertTime: number) {
  return {
    id,
    amount: '1',
    coin: 'BTC',
    network: 'BTC',
    status: 1,
    txId: `tx${id}`,
    insertTime,
    transferType: 0,
  };
}

test('splitRange: consecutive windows, each spanning less than the maximum, covering the range exactly', () => {
  const windows = splitRange({ startTime: T0, endTime: T0 + 200 * DAY }, 90 * DAY);
  assert.deepEqual(windows, [
    { startTime: T0, endTime: T0 + 90 * DAY - 1 },
    { startTime: T0 + 90 * DAY, endTime: T0 + 180 * DAY - 1 },
    { startTime: T0 + 180 * DAY, endTime: T0 + 200 * DAY },
  ]);
  assert.deepEqual(splitRange({ startTime: 5, endTime: 5 }, DAY), [{ startTime: 5, endTime: 5 }]);
  assert.throws(() => splitRange({ startTime: 6, endTime: 5 }, DAY), RangeError);
});

test('deposit history: 200 days become three < 90-day windows; a full page of 1000 is followed by offset', async () => {
  const { server, client } = await clientFor((request) => {
    const start = num(request, 'startTime');
    const offset = num(request, 'offset');
    assert.ok(num(request, 'endTime') - start < 90 * DAY, 'window under 90 days');
    assert.equal(num(request, 'limit'), 1000);
    if (start !== T0) return { body: [deposit(`w${start}`, start)] };
    // First window: 1000 rows on the first page, 2 on the second.
    const count = offset === 0 ? 1000 : 2;
    return { body: Array.from({ length: count }, (_, i) => deposit(`d${offset + i}`, start + i)) };
  });
  const rows = await client.depositHistory({ startTime: T0, endTime: T0 + 200 * DAY });
  const calls = server.seen('/sapi/v1/capital/deposit/hisrec');
  assert.deepEqual(
    calls.map((c) => [num(c, 'startTime') - T0, num(c, 'offset')]),
    [
      [0, 0],
      [0, 1000],
      [90 * DAY, 0],
      [180 * DAY, 0],
    ],
  );
  assert.equal(rows.length, 1002 + 2);
  assert.equal(new Set(rows.map((r) => r.id)).size, rows.length);
});

test('withdraw history follows the same windows and counts 18000 UID weight per call', async () => {
  const { server, client } = await clientFor(() => ({ body: [] }));
  await client.withdrawHistory({ startTime: T0, endTime: T0 + 100 * DAY });
  assert.equal(server.seen('/sapi/v1/capital/withdraw/history').length, 2);
  const uid = client
    .usedWeight()
    .byLimit.find((l) => l.limit === 'sapi-uid /sapi/v1/capital/withdraw/history');
  assert.deepEqual(uid, {
    limit: 'sapi-uid /sapi/v1/capital/withdraw/history',
    weight: 36000,
    perMinute: 180000,
  });
});

test('earn positions follow current/size=100 pages until the total is reached', async () => {
  const { server, client } = await clientFor((request) => {
    const current = num(request, 'current');
    assert.equal(num(request, 'size'), 100);
    const count = current < 3 ? 100 : 50;
    const rows = Array.from({ length: count }, (_, i) => ({
      asset: 'USDT',
      totalAmount: '1',
      productId: `P${current}-${i}`,
    }));
    return { body: { rows, total: 250 } };
  });
  const rows = await client.earnFlexiblePositions();
  assert.equal(rows.length, 250);
  assert.equal(server.seen('/sapi/v1/simple-earn/flexible/position').length, 3);
});

test('earn locked positions: a page exactly filling the total stops without an empty extra call', async () => {
  const { server, client } = await clientFor(() => ({
    body: {
      rows: Array.from({ length: 100 }, (_, i) => ({
        positionId: i,
        asset: 'AXS',
        amount: '1',
        status: 'HOLDING',
      })),
      total: 100,
    },
  }));
  const rows = await client.earnLockedPositions();
  assert.equal(rows.length, 100);
  assert.equal(rows[7]?.positionId, '7');
  assert.equal(server.seen('/sapi/v1/simple-earn/locked/position').length, 1);
});

test('universal transfers: windows under 7 days, pages of 500 by page number', async () => {
  const { server, client } = await clientFor((request) => {
    assert.ok(num(request, 'endTime') - num(request, 'startTime') < 7 * DAY);
    const page = num(request, 'page');
    const start = num(request, 'startTime');
    const count = start === T0 && page === 1 ? 500 : start === T0 ? 1 : 0;
    const result = Array.from({ length: count }, (_, i) => ({
      tranId: page * 1000 + i,
      fromEmail: 'a@x',
      toEmail: 'b@x',
      asset: 'BNB',
      amount: '0.01',
      createTimeStamp: start,
      fromAccountType: 'SPOT',
      toAccountType: 'SPOT',
      status: 'SUCCESS',
    }));
    return { body: { result, totalCount: start === T0 ? 501 : 0 } };
  });
  const rows = await client.universalTransfers({ startTime: T0, endTime: T0 + 10 * DAY });
  assert.equal(rows.length, 501);
  assert.equal(server.seen('/sapi/v1/sub-account/universalTransfer').length, 3, 'two pages + second window');
});

test('pay transactions: a window returning the full 100 rows is split in halves and read again', async () => {
  const events = Array.from({ length: 150 }, (_, i) => T0 + i * 3_600_000);
  const { client } = await clientFor((request) => {
    const start = num(request, 'startTime');
    const end = num(request, 'endTime');
    assert.ok(end - start <= 90 * DAY);
    const inside = events.filter((t) => t >= start && t <= end).slice(0, 100);
    const data = inside.map((t) => ({
      orderType: 'C2C',
      transactionId: `M_P_${t}`,
      transactionTime: t,
      amount: '1',
      currency: 'USDT',
    }));
    return { body: { code: '000000', message: 'success', data, success: true } };
  });
  const rows = await client.payTransactions({ startTime: T0, endTime: T0 + 30 * DAY });
  assert.equal(rows.length, 150);
});

test('fiat orders page by page/rows and send transactionType with beginTime/endTime', async () => {
  const { server, client } = await clientFor((request) => {
    const page = num(request, 'page');
    const data = Array.from({ length: page === 1 ? 500 : 3 }, (_, i) => ({
      orderNo: `o${page}-${i}`,
      fiatCurrency: 'EUR',
      amount: '10',
      totalFee: '0',
      status: 'Successful',
      createTime: T0,
      updateTime: T0,
    }));
    return { body: { code: '000000', message: 'success', data, total: 503, success: true } };
  });
  const rows = await client.fiatOrders(0, { startTime: T0, endTime: T0 + DAY });
  assert.equal(rows.length, 503);
  const [first] = server.seen('/sapi/v1/fiat/orders');
  assert.equal(first?.params.get('transactionType'), '0');
  assert.equal(num(first!, 'beginTime'), T0);
  assert.equal(first?.params.get('rows'), '500');
});

test('wallet transfers follow current/size pages; a short page ends even when total says more', async () => {
  const { server, client } = await clientFor(() => ({
    body: {
      total: 2,
      rows: [
        {
          asset: 'USDT',
          amount: '1',
          type: 'MAIN_UMFUTURE',
          status: 'CONFIRMED',
          tranId: 11415955596,
          timestamp: T0,
        },
      ],
    },
  }));
  const rows = await client.walletTransfers('MAIN_UMFUTURE', { startTime: T0, endTime: T0 + DAY });
  assert.deepEqual(
    rows.map((r) => r.tranId),
    ['11415955596'],
  );
  assert.equal(server.seen('/sapi/v1/asset/transfer')[0]?.params.get('type'), 'MAIN_UMFUTURE');
});
