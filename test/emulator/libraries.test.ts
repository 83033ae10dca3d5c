import assert from 'node:assert/strict';
import { createHmac, sign as edSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { ALL_ROUTES } from '../../src/emulator/routes/index.ts';
import { startTestEmulator } from '../helpers/emulator.ts';
import { ROUTE_PARAMS as PARAMS } from './route-params.ts';
import { fullScenario, T0 } from './scenarios.ts';

/**
 * Requests made the way common Binance client libraries make them, with nothing from this project's client:
 * - GET: every parameter in the query string, HMAC hex over it, `signature` last (python-binance, ccxt, the
 *   official connectors);
 * - POST to /sapi: parameters in an x-www-form-urlencoded body with the signature computed over that body and
 *   appended to it (ccxt, python-binance), or everything in the query string (the official Node connector);
 * - `recvWindow` sent with each signed call; Ed25519 signatures base64, percent-encoded;
 * - `symbols` as a JSON array.
 * Every answer must parse with a strict JSON parser and carry a JSON content type.
 */

const NOW = T0 + 100 * 3_600_000;
const ed = generateKeyPairSync('ed25519');

interface Key {
  apiKey: string;
  secret: string | KeyObject;
}
const HMAC_KEY: Key = { apiKey: 'alphaKey', secret: 'alphaSecret' };
const ED_KEY: Key = { apiKey: 'edKey', secret: ed.privateKey };

let emu: RunningEmulator;
before(async () => {
  const s = fullScenario() as { accounts: Record<string, unknown>[] };
  s.accounts.push({
    name: 'ed',
    apiKey: 'edKey',
    keyType: 'ed25519',
    publicKey: ed.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    spot: { BTC: '1' },
    funding: { USDT: '25' },
  });
  emu = await startTestEmulator(s as never, { enforceLimits: false });
  emu.setTime(NOW);
});
after(() => emu.close());

/** The signature as a library puts it on the wire: HMAC hex, or Ed25519 base64 percent-encoded. */
function signatureOf(key: Key, payload: string): string {
  if (typeof key.secret === 'string') return createHmac('sha256', key.secret).update(payload).digest('hex');
  return encodeURIComponent(edSign(null, Buffer.from(payload), key.secret).toString('base64'));
}

function encode(params: Record<string, string>, timestamp = emu.now(), recvWindow = '5000'): string {
  return new URLSearchParams({ ...params, recvWindow, timestamp: String(timestamp) }).toString();
}

/** Signed GET, or POST with every parameter in the query string (the official Node connector's way). */
function viaQuery(method: string, path: string, params: Record<string, string>, key: Key): Promise<Response> {
  const qs = encode(params);
  return fetch(`${emu.url}${path}?${qs}&signature=${signatureOf(key, qs)}`, {
    method,
    headers: { 'X-MBX-APIKEY': key.apiKey },
  });
}

/** POST with the parameters and the signature over them in a form body (ccxt's and python-binance's way). */
function viaBody(path: string, params: Record<string, string>, key: Key): Promise<Response> {
  const body = encode(params);
  return fetch(`${emu.url}${path}`, {
    method: 'POST',
    headers: { 'X-MBX-APIKEY': key.apiKey, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: `${body}&signature=${signatureOf(key, body)}`,
  });
}

/** Status and the strictly parsed body; fails on anything that is not JSON sent as JSON. */
async function strict(res: Response, label: string): Promise<[number, unknown]> {
  const text = await res.text();
  assert.match(res.headers.get('content-type') ?? '', /^application\/json\b/, `${label}: content type`);
  let value: unknown;
  assert.doesNotThrow(
    () => {
      value = JSON.parse(text);
    },
    `${label}: not strict JSON: ${text.slice(0, 200)}`,
  );
  assert.ok(value !== null && typeof value === 'object', `${label}: a JSON object or array`);
  return [res.status, value];
}

test('every route the emulator serves is listed here (none silently left out)', () => {
  assert.deepEqual(
    ALL_ROUTES.map((r) => `${r.method} ${r.path}`).filter((r) => !(r in PARAMS)),
    [],
  );
});

for (const route of ALL_ROUTES) {
  const label = `${route.method} ${route.path}`;
  test(`${label}: library-style request answered with strict JSON`, async () => {
    const params = PARAMS[label] ?? {};
    if (!route.signed) {
      const qs = new URLSearchParams(params).toString();
      const [status, body] = await strict(await fetch(`${emu.url}${route.path}${qs ? `?${qs}` : ''}`), label);
      assert.equal(status, 200, JSON.stringify(body));
      return;
    }
    const [status, body] = await strict(await viaQuery(route.method, route.path, params, HMAC_KEY), label);
    assert.equal(status, 200, JSON.stringify(body));
    if (route.method === 'POST') {
      const [bodyStatus, fromBody] = await strict(await viaBody(route.path, params, HMAC_KEY), label);
      assert.equal(bodyStatus, 200, JSON.stringify(fromBody));
      assert.deepEqual(
        fromBody,
        body,
        `${label}: the same answer whether params come in the query or the body`,
      );
    }
  });
}

test('POST with the signature in the form body: a wrong one is -1022, as strict JSON', async () => {
  const body = encode({ asset: 'USDT' });
  const res = await fetch(`${emu.url}/sapi/v1/asset/get-funding-asset`, {
    method: 'POST',
    headers: { 'X-MBX-APIKEY': 'alphaKey', 'Content-Type': 'application/x-www-form-urlencoded' },
    body: `${body}&signature=${createHmac('sha256', 'not-the-secret').update(body).digest('hex')}`,
  });
  assert.deepEqual(await strict(res, 'bad body signature'), [
    400,
    { code: -1022, msg: 'Signature for this request is not valid.' },
  ]);
});

test('query string and body both carry `asset`: signed over query + body, the query wins', async () => {
  const query = encode({ asset: 'BTC' });
  const form = 'asset=USDT';
  const signature = signatureOf(HMAC_KEY, query + form);
  const res = await fetch(`${emu.url}/sapi/v3/asset/getUserAsset?${query}`, {
    method: 'POST',
    headers: { 'X-MBX-APIKEY': 'alphaKey', 'Content-Type': 'application/x-www-form-urlencoded' },
    body: `${form}&signature=${signature}`,
  });
  const [status, rows] = await strict(res, 'query wins');
  assert.equal(status, 200, JSON.stringify(rows));
  assert.deepEqual(
    (rows as { asset: string }[]).map((r) => r.asset),
    ['BTC'],
  );
  // Signed over the body alone, the same request no longer verifies: the query is part of the payload.
  const bodyOnly = await fetch(`${emu.url}/sapi/v3/asset/getUserAsset?${query}`, {
    method: 'POST',
    headers: { 'X-MBX-APIKEY': 'alphaKey', 'Content-Type': 'application/x-www-form-urlencoded' },
    body: `${form}&signature=${signatureOf(HMAC_KEY, form)}`,
  });
  assert.equal((await strict(bodyOnly, 'body-only signature'))[0], 400);
});

test('Ed25519 keys: signed GET in the query, signed POST in the body', async () => {
  const [getStatus, account] = await strict(
    await viaQuery('GET', '/api/v3/account', { omitZeroBalances: 'true' }, ED_KEY),
    'ed25519 GET',
  );
  assert.equal(getStatus, 200, JSON.stringify(account));
  assert.deepEqual((account as { balances: { asset: string; free: string }[] }).balances, [
    { asset: 'BTC', free: '1.00000000', locked: '0.00000000' },
  ]);
  const [postStatus, funding] = await strict(
    await viaBody('/sapi/v1/asset/get-funding-asset', { asset: 'USDT' }, ED_KEY),
    'ed25519 POST',
  );
  assert.equal(postStatus, 200, JSON.stringify(funding));
  assert.deepEqual(
    (funding as { asset: string; free: string }[]).map((r) => [r.asset, r.free]),
    [['USDT', '25']],
  );
});

test('recvWindow as libraries send it: a 30 s old timestamp passes with 60000, fails with the default', async () => {
  const old = emu.now() - 30_000;
  const call = (recvWindow: string) => {
    const qs = encode({}, old, recvWindow);
    return fetch(`${emu.url}/api/v3/account?${qs}&signature=${signatureOf(HMAC_KEY, qs)}`, {
      headers: { 'X-MBX-APIKEY': 'alphaKey' },
    });
  };
  assert.equal((await strict(await call('60000'), 'recvWindow 60000'))[0], 200);
  const [status, err] = await strict(await call('5000'), 'recvWindow 5000');
  assert.equal(status, 400);
  assert.equal((err as { code: number }).code, -1021);
});

test('`symbols` as a JSON array, percent-encoded or as typed: the same prices', async () => {
  const encoded = `symbols=${encodeURIComponent('["BTCUSDT","ETHUSDT"]')}`;
  const typed = 'symbols=["BTCUSDT","ETHUSDT"]';
  const [a, pricesA] = await strict(await fetch(`${emu.url}/api/v3/ticker/price?${encoded}`), 'encoded');
  const [b, pricesB] = await strict(await fetch(`${emu.url}/api/v3/ticker/price?${typed}`), 'typed');
  assert.equal(a, 200);
  assert.equal(b, 200);
  assert.deepEqual(pricesA, pricesB);
  // BTCUSDT is linear 60000 → 70000 over 100 h: 70000 at T0 + 100 h; ETHUSDT 3000 × the 0.5 shock at 50 h = 1500.
  assert.deepEqual(pricesA, [
    { symbol: 'BTCUSDT', price: '70000.00000000' },
    { symbol: 'ETHUSDT', price: '1500.00000000' },
  ]);
});

test('errors are strict JSON {code, msg} too: unknown path, unknown key, bad parameter', async () => {
  const [s1, e1] = await strict(await fetch(`${emu.url}/api/v3/nothing`), 'unknown path');
  assert.equal(s1, 404);
  assert.deepEqual(Object.keys(e1 as object), ['code', 'msg']);
  const [s2, e2] = await strict(
    await viaQuery('GET', '/api/v3/account', {}, { apiKey: 'nobody', secret: 'x' }),
    'key',
  );
  assert.deepEqual([s2, (e2 as { code: number }).code], [401, -2015]);
  const [s3, e3] = await strict(await fetch(`${emu.url}/api/v3/ticker/price?symbols=BTCUSDT`), 'bad symbols');
  assert.equal(s3, 400);
  assert.deepEqual(Object.keys(e3 as object), ['code', 'msg']);
});
