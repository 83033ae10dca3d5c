import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { signedFetch, startTestEmulator } from '../helpers/emulator.ts';

/**
 * scenarios/demo.json holds what it promises, seen through the emulator over HTTP: two accounts covering every
 * wallet kind, ~90 days of hourly prices for BTC, ETH, BNB, SOL and a few others, deposits and withdrawals in
 * several coins, one deposit pending for a while and one withdrawal cancelled.
 */

const FILE = new URL('../../scenarios/demo.json', import.meta.url).pathname;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const raw = JSON.parse(readFileSync(FILE, 'utf8')) as {
  start: string;
  accounts: { name: string; apiKey: string; apiSecret: string }[];
};
const START = Date.parse(raw.start);
const END = START + 90 * DAY;
const keys = raw.accounts.map((a) => ({ apiKey: a.apiKey, secret: a.apiSecret }));

let emu: RunningEmulator;
before(async () => {
  emu = await startTestEmulator(FILE, { enforceLimits: false });
  emu.setTime(END);
});
after(() => emu.close());

async function read<T>(
  key: (typeof keys)[number],
  path: string,
  params: Record<string, string | number> = {},
) {
  const res = await signedFetch(emu, path, {
    ...key,
    params,
    method: path.includes('/asset/get') ? 'POST' : 'GET',
  });
  const text = await res.text();
  assert.equal(res.status, 200, `${path}: ${text}`);
  return JSON.parse(text) as T;
}

interface Deposit {
  id: string;
  coin: string;
  status: number;
  insertTime: number;
}
interface Withdrawal {
  id: string;
  coin: string;
  status: number;
}

/** Every deposit and withdrawal of the 90 days, in windows shorter than Binance's 90-day limit. */
async function history<T>(key: (typeof keys)[number], path: string): Promise<T[]> {
  const out: T[] = [];
  for (let from = START; from < END; from += 45 * DAY) {
    out.push(
      ...(await read<T[]>(key, path, { startTime: from, endTime: Math.min(END, from + 45 * DAY) - 1 })),
    );
  }
  return out;
}

test('two accounts, between them every wallet kind holding something', async () => {
  assert.equal(keys.length, 2);
  const active = new Set<string>();
  for (const key of keys) {
    const wallets = await read<{ walletName: string; activate: boolean; balance: string }[]>(
      key,
      '/sapi/v1/asset/wallet/balance',
    );
    for (const w of wallets) if (w.activate && Number(w.balance) !== 0) active.add(w.walletName);
    const flexible = await read<{ total: number }>(key, '/sapi/v1/simple-earn/flexible/position');
    const locked = await read<{ total: number }>(key, '/sapi/v1/simple-earn/locked/position');
    if (flexible.total > 0) active.add('Earn flexible');
    if (locked.total > 0) active.add('Earn locked');
  }
  for (const kind of [
    'Spot',
    'Funding',
    'Cross Margin',
    'Isolated Margin',
    'USDⓈ-M Futures',
    'COIN-M Futures',
    'Earn flexible',
    'Earn locked',
  ]) {
    assert.ok(active.has(kind), `${kind} held by an account (held: ${[...active].join(', ')})`);
  }
});

test('~90 days of hourly prices for BTC, ETH, BNB, SOL and at least three others', async () => {
  const tickers = (await (await fetch(`${emu.url}/api/v3/ticker/price`)).json()) as { symbol: string }[];
  const usdt = tickers.map((t) => t.symbol).filter((s) => s.endsWith('USDT'));
  for (const s of ['BTCUSDT', 'ETHUSDT', 'BNBUSDT', 'SOLUSDT']) assert.ok(usdt.includes(s), s);
  assert.ok(usdt.length >= 7, `USDT pairs: ${usdt.join(', ')}`);
  for (const symbol of ['BTCUSDT', 'ETHUSDT', 'BNBUSDT', 'SOLUSDT']) {
    const closes: string[] = [];
    for (let from = START; from < END; from += 1000 * HOUR) {
      const url = `${emu.url}/api/v3/klines?symbol=${symbol}&interval=1h&startTime=${from}&endTime=${END - 1}&limit=1000`;
      const rows = (await (await fetch(url)).json()) as [number, string, string, string, string][];
      closes.push(...rows.map((r) => r[4]));
    }
    assert.equal(closes.length, 90 * 24, `${symbol}: one candle per hour for 90 days`);
    // A real path, not a flat line: the hourly closes take many values.
    assert.ok(new Set(closes).size > 1000, `${symbol}: ${new Set(closes).size} distinct closes`);
  }
});

test('deposits and withdrawals in several coins; one deposit pending for hours; one withdrawal cancelled', async () => {
  const deposits: Deposit[] = [];
  const withdrawals: Withdrawal[] = [];
  for (const key of keys) {
    deposits.push(...(await history<Deposit>(key, '/sapi/v1/capital/deposit/hisrec')));
    withdrawals.push(...(await history<Withdrawal>(key, '/sapi/v1/capital/withdraw/history')));
  }
  assert.ok(new Set(deposits.map((d) => d.coin)).size >= 3, 'deposits in three coins or more');
  assert.ok(new Set(withdrawals.map((w) => w.coin)).size >= 2, 'withdrawals in two coins or more');
  // Withdrawal status 1 is "cancelled" (binance-api.md: 1 is not success).
  assert.ok(
    withdrawals.some((w) => w.status === 1),
    'a cancelled withdrawal',
  );

  // Pending for a while: an hour after it was first seen the deposit still shows 0 (pending), at the end 1.
  const pendingLong: string[] = [];
  for (const d of deposits.filter((x) => x.status === 1)) {
    emu.setTime(d.insertTime + HOUR);
    for (const key of keys) {
      const then = await read<Deposit[]>(key, '/sapi/v1/capital/deposit/hisrec', {
        startTime: d.insertTime,
        endTime: d.insertTime + HOUR,
      });
      if (then.some((x) => x.id === d.id && x.status === 0)) pendingLong.push(`${d.coin} ${d.id}`);
    }
  }
  emu.setTime(END);
  assert.ok(pendingLong.length >= 1, 'a deposit pending for more than an hour before it succeeded');
});
