import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { ALL_ROUTES } from '../../src/emulator/routes/index.ts';
import { signedFetch, withEmulator } from '../helpers/emulator.ts';
import { ROUTE_PARAMS } from './route-params.ts';
import { fullScenario, T0 } from './scenarios.ts';

const PUBLIC = [
  '/api/v3/ticker/price',
  '/api/v3/exchangeInfo',
  '/api/v3/klines?symbol=BNBUSDT&interval=1h&limit=48',
  '/api/v3/klines?symbol=SOLUSDT&interval=1m&limit=100',
];
const SIGNED: [string, Record<string, string>][] = [
  ['/api/v3/account', {}],
  ['/sapi/v1/margin/account', {}],
  ['/sapi/v1/margin/isolated/account', {}],
  ['/fapi/v2/account', {}],
  ['/dapi/v1/account', {}],
  ['/sapi/v1/capital/deposit/hisrec', {}],
  ['/sapi/v1/capital/withdraw/history', {}],
  ['/sapi/v1/accountSnapshot', { type: 'SPOT' }],
  ['/sapi/v1/asset/wallet/balance', {}],
];

/** Bodies after a fixed sequence of clock steps. */
async function transcript(emu: RunningEmulator): Promise<string[]> {
  const out: string[] = [];
  for (const step of [0, 5, 24, 72]) {
    emu.setTime(T0 + step * 3_600_000);
    for (const p of PUBLIC) out.push(await (await fetch(`${emu.url}${p}`)).text());
    for (const [p, params] of SIGNED) {
      const r = await signedFetch(emu, p, { apiKey: 'alphaKey', secret: 'alphaSecret', params });
      out.push(await r.text());
    }
  }
  return out;
}

test('same scenario and clock steps give the same bytes', async () => {
  const a = await withEmulator(fullScenario(), transcript, { enforceLimits: false });
  const b = await withEmulator(fullScenario(), transcript, { enforceLimits: false });
  assert.equal(a.length, b.length);
  for (const [i, text] of a.entries()) assert.equal(text, b[i], `response ${i} differs`);
  // and the walk really moves: the first and last ticker snapshots differ
  assert.notEqual(a[0], a[(PUBLIC.length + SIGNED.length) * 3]);
});

/** Every route the emulator serves, signed or public, with the parameters that make it answer 200. */
async function everyRoute(emu: RunningEmulator): Promise<string[]> {
  const out: string[] = [];
  for (const step of [0, 30, 100]) {
    emu.setTime(T0 + step * 3_600_000);
    for (const route of ALL_ROUTES) {
      const params = ROUTE_PARAMS[`${route.method} ${route.path}`] ?? {};
      if (!route.signed) {
        const qs = new URLSearchParams(params).toString();
        out.push(await (await fetch(`${emu.url}${route.path}${qs ? `?${qs}` : ''}`)).text());
        continue;
      }
      const r = await signedFetch(emu, route.path, {
        apiKey: 'alphaKey',
        secret: 'alphaSecret',
        method: route.method,
        params,
      });
      out.push(`${r.status} ${await r.text()}`);
    }
  }
  return out;
}

test('every route: same scenario and clock steps give the same bytes', async () => {
  const a = await withEmulator(fullScenario(), everyRoute, { enforceLimits: false });
  const b = await withEmulator(fullScenario(), everyRoute, { enforceLimits: false });
  assert.equal(a.length, ALL_ROUTES.length * 3);
  for (const [i, text] of a.entries()) {
    const route = ALL_ROUTES[i % ALL_ROUTES.length];
    assert.equal(text, b[i], `${route?.method} ${route?.path} differs`);
  }
  // At T0 + 100 h every route answers 200 (the parameters are written for that clock).
  const last = a.slice(-ALL_ROUTES.length).filter((t) => /^\d{3} /.test(t) && !t.startsWith('200 '));
  assert.deepEqual(last, []);
});
