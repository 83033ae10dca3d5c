import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, test } from 'node:test';
import {
  BinanceApiError,
  type BinanceClientOptions,
  BinanceError,
  BinanceNetworkError,
  BinanceResponseError,
  BinanceTimeoutError,
  createBinanceClient,
  createWeightLimiter,
  IpBanError,
  RateLimitError,
} from '../../src/binance/index.ts';
import { type StubHandler, type StubServer, startStub, timeReply } from './stub-server.ts';

const KEY = 'stub-api-key-0123456789';
const SECRET = 'stub-secret-abcdefghijklmnop';
const FUNDING = [{ asset: 'USDT', free: '1', locked: '0', freeze: '0', withdrawing: '0', btcValuation: '0' }];
const MARGIN = { userAssets: [] };

const servers: StubServer[] = [];
after(() => Promise.all(servers.map((server) => server.close())));

async function stub(handler: StubHandler): Promise<StubServer> {
  const server = await startStub(async (request) =>
    request.path === '/api/v3/time' ? timeReply() : handler(request),
  );
  servers.push(server);
  return server;
}

function client(server: StubServer, extra: Partial<BinanceClientOptions> = {}) {
  return createBinanceClient({
    baseUrl: server.url,
    credentials: { apiKey: KEY, secret: SECRET, keyType: 'hmac' },
    accountLabel: 'alpha',
    limiter: createWeightLimiter(),
    retry: { baseDelayMs: 10, maxDelayMs: 40 },
    ...extra,
  });
}

test('signed GET: key header, recvWindow, timestamp from the measured offset, valid HMAC over the query', async () => {
  const skew = 3_600_000;
  const server = await startStub((request) =>
    request.path === '/api/v3/time' ? timeReply(skew) : { body: MARGIN },
  );
  servers.push(server);
  await client(server, { recvWindow: 7000 }).crossMarginAccount();
  const [request] = server.seen('/sapi/v1/margin/account');
  assert.ok(request);
  assert.equal(request.headers['x-mbx-apikey'], KEY);
  assert.equal(request.params.get('recvWindow'), '7000');
  const timestamp = Number(request.params.get('timestamp'));
  assert.ok(Math.abs(timestamp - (Date.now() + skew)) < 1000, 'timestamp follows the server clock, not ours');
  const [unsigned, signature] = request.query.split('&signature=');
  assert.equal(signature, createHmac('sha256', SECRET).update(unsigned!).digest('hex'));
});

test('POST read endpoints carry every parameter in the query string, no body', async () => {
  const server = await stub(() => ({ body: FUNDING }));
  const assets = await client(server).fundingAssets();
  assert.deepEqual(assets, FUNDING);
  const [request] = server.seen('/sapi/v1/asset/get-funding-asset');
  assert.equal(request?.method, 'POST');
  assert.equal(request?.body, '');
  assert.match(request?.query ?? '', /^recvWindow=5000&timestamp=\d+&signature=[0-9a-f]{64}$/);
});

test('spot account asks for omitZeroBalances=true', async () => {
  const server = await stub(() => ({
    body: {
      canTrade: true,
      canWithdraw: true,
      canDeposit: true,
      updateTime: 1,
      accountType: 'SPOT',
      balances: [{ asset: 'BTC', free: '0.1', locked: '0' }],
      permissions: ['SPOT'],
      uid: 354937868,
    },
  }));
  const account = await client(server).spotAccount();
  assert.equal(account.uid, '354937868');
  assert.equal(server.seen('/api/v3/account')[0]?.params.get('omitZeroBalances'), 'true');
});

test('429: Retry-After is honoured before the read is sent again', async () => {
  let calls = 0;
  const server = await stub(() => {
    calls += 1;
    return calls === 1
      ? { status: 429, headers: { 'retry-after': '1' }, body: { code: -1003, msg: 'Too many requests' } }
      : { body: MARGIN };
  });
  const started = Date.now();
  await client(server).crossMarginAccount();
  assert.equal(calls, 2);
  assert.ok(Date.now() - started >= 950, `second try after ${Date.now() - started} ms`);
});

test('429 whose Retry-After does not fit the time budget surfaces as RateLimitError', async () => {
  const server = await stub(() => ({
    status: 429,
    headers: { 'retry-after': '30' },
    body: { code: -1003, msg: 'x' },
  }));
  await assert.rejects(
    client(server, { retry: { totalMs: 5000 } }).crossMarginAccount(),
    (error: unknown) => {
      assert.ok(error instanceof RateLimitError);
      assert.equal(error.retryAfterMs, 30_000);
      assert.equal(error.account, 'alpha');
      return true;
    },
  );
  assert.equal(server.seen('/sapi/v1/margin/account').length, 1);
});

test('418: no further request reaches that host until the ban ends', async () => {
  const server = await stub(() => ({
    status: 418,
    headers: { 'retry-after': '120' },
    body: { code: -1003, msg: 'Way too many requests; IP banned until 1.' },
  }));
  const c = client(server);
  const first = await c.crossMarginAccount().catch((error: unknown) => error);
  assert.ok(first instanceof IpBanError);
  assert.ok(Math.abs(first.bannedUntil - (Date.now() + 120_000)) < 2000);
  const sent = server.requests.length;
  const second = await c.fundingAssets().catch((error: unknown) => error);
  assert.ok(second instanceof IpBanError, 'refused locally');
  assert.equal(second.bannedUntil, first.bannedUntil);
  assert.equal(server.requests.length, sent, 'nothing was sent during the ban');
});

test('5xx: a read is retried with backoff, then fails typed, naming endpoint, account and tries', async () => {
  const server = await stub(() => ({
    status: 503,
    body: { code: -1008, msg: 'Server is currently overloaded' },
  }));
  const error = await client(server)
    .crossMarginAccount()
    .catch((e: unknown) => e);
  assert.ok(error instanceof BinanceApiError);
  assert.equal(error.status, 503);
  assert.equal(error.code, -1008);
  assert.equal(error.attempts, 3);
  assert.equal(error.endpoint, 'GET /sapi/v1/margin/account');
  assert.match(error.message, /GET \/sapi\/v1\/margin\/account \[account alpha\].*after 3 tries/);
  assert.equal(server.seen('/sapi/v1/margin/account').length, 3);
});

test('5xx then success: the caller sees only the success', async () => {
  let calls = 0;
  const server = await stub(() => {
    calls += 1;
    return calls < 3 ? { status: 502, body: '<html>bad gateway</html>' } : { body: MARGIN };
  });
  assert.deepEqual(await client(server).crossMarginAccount(), MARGIN);
  assert.equal(calls, 3);
});

test('the total time budget ends retries before the try count does', async () => {
  const server = await stub(() => ({ status: 500, body: 'oops' }));
  const error = await client(server, {
    // Each backoff is 200–400 ms: a second one always crosses the 350 ms budget.
    retry: { tries: 10, baseDelayMs: 400, maxDelayMs: 400, totalMs: 350 },
  })
    .crossMarginAccount()
    .catch((e: unknown) => e);
  assert.ok(error instanceof BinanceResponseError);
  const tries = server.seen('/sapi/v1/margin/account').length;
  assert.ok(tries >= 1 && tries <= 2, `${tries} tries`);
});

test('timeout: each try is cut at timeoutMs; after the tries a BinanceTimeoutError', async () => {
  const server = await stub(() => ({ hang: true }));
  const started = Date.now();
  const error = await client(server, { timeoutMs: 150, retry: { tries: 2, baseDelayMs: 10 } })
    .crossMarginAccount()
    .catch((e: unknown) => e);
  assert.ok(error instanceof BinanceTimeoutError, String(error));
  assert.equal(error.attempts, 2);
  assert.equal(server.seen('/sapi/v1/margin/account').length, 2);
  assert.ok(Date.now() - started < 1500);
});

test('caller cancellation aborts at once and is not retried', async () => {
  const server = await stub(() => ({ hang: true }));
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 100);
  await assert.rejects(client(server).crossMarginAccount({ signal: controller.signal }), {
    name: 'AbortError',
  });
  assert.equal(server.seen('/sapi/v1/margin/account').length, 1);
});

test('connection reset: retried, then BinanceNetworkError', async () => {
  const server = await stub(() => ({ reset: true }));
  const error = await client(server)
    .crossMarginAccount()
    .catch((e: unknown) => e);
  assert.ok(error instanceof BinanceNetworkError, String(error));
  assert.equal(server.seen('/sapi/v1/margin/account').length, 3);
});

test('malformed JSON: retried once, then BinanceResponseError', async () => {
  const server = await stub(() => ({ body: '{"userAssets": [' }));
  const error = await client(server)
    .crossMarginAccount()
    .catch((e: unknown) => e);
  assert.ok(error instanceof BinanceResponseError);
  assert.match(error.message, /malformed JSON/);
  assert.equal(server.seen('/sapi/v1/margin/account').length, 2);
});

test('a body of the wrong shape is a BinanceResponseError and is not retried', async () => {
  const server = await stub(() => ({ body: { userAssets: [{ asset: 'BTC', free: 1 }] } }));
  const error = await client(server)
    .crossMarginAccount()
    .catch((e: unknown) => e);
  assert.ok(error instanceof BinanceResponseError);
  assert.match(error.message, /userAssets\.0/);
  assert.equal(server.seen('/sapi/v1/margin/account').length, 1);
});

test('4xx is not retried: margin not enabled surfaces as BinanceApiError with its code', async () => {
  const server = await stub(() => ({
    status: 400,
    body: { code: -3003, msg: 'Margin account does not exist.' },
  }));
  const error = await client(server)
    .crossMarginAccount()
    .catch((e: unknown) => e);
  assert.ok(error instanceof BinanceApiError);
  assert.equal(error.code, -3003);
  assert.equal(error.status, 400);
  assert.equal(error.binanceMessage, 'Margin account does not exist.');
  assert.equal(server.seen('/sapi/v1/margin/account').length, 1);
});

test('-1021: the clock is measured again and the request re-signed and sent once more', async () => {
  let offset = 0;
  let accountCalls = 0;
  const server = await startStub((request) => {
    if (request.path === '/api/v3/time') return timeReply(offset);
    accountCalls += 1;
    const stamp = Number(request.params.get('timestamp'));
    // The server clock jumped 10 s ahead after the first sync: stale stamps are outside recvWindow.
    if (Date.now() + offset - stamp > 5000) {
      return {
        status: 400,
        body: { code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' },
      };
    }
    return { body: MARGIN };
  });
  servers.push(server);
  const c = client(server);
  await c.syncClock();
  offset = 10_000;
  await c.crossMarginAccount();
  assert.equal(accountCalls, 2);
  assert.equal(server.seen('/api/v3/time').length, 2);
});

test('-1021 twice: only one re-sync, then the error', async () => {
  const server = await stub(() => ({
    status: 400,
    body: { code: -1021, msg: 'Timestamp outside recvWindow.' },
  }));
  const error = await client(server)
    .crossMarginAccount()
    .catch((e: unknown) => e);
  assert.ok(error instanceof BinanceApiError);
  assert.equal(error.code, -1021);
  assert.equal(server.seen('/sapi/v1/margin/account').length, 2);
  assert.equal(server.seen('/api/v3/time').length, 2, 'first sync and one re-sync');
});

test('the clock syncs once for many parallel signed requests', async () => {
  const server = await stub(() => ({ body: MARGIN }));
  const c = client(server);
  await Promise.all(Array.from({ length: 8 }, () => c.crossMarginAccount()));
  assert.equal(server.seen('/api/v3/time').length, 1);
});

test('header-reported weight throttles: after X-MBX-USED-WEIGHT-1M 5990 a weight-20 call waits for the next minute', async () => {
  const real = Date.now();
  const shift = (Math.floor(real / 60_000) + 5) * 60_000 - 400 - real;
  const limiter = createWeightLimiter({ now: () => Date.now() + shift, boundaryGuardMs: 20 });
  const server = await stub(() => ({ headers: { 'x-mbx-used-weight-1m': '5990' }, body: [] }));
  const c = client(server, { limiter });
  await c.tickerPrices();
  const started = Date.now();
  await c.exchangeInfo().catch(() => undefined);
  assert.ok(Date.now() - started >= 350, `waited ${Date.now() - started} ms`);
});

test('usedWeight sums the weight sent per limit', async () => {
  const server = await stub((request) =>
    request.path === '/api/v3/ticker/price' ? { body: [] } : { body: FUNDING },
  );
  const c = client(server);
  await c.tickerPrices();
  await c.fundingAssets();
  await c.fundingAssets();
  assert.deepEqual(c.usedWeight(), {
    total: 1 + 4 + 2,
    byLimit: [
      { limit: 'api', weight: 1 + 4, perMinute: 6000 },
      { limit: 'sapi-ip /sapi/v1/asset/get-funding-asset', weight: 2, perMinute: 12000 },
    ],
  });
});

test('baseUrl routes api, data, fapi and dapi hosts to one place; hosts override each alone', async () => {
  const server = await stub((request) => ({
    body:
      request.path === '/api/v3/ticker/price'
        ? [{ symbol: 'BTCUSDT', price: '1.00' }]
        : { assets: [], positions: [] },
  }));
  const c = client(server);
  await c.tickerPrices();
  await c.coinmAccount();
  assert.equal(server.seen('/api/v3/ticker/price').length, 1);
  assert.equal(server.seen('/dapi/v1/account').length, 1);
  const other = await stub(() => ({ body: [{ symbol: 'ETHUSDT', price: '2.00' }] }));
  const split = createBinanceClient({
    hosts: { data: other.url, api: server.url },
    limiter: createWeightLimiter(),
  });
  assert.deepEqual(await split.tickerPrices(), [{ symbol: 'ETHUSDT', price: '2.00' }]);
});

test('a signed endpoint without credentials fails typed and sends nothing', async () => {
  const server = await stub(() => ({ body: MARGIN }));
  const c = createBinanceClient({
    baseUrl: server.url,
    limiter: createWeightLimiter(),
    accountLabel: 'public',
  });
  await assert.rejects(c.crossMarginAccount(), (error: unknown) => {
    assert.ok(error instanceof BinanceError);
    assert.match(error.message, /needs API credentials/);
    return true;
  });
  assert.equal(server.requests.length, 0);
});

test("one caller's abort during the shared clock sync does not fail the others", async () => {
  const server = await startStub(async (request) => {
    if (request.path !== '/api/v3/time') return { body: MARGIN };
    await new Promise((resolve) => setTimeout(resolve, 150));
    return timeReply();
  });
  servers.push(server);
  const c = client(server);
  const controller = new AbortController();
  const aborted = c.crossMarginAccount({ signal: controller.signal });
  const other = c.crossMarginAccount();
  setTimeout(() => controller.abort(), 30);
  await assert.rejects(aborted, { name: 'AbortError' });
  assert.deepEqual(await other, MARGIN);
  assert.equal(server.seen('/api/v3/time').length, 1);
});

test('UID limits are per account: alpha waits after 10 × 18000 withdraw-history weight, beta does not', async () => {
  const real = Date.now();
  const shift = (Math.floor(real / 60_000) + 5) * 60_000 - 500 - real;
  const minuteEnd = real + 500; // in real time
  const limiter = createWeightLimiter({ now: () => Date.now() + shift, boundaryGuardMs: 20 });
  const server = await stub(() => ({ body: [] }));
  const forAccount = (label: string) => client(server, { limiter, accountLabel: label });
  const alpha = forAccount('alpha');
  const beta = forAccount('beta');
  const day = { startTime: Date.UTC(2025, 0, 1), endTime: Date.UTC(2025, 0, 2) };
  for (let i = 0; i < 10; i += 1) await alpha.withdrawHistory(day); // 10 × 18000 = 180000: the whole minute
  await beta.withdrawHistory(day);
  assert.ok(Date.now() < minuteEnd, 'ten calls of alpha and one of beta fit in the minute');
  await alpha.withdrawHistory(day);
  assert.ok(Date.now() >= minuteEnd, "alpha's 11th call waited for the next minute");
  assert.equal(server.seen('/sapi/v1/capital/withdraw/history').length, 12);
});
