import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { signedFetch, withEmulator } from '../helpers/emulator.ts';
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
