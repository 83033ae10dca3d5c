import assert from 'node:assert/strict';
import { test } from 'node:test';
import { control, signedFetch, withEmulator } from '../helpers/emulator.ts';
import { issueScenario } from './scenarios.ts';

function scenarioWithLimits(limits: Record<string, number>) {
  return { ...issueScenario(), limits } as never;
}

/** A wall clock the test moves by hand: minute windows without waiting. */
function manualClock(start = Date.parse('2030-01-01T00:00:10Z')) {
  let now = start;
  return { now: () => now, move: (ms: number) => (now += ms) };
}

test('weight headers: /api and fapi/dapi X-MBX-USED-WEIGHT-1M, sapi IP and UID headers, per-endpoint weights', async () => {
  const clock = manualClock();
  await withEmulator(
    issueScenario(),
    async (emu) => {
      const h = async (r: Promise<Response>, name: string) => (await r).headers.get(name);
      assert.equal(await h(fetch(`${emu.url}/api/v3/time`), 'x-mbx-used-weight-1m'), '1');
      assert.equal(await h(fetch(`${emu.url}/api/v3/exchangeInfo`), 'x-mbx-used-weight-1m'), '21');
      assert.equal(
        await h(fetch(`${emu.url}/api/v3/ticker/price?symbol=BTCUSDT`), 'x-mbx-used-weight-1m'),
        '23',
      );
      assert.equal(await h(fetch(`${emu.url}/api/v3/ticker/price`), 'x-mbx-used-weight-1m'), '27');
      assert.equal(
        await h(fetch(`${emu.url}/api/v3/klines?symbol=BTCUSDT&interval=1h`), 'x-mbx-used-weight-1m'),
        '29',
      );
      const sign = (path: string, method: 'GET' | 'POST' = 'GET') =>
        signedFetch(emu, path, { apiKey: 'k1', secret: 's1', method });
      assert.equal(await h(sign('/api/v3/account'), 'x-mbx-used-weight-1m'), '49');
      assert.equal(await h(sign('/fapi/v2/account'), 'x-mbx-used-weight-1m'), '5');
      assert.equal(await h(sign('/dapi/v1/account'), 'x-mbx-used-weight-1m'), '5');
      assert.equal(
        await h(sign('/sapi/v1/simple-earn/flexible/position'), 'x-sapi-used-ip-weight-1m'),
        '150',
      );
      // each sapi IP endpoint has its own budget
      assert.equal(await h(sign('/sapi/v1/margin/account'), 'x-sapi-used-ip-weight-1m'), '10');
      assert.equal(await h(sign('/sapi/v1/capital/withdraw/history'), 'x-sapi-used-uid-weight-1m'), '18000');
      // a new real-time minute starts a fresh window, whatever the scenario clock does
      emu.advance(3_600_000);
      assert.equal(await h(fetch(`${emu.url}/api/v3/time`), 'x-mbx-used-weight-1m'), '50');
      clock.move(60_000);
      assert.equal(await h(fetch(`${emu.url}/api/v3/time`), 'x-mbx-used-weight-1m'), '1');
    },
    { wallClock: clock.now },
  );
});

test('429 with Retry-After when over the limit, then 418 IP ban when continuing, growing on repeat', async () => {
  const clock = manualClock();
  await withEmulator(
    scenarioWithLimits({ api: 100 }),
    async (emu) => {
      for (let i = 0; i < 5; i++) assert.equal((await fetch(`${emu.url}/api/v3/exchangeInfo`)).status, 200);
      const limited = await fetch(`${emu.url}/api/v3/exchangeInfo`);
      assert.equal(limited.status, 429);
      assert.equal(limited.headers.get('retry-after'), '50'); // 50 s left in the minute window
      assert.equal(((await limited.json()) as { code: number }).code, -1003);
      const banned = await fetch(`${emu.url}/api/v3/time`);
      assert.equal(banned.status, 418);
      assert.equal(banned.headers.get('retry-after'), '120');
      assert.equal(((await banned.json()) as { code: number }).code, -1003);
      // the ban covers the host: /sapi too, even in a new weight window
      clock.move(60_000);
      const sapi = await signedFetch(emu, '/sapi/v1/account/apiRestrictions', { apiKey: 'k1', secret: 's1' });
      assert.equal(sapi.status, 418);
      assert.equal(sapi.headers.get('retry-after'), '60');
      // fapi is another host
      assert.equal((await signedFetch(emu, '/fapi/v2/account', { apiKey: 'k1', secret: 's1' })).status, 200);
      clock.move(61_000);
      assert.equal((await fetch(`${emu.url}/api/v3/time`)).status, 200);
      // a second ban lasts twice as long (1 + 4 × 20 = 81 used, the next 20 goes over 100)
      for (let i = 0; i < 4; i++) assert.equal((await fetch(`${emu.url}/api/v3/exchangeInfo`)).status, 200);
      assert.equal((await fetch(`${emu.url}/api/v3/exchangeInfo`)).status, 429);
      const again = await fetch(`${emu.url}/api/v3/exchangeInfo`);
      assert.equal(again.status, 418);
      assert.equal(again.headers.get('retry-after'), '240');
    },
    { wallClock: clock.now },
  );
});

test('UID limits answer 429 only, never 418', async () => {
  const clock = manualClock();
  await withEmulator(
    scenarioWithLimits({ sapiUid: 40000 }),
    async (emu) => {
      const call = () =>
        signedFetch(emu, '/sapi/v1/capital/withdraw/history', { apiKey: 'k1', secret: 's1' });
      assert.equal((await call()).status, 200);
      assert.equal((await call()).status, 200);
      const r3 = await call();
      assert.equal(r3.status, 429);
      assert.ok(Number(r3.headers.get('retry-after')) > 0);
      assert.equal((await call()).status, 429);
      assert.equal((await call()).status, 429);
      clock.move(60_000);
      assert.equal((await call()).status, 200);
    },
    { wallClock: clock.now },
  );
});

test('limits off: no 429 however much weight is used; stats count requests and weight', async () => {
  await withEmulator(
    scenarioWithLimits({ api: 10 }),
    async (emu) => {
      for (let i = 0; i < 3; i++) assert.equal((await fetch(`${emu.url}/api/v3/exchangeInfo`)).status, 200);
      await signedFetch(emu, '/api/v3/account', { apiKey: 'k1', secret: 's1' });
      const stats = (await control(emu, 'GET', 'stats')) as {
        endpoints: Record<string, { requests: number; weight: number }>;
        accounts: Record<string, { requests: number; weight: number }>;
      };
      assert.deepEqual(
        [stats.endpoints['/api/v3/exchangeInfo']?.requests, stats.endpoints['/api/v3/exchangeInfo']?.weight],
        [3, 60],
      );
      assert.deepEqual([stats.accounts.alpha?.requests, stats.accounts.alpha?.weight], [1, 20]);
      await control(emu, 'POST', 'reset-stats');
      const empty = (await control(emu, 'GET', 'stats')) as { total: { requests: number } };
      assert.equal(empty.total.requests, 0);
    },
    { enforceLimits: false },
  );
});
