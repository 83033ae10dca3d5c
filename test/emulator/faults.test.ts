import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { control, signedFetch, startTestEmulator } from '../helpers/emulator.ts';
import { issueScenario } from './scenarios.ts';

let emu: RunningEmulator;
before(async () => {
  emu = await startTestEmulator(issueScenario(), { enforceLimits: false });
});
after(() => emu.close());

const account = () => signedFetch(emu, '/fapi/v2/account', { apiKey: 'k1', secret: 's1' });
const fault = (f: Record<string, unknown>) => control(emu, 'POST', 'faults', f);

test('5xx with a -1008 body, applied count times then cleared', async () => {
  await fault({ endpoint: '/fapi/v2/account', kind: '5xx', count: 2 });
  for (let i = 0; i < 2; i++) {
    const r = await account();
    assert.equal(r.status, 503);
    assert.equal(((await r.json()) as { code: number }).code, -1008);
  }
  assert.equal((await account()).status, 200);
});

test('429 and 418 faults carry Retry-After and -1003', async () => {
  await fault({ endpoint: '/fapi/v2/account', kind: '429', count: 1 });
  const r429 = await account();
  assert.deepEqual([r429.status, r429.headers.get('retry-after')], [429, '60']);
  assert.equal(((await r429.json()) as { code: number }).code, -1003);
  await fault({ endpoint: '/fapi/v2/account', kind: '418', ms: 5000, count: 1 });
  const r418 = await account();
  assert.deepEqual([r418.status, r418.headers.get('retry-after')], [418, '5']);
  await r418.body?.cancel();
});

test('faults can target one account only, and DELETE clears them', async () => {
  await fault({ endpoint: '/fapi/v2/account', account: 'someone-else', kind: '5xx' });
  assert.equal((await account()).status, 200);
  await fault({ endpoint: '/fapi/v2/account', account: 'alpha', kind: 'revoked_key' });
  const revoked = await account();
  assert.deepEqual([revoked.status, ((await revoked.json()) as { code: number }).code], [401, -2015]);
  const removed = (await control(emu, 'DELETE', 'faults', {})) as { removed: number };
  assert.equal(removed.removed, 2);
  assert.equal((await account()).status, 200);
});

test('latency delays the answer', async () => {
  await fault({ endpoint: '/api/v3/time', kind: 'latency', ms: 150, count: 1 });
  const started = performance.now();
  assert.equal((await fetch(`${emu.url}/api/v3/time`)).status, 200);
  assert.ok(performance.now() - started >= 140);
});

test('malformed JSON: a 200 whose body does not parse', async () => {
  await fault({ endpoint: '*', account: 'alpha', kind: 'malformed', count: 1 });
  const r = await account();
  assert.equal(r.status, 200);
  await assert.rejects(r.json(), SyntaxError);
});

test('clock skew shifts the server clock for timestamps and /api/v3/time', async () => {
  await fault({ endpoint: '*', kind: 'clock_skew', ms: 10_000, count: 2 });
  const time = (await (await fetch(`${emu.url}/api/v3/time`)).json()) as { serverTime: number };
  assert.equal(time.serverTime, emu.now() + 10_000);
  const r = await account(); // signed with the unskewed clock: 10 s older than the server thinks
  assert.equal(((await r.json()) as { code: number }).code, -1021);
  assert.equal((await account()).status, 200);
});

test('timeout: never answers until the client gives up, and does not keep the server from closing', async () => {
  const other = await startTestEmulator(issueScenario());
  await control(other, 'POST', 'faults', { endpoint: '/api/v3/time', kind: 'timeout' });
  await assert.rejects(
    fetch(`${other.url}/api/v3/time`, { signal: AbortSignal.timeout(200) }),
    /TimeoutError|aborted/,
  );
  const pending = fetch(`${other.url}/api/v3/time`).catch((err: unknown) => err);
  await new Promise((r) => setTimeout(r, 50));
  const started = performance.now();
  await other.close();
  assert.ok(performance.now() - started < 1000);
  assert.ok((await pending) instanceof Error);
});

test('control API: bad fault bodies are refused with {code, msg}; clock get/set/advance', async () => {
  const bad = await fetch(`${emu.url}/__emulator/faults`, {
    method: 'POST',
    body: JSON.stringify({ kind: 'boom' }),
  });
  assert.equal(bad.status, 400);
  const err = (await bad.json()) as { code: number; msg: string };
  assert.equal(typeof err.code, 'number');
  assert.match(err.msg, /endpoint/);
  const set = (await control(emu, 'POST', 'clock', { time: '2026-02-01T00:00:00Z' })) as { ms: number };
  assert.equal(set.ms, Date.parse('2026-02-01T00:00:00Z'));
  const adv = (await control(emu, 'POST', 'clock/advance', { hours: 2 })) as { time: string };
  assert.equal(adv.time, '2026-02-01T02:00:00.000Z');
  const got = (await control(emu, 'GET', 'clock')) as { ms: number; frozen: boolean };
  assert.deepEqual(got, { ...got, ms: Date.parse('2026-02-01T02:00:00Z'), frozen: true });
  assert.equal(emu.now(), got.ms);
  const unknown = await fetch(`${emu.url}/__emulator/nothing`);
  assert.equal(unknown.status, 404);
});
