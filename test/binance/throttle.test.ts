import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createBinanceClient, createWeightLimiter } from '../../src/binance/index.ts';
import { startEmulator } from '../../src/emulator/index.ts';

/**
 * The client's throttle against the emulator's enforced limits, over real HTTP: a burst that would exceed a
 * limit waits for the next minute instead of meeting a 429. Both sides share one wall clock, shifted so that the
 * current minute ends about a second after the test starts.
 */

test('six parallel 2400-weight snapshots against a 12000/min limit: five now, the sixth next minute, no 429', async () => {
  const real = Date.now();
  const shift = 60_000 - (real % 60_000) - 1_000;
  const wall = () => Date.now() + shift;
  const emu = await startEmulator({
    scenario: {
      start: '2026-01-01T00:00:00Z',
      symbols: ['BTCUSDT'],
      prices: { BTCUSDT: [['2026-01-01T00:00:00Z', '90000']] },
      accounts: [{ name: 'alpha', apiKey: 'alphaKey', apiSecret: 'alphaSecret', spot: { BTC: '1' } }],
      events: [],
    },
    port: 0,
    startAt: Date.parse('2026-02-01T00:00:00Z'),
    wallClock: wall,
  });
  try {
    const statuses: number[] = [];
    const sentAt: number[] = [];
    const recording: typeof fetch = async (input, init) => {
      const path = new URL(String(input)).pathname;
      if (path === '/sapi/v1/accountSnapshot') sentAt.push(wall());
      const response = await fetch(input, init);
      if (path === '/sapi/v1/accountSnapshot') statuses.push(response.status);
      return response;
    };
    const client = createBinanceClient({
      baseUrl: emu.url,
      credentials: { apiKey: 'alphaKey', secret: 'alphaSecret', keyType: 'hmac' },
      accountLabel: 'alpha',
      limiter: createWeightLimiter({ now: wall, boundaryGuardMs: 50 }),
      fetch: recording,
    });
    await client.syncClock();
    const minute = Math.floor(wall() / 60_000);
    const snapshots = await Promise.all(Array.from({ length: 6 }, () => client.accountSnapshot('SPOT')));
    assert.equal(snapshots.length, 6);
    // 6 × 2400 = 14400 > 12000: every request answered 200, the sixth sent only in the next minute.
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 200]);
    assert.deepEqual(
      sentAt.map((t) => Math.floor(t / 60_000) - minute),
      [0, 0, 0, 0, 0, 1],
    );
    const stats = (await (await fetch(`${emu.url}/__emulator/stats`)).json()) as unknown;
    assert.doesNotMatch(JSON.stringify(stats), /"429"/);
  } finally {
    await emu.close();
  }
});
