import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { after, before, test } from 'node:test';
import { signedPayload } from '../../src/emulator/auth.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { signedFetch, startTestEmulator } from '../helpers/emulator.ts';
import { issueScenario } from './scenarios.ts';

const ed = generateKeyPairSync('ed25519');
let emu: RunningEmulator;

before(async () => {
  const s = issueScenario() as { accounts: Record<string, unknown>[] };
  s.accounts.push({
    name: 'ed',
    apiKey: 'edKey',
    keyType: 'ed25519',
    publicKey: ed.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    spot: { BTC: '1' },
  });
  s.accounts.push({
    name: 'blind',
    apiKey: 'blindKey',
    apiSecret: 'x',
    permissions: { enableReading: false },
  });
  s.accounts.push({
    name: 'fenced',
    apiKey: 'fencedKey',
    apiSecret: 'f',
    permissions: { enableReading: true, ipRestrict: true },
    trustedIps: ['203.0.113.7'],
  });
  s.accounts.push({
    name: 'home',
    apiKey: 'homeKey',
    apiSecret: 'h',
    permissions: { enableReading: true, ipRestrict: true },
  });
  emu = await startTestEmulator(s as never, { enforceLimits: false });
});
after(() => emu.close());

const body = async (r: Response) => [r.status, await r.json()];

test("Binance's documented HMAC test vector", () => {
  const payload =
    'symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559';
  const secret = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
  assert.equal(
    createHmac('sha256', secret).update(payload).digest('hex'),
    'c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71',
  );
  // the emulator signs-checks query + body with the signature taken out of either
  assert.deepEqual(signedPayload('symbol=LTCBTC&side=BUY', 'type=LIMIT&signature=abc'), {
    payload: 'symbol=LTCBTC&side=BUYtype=LIMIT',
    signature: 'abc',
  });
});

test('HMAC: a good signature passes, a wrong one is -1022', async () => {
  assert.equal((await signedFetch(emu, '/api/v3/account', { apiKey: 'k1', secret: 's1' })).status, 200);
  const bad = await signedFetch(emu, '/api/v3/account', { apiKey: 'k1', secret: 'wrong' });
  assert.deepEqual(await body(bad), [400, { code: -1022, msg: 'Signature for this request is not valid.' }]);
});

test('HMAC over a POST form body', async () => {
  const r = await signedFetch(emu, '/sapi/v1/asset/get-funding-asset', {
    apiKey: 'k1',
    secret: 's1',
    method: 'POST',
    inBody: true,
    params: { asset: 'USDT' },
  });
  assert.equal(r.status, 200, await r.clone().text());
  assert.equal(((await r.json()) as unknown[]).length, 1);
});

test('Ed25519: base64 signature, percent-encoded; a tampered one is -1022', async () => {
  const ok = await signedFetch(emu, '/api/v3/account', { apiKey: 'edKey', secret: ed.privateKey });
  assert.equal(ok.status, 200, await ok.clone().text());
  const other = generateKeyPairSync('ed25519').privateKey;
  const bad = await signedFetch(emu, '/api/v3/account', { apiKey: 'edKey', secret: other });
  assert.deepEqual(await body(bad), [400, { code: -1022, msg: 'Signature for this request is not valid.' }]);
});

test('API key: unknown → -2015, malformed or missing → -2014, reading disabled → -2015', async () => {
  const unknown = await signedFetch(emu, '/api/v3/account', { apiKey: 'nobody', secret: 's1' });
  assert.deepEqual(await body(unknown), [
    401,
    { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' },
  ]);
  const malformed = await signedFetch(emu, '/api/v3/account', { apiKey: 'bad key!', secret: 's1' });
  assert.deepEqual(await body(malformed), [401, { code: -2014, msg: 'API-key format invalid.' }]);
  const missing = await fetch(`${emu.url}/api/v3/account?timestamp=${emu.now()}&signature=00`);
  assert.equal(((await missing.json()) as { code: number }).code, -2014);
  const blind = await signedFetch(emu, '/api/v3/account', { apiKey: 'blindKey', secret: 'x' });
  assert.deepEqual(await body(blind), [
    401,
    { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' },
  ]);
});

test('a key restricted to trusted IPs: -2015 from any other address, accepted from a trusted one', async () => {
  // fenced trusts only 203.0.113.7; the test connects from loopback.
  for (const path of ['/api/v3/account', '/sapi/v1/margin/account', '/fapi/v2/account']) {
    const r = await signedFetch(emu, path, { apiKey: 'fencedKey', secret: 'f' });
    assert.deepEqual(await body(r), [
      401,
      { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' },
    ]);
  }
  // home has ipRestrict without a list: loopback is trusted by default.
  const ok = await signedFetch(emu, '/sapi/v1/account/apiRestrictions', { apiKey: 'homeKey', secret: 'h' });
  const [status, restrictions] = await body(ok);
  assert.equal(status, 200);
  assert.equal((restrictions as { ipRestrict: boolean }).ipRestrict, true);
  // A wrong signature is still -1022 first: the IP check comes after the key is proven.
  const forged = await signedFetch(emu, '/api/v3/account', { apiKey: 'fencedKey', secret: 'nope' });
  assert.equal(((await forged.json()) as { code: number }).code, -1022);
});

test('timestamps: 1000 ms ahead is refused, 999 ms ahead passes; older than recvWindow is refused', async () => {
  const now = emu.now();
  const call = (timestamp: number, recvWindow?: number) =>
    signedFetch(emu, '/api/v3/account', {
      apiKey: 'k1',
      secret: 's1',
      timestamp,
      ...(recvWindow === undefined ? {} : { recvWindow }),
    });
  assert.equal((await call(now + 999)).status, 200);
  assert.deepEqual(await body(await call(now + 1000)), [
    400,
    { code: -1021, msg: "Timestamp for this request was 1000ms ahead of the server's time." },
  ]);
  assert.equal((await call(now - 5000)).status, 200);
  assert.deepEqual(await body(await call(now - 5001)), [
    400,
    { code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' },
  ]);
  assert.equal((await call(now - 20_000, 30_000)).status, 200);
  assert.equal((await call(now - 30_001, 30_000)).status, 400);
  const tooWide = await call(now, 60_001);
  assert.equal(((await tooWide.json()) as { code: number }).code, -1131);
});

test('timestamps are checked against the emulator clock, not the machine clock', async () => {
  emu.advance(86_400_000);
  try {
    const stale = await signedFetch(emu, '/api/v3/account', {
      apiKey: 'k1',
      secret: 's1',
      timestamp: emu.now() - 86_400_000,
    });
    assert.equal(((await stale.json()) as { code: number }).code, -1021);
    const time = (await (await fetch(`${emu.url}/api/v3/time`)).json()) as { serverTime: number };
    assert.equal(time.serverTime, emu.now());
  } finally {
    emu.advance(-86_400_000);
  }
});

test('a missing timestamp or signature is -1102', async () => {
  const noTs = await fetch(`${emu.url}/api/v3/account?signature=00`, { headers: { 'X-MBX-APIKEY': 'k1' } });
  assert.equal(((await noTs.json()) as { code: number }).code, -1102);
  const noSig = await fetch(`${emu.url}/api/v3/account?timestamp=${emu.now()}`, {
    headers: { 'X-MBX-APIKEY': 'k1' },
  });
  assert.equal(((await noSig.json()) as { code: number }).code, -1102);
});
