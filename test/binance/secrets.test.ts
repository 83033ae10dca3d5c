import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, test } from 'node:test';
import { inspect } from 'node:util';
import { BinanceError, createBinanceClient, createWeightLimiter } from '../../src/binance/index.ts';
import { type StubServer, startStub, timeReply } from './stub-server.ts';

const KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
const SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';

const servers: StubServer[] = [];
after(() => Promise.all(servers.map((server) => server.close())));

/** Everything an error exposes: message, stack, JSON, util.inspect (which walks causes and own properties). */
function everythingIn(error: unknown): string {
  const base = error instanceof Error ? `${error.message}\n${error.stack}` : String(error);
  return `${base}\n${JSON.stringify(error)}\n${inspect(error, { depth: 10, showHidden: true })}`;
}

test('no key, secret or signature in any error, even when Binance echoes the request back', async () => {
  const signatures: string[] = [];
  const server = await startStub((request) => {
    if (request.path === '/api/v3/time') return timeReply();
    signatures.push(request.params.get('signature') ?? '');
    const echo = `${request.query} key=${request.headers['x-mbx-apikey']}`;
    switch (request.path) {
      case '/sapi/v1/margin/account':
        return {
          status: 400,
          body: { code: -1022, msg: `Signature for this request is not valid: ${echo}` },
        };
      case '/sapi/v1/margin/isolated/account':
        return { status: 503, body: `<html>${echo}</html>` };
      case '/fapi/v2/account':
        return { status: 429, headers: { 'retry-after': '99' }, body: { code: -1003, msg: echo } };
      case '/dapi/v1/account':
        return { reset: true };
      default:
        return { body: { unexpected: echo } };
    }
  });
  servers.push(server);
  const client = createBinanceClient({
    baseUrl: server.url,
    credentials: { apiKey: KEY, secret: SECRET, keyType: 'hmac' },
    accountLabel: 'alpha',
    limiter: createWeightLimiter(),
    retry: { baseDelayMs: 1, maxDelayMs: 2, totalMs: 2000 },
  });
  const errors = await Promise.all([
    client.crossMarginAccount().catch((e: unknown) => e),
    client.isolatedMarginAccount().catch((e: unknown) => e),
    client.usdmAccount().catch((e: unknown) => e),
    client.coinmAccount().catch((e: unknown) => e),
    client.spotAccount().catch((e: unknown) => e),
  ]);
  assert.ok(signatures.length >= 5);
  for (const error of errors) {
    assert.ok(error instanceof BinanceError, String(error));
    assert.equal(error.account, 'alpha');
    const text = everythingIn(error);
    assert.ok(!text.includes(KEY), `key leaked: ${text}`);
    assert.ok(!text.includes(SECRET), 'secret leaked');
    for (const signature of signatures) assert.ok(!text.includes(signature), `signature leaked: ${text}`);
    assert.ok(!error.endpoint.includes('?'), 'the endpoint names the path only');
  }
  assert.match(String((errors[0] as Error).message), /-1022/);
});

test('an Ed25519 PEM never appears in errors, nor in the client object', async () => {
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const body = pem.split('\n')[1]!;
  const server = await startStub((request) =>
    request.path === '/api/v3/time'
      ? timeReply()
      : { status: 401, body: { code: -2015, msg: 'Invalid API-key' } },
  );
  servers.push(server);
  const client = createBinanceClient({
    baseUrl: server.url,
    credentials: { apiKey: KEY, secret: pem, keyType: 'ed25519' },
    limiter: createWeightLimiter(),
  });
  const error = await client.spotAccount().catch((e: unknown) => e);
  assert.ok(error instanceof BinanceError);
  assert.ok(!everythingIn(error).includes(body));
  assert.ok(!inspect(client, { depth: 10, showHidden: true }).includes(body));
  assert.ok(!inspect(client, { depth: 10, showHidden: true }).includes(KEY));
});
