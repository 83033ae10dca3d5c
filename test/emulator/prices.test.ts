import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Big } from '../../src/emulator/decimal.ts';
import { parseScenario } from '../../src/emulator/index.ts';
import { pointsPath, walkPath } from '../../src/emulator/prices.ts';
import { World } from '../../src/emulator/world.ts';
import { withEmulator } from '../helpers/emulator.ts';
import { issueScenario } from './scenarios.ts';

const H = 3_600_000;
const T = Date.parse('2026-01-05T00:00:00Z');

test('points: linear between, flat before the first and after the last', () => {
  const p = pointsPath([
    [T, new Big('90000')],
    [T + H, new Big('91000')],
  ]);
  assert.equal(p.at(T - H).toFixed(8), '90000.00000000');
  assert.equal(p.at(T).toFixed(8), '90000.00000000');
  // 90000 + 1000 × 15/60 = 90250
  assert.equal(p.at(T + 15 * 60_000).toFixed(8), '90250.00000000');
  // 90000 + 1000 × 1/3600000 ms = 90000.00027777(7…) → 8 decimals
  assert.equal(p.at(T + 1).toFixed(8), '90000.00027778');
  assert.equal(p.at(T + 5 * H).toFixed(8), '91000.00000000');
});

test('walks: same seed same path, other seed other path, hourly nodes at 8 decimals', () => {
  const make = (seed: number) => walkPath({ from: T, start: new Big('3000'), hourlyVol: 0.01, seed });
  const a = make(7);
  const b = make(7);
  const c = make(8);
  const hours = Array.from({ length: 48 }, (_, k) => T + k * H);
  assert.deepEqual(
    hours.map((t) => a.at(t).toFixed(8)),
    hours.map((t) => b.at(t).toFixed(8)),
  );
  assert.notDeepEqual(
    hours.map((t) => a.at(t).toFixed(8)),
    hours.map((t) => c.at(t).toFixed(8)),
  );
  assert.equal(a.at(T).toFixed(8), '3000.00000000');
  const h1 = a.at(T + H);
  assert.ok(h1.gt(2800) && h1.lt(3200), h1.toString());
  assert.match(h1.toString(), /^\d+(\.\d{1,8})?$/);
  // halfway between two hourly nodes is their mean
  const mid = a.at(T + H / 2);
  assert.equal(mid.toFixed(8), a.at(T).plus(h1).div(2).round(8, Big.roundHalfEven).toFixed(8));
});

test('a symbol without a path: ratio of its USDT legs when both exist, else a seeded default walk', () => {
  const base = issueScenario() as { symbols: string[]; prices: Record<string, unknown> };
  base.symbols.push('ETHBTC');
  const w = new World(parseScenario(base));
  // ETHBTC = ETHUSDT / BTCUSDT at T: 3000 / 90000 = 0.03333333
  assert.equal(w.price('ETHBTC', T).toFixed(8), '0.03333333');
  // SOLBTC has no SOLUSDT leg: the default walk starts at 1
  assert.equal(w.price('SOLBTC', T).toFixed(8), '1.00000000');
  assert.equal(
    new World(parseScenario(base)).price('SOLBTC', T + 10 * H).toFixed(8),
    w.price('SOLBTC', T + 10 * H).toFixed(8),
  );
});

test('a price shock multiplies the path from its time on', () => {
  const s = issueScenario() as { events: unknown[] };
  s.events.push({ at: '2026-01-05T02:00:00Z', type: 'priceShock', symbol: 'BTCUSDT', factor: '0.8' });
  const w = new World(parseScenario(s));
  assert.equal(w.price('BTCUSDT', T + 2 * H - 1).toFixed(8), '91000.00000000');
  // 91000 × 0.8 = 72800
  assert.equal(w.price('BTCUSDT', T + 2 * H).toFixed(8), '72800.00000000');
});

test('klines: typed rows, oldest first, aligned, limit, never past now, highs and lows at nodes', async () => {
  await withEmulator(issueScenario(), async (emu) => {
    emu.setTime(T + 3 * H + 30 * 60_000);
    const res = await fetch(`${emu.url}/api/v3/klines?symbol=BTCUSDT&interval=1h&startTime=${T - 1}`);
    const rows = (await res.json()) as unknown[][];
    assert.equal(rows.length, 4); // T … T+3h; the candle at T+3h is still forming
    assert.deepEqual(
      rows.map((r) => r[0]),
      [T, T + H, T + 2 * H, T + 3 * H],
    );
    const [first] = rows;
    assert.deepEqual(first!.slice(0, 5), [
      T,
      '90000.00000000',
      '91000.00000000',
      '90000.00000000',
      '91000.00000000',
    ]);
    assert.equal(first![6], T + H - 1);
    assert.equal(typeof first![8], 'number');
    assert.equal(first![11], '0');
    for (const r of rows) for (const i of [1, 2, 3, 4, 5, 7, 9, 10]) assert.equal(typeof r[i], 'string');

    const fives = (await (
      await fetch(`${emu.url}/api/v3/klines?symbol=BTCUSDT&interval=5m&limit=3`)
    ).json()) as number[][];
    assert.deepEqual(
      fives.map((r) => r[0]),
      [T + 3 * H + 20 * 60_000, T + 3 * H + 25 * 60_000, T + 3 * H + 30 * 60_000],
    );
    const daily = (await (
      await fetch(`${emu.url}/api/v3/klines?symbol=ETHUSDT&interval=1d&limit=1`)
    ).json()) as string[][];
    assert.ok(new Big(daily[0]![2]!).gte(daily[0]![1]!) && new Big(daily[0]![3]!).lte(daily[0]![1]!));

    const bad = await fetch(`${emu.url}/api/v3/klines?symbol=BTCUSDT&interval=7m`);
    assert.equal(bad.status, 400);
    assert.deepEqual(await bad.json(), { code: -1120, msg: 'Invalid interval.' });
    const tooMany = await fetch(`${emu.url}/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=1001`);
    assert.equal(tooMany.status, 400);
  });
});

test('tickers: one symbol, a JSON list, all, and symbolStatus drops halted pairs', async () => {
  const s = issueScenario() as { symbols: unknown[] };
  s.symbols.push({ symbol: 'XRPUSDT', status: 'BREAK' });
  await withEmulator(s as never, async (emu) => {
    emu.setTime(T + 30 * 60_000);
    const one = await (await fetch(`${emu.url}/api/v3/ticker/price?symbol=BTCUSDT`)).json();
    assert.deepEqual(one, { symbol: 'BTCUSDT', price: '90500.00000000' });
    const list = (await (
      await fetch(`${emu.url}/api/v3/ticker/price?symbols=${encodeURIComponent('["BTCUSDT","XRPUSDT"]')}`)
    ).json()) as { symbol: string }[];
    assert.deepEqual(
      list.map((r) => r.symbol),
      ['BTCUSDT', 'XRPUSDT'],
    );
    const all = (await (await fetch(`${emu.url}/api/v3/ticker/price`)).json()) as { symbol: string }[];
    assert.equal(all.length, 5);
    const trading = (await (await fetch(`${emu.url}/api/v3/ticker/price?symbolStatus=TRADING`)).json()) as {
      symbol: string;
    }[];
    assert.ok(!trading.some((r) => r.symbol === 'XRPUSDT'));
    assert.equal(trading.length, 4);
    const info = (await (await fetch(`${emu.url}/api/v3/exchangeInfo`)).json()) as {
      symbols: { symbol: string; status: string; baseAsset: string; quoteAsset: string }[];
    };
    assert.deepEqual(
      info.symbols.find((x) => x.symbol === 'XRPUSDT'),
      {
        ...info.symbols.find((x) => x.symbol === 'XRPUSDT'),
        status: 'BREAK',
        baseAsset: 'XRP',
        quoteAsset: 'USDT',
      },
    );
    const unknown = await fetch(`${emu.url}/api/v3/ticker/price?symbol=NOPEUSDT`);
    assert.deepEqual([unknown.status, await unknown.json()], [400, { code: -1121, msg: 'Invalid symbol.' }]);
  });
});
