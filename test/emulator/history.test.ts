import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { control, signedFetch, startTestEmulator } from '../helpers/emulator.ts';
import { fullScenario, T0 } from './scenarios.ts';
import { numberText, parseExact } from './shape.ts';

const H = 3_600_000;
const DAY = 86_400_000;
let emu: RunningEmulator;

before(async () => {
  emu = await startTestEmulator(fullScenario(), { enforceLimits: false });
});
after(() => emu.close());

async function get(path: string, params: Record<string, string | number> = {}): Promise<[number, string]> {
  const r = await signedFetch(emu, path, { apiKey: 'alphaKey', secret: 'alphaSecret', params });
  return [r.status, await r.text()];
}
async function json<T>(path: string, params: Record<string, string | number> = {}): Promise<T> {
  const [status, text] = await get(path, params);
  assert.equal(status, 200, `${path}: ${text}`);
  return JSON.parse(text) as T;
}

test('deposit status follows its statuses over time; completeTime is when it settled', async () => {
  type Dep = { coin: string; status: number; insertTime: number; completeTime: number; id: string };
  emu.setTime(T0 + 3 * H);
  let btc = (await json<Dep[]>('/sapi/v1/capital/deposit/hisrec', { coin: 'BTC' }))[0]!;
  assert.deepEqual([btc.status, btc.insertTime], [0, T0 + 2 * H]);
  emu.setTime(T0 + 9 * H);
  btc = (await json<Dep[]>('/sapi/v1/capital/deposit/hisrec', { coin: 'BTC' }))[0]!;
  assert.deepEqual([btc.status, btc.completeTime], [1, T0 + 8 * H]);
  // before an item's time it does not exist yet
  emu.setTime(T0 + H / 2);
  assert.deepEqual(await json('/sapi/v1/capital/deposit/hisrec'), []);
});

test('withdrawals: UTC text times, statuses, completeTime only once completed, ids as strings', async () => {
  type W = {
    id: string;
    coin: string;
    status: number;
    applyTime: string;
    completeTime?: string;
    transactionFee: string;
  };
  emu.setTime(T0 + 3 * H + 30 * 60_000);
  let eth = (await json<W[]>('/sapi/v1/capital/withdraw/history', { coin: 'ETH' }))[0]!;
  assert.equal(eth.status, 4);
  assert.equal(eth.applyTime, '2026-03-01 03:00:00');
  assert.equal(eth.completeTime, undefined);
  emu.setTime(T0 + 20 * H);
  eth = (await json<W[]>('/sapi/v1/capital/withdraw/history', { coin: 'ETH' }))[0]!;
  assert.deepEqual(
    [eth.status, eth.completeTime, eth.transactionFee, typeof eth.id],
    [6, '2026-03-01 04:00:00', '0.001', 'string'],
  );
  const usdt = (await json<W[]>('/sapi/v1/capital/withdraw/history', { coin: 'USDT' }))[0]!;
  assert.equal(usdt.status, 1); // cancelled
  const cancelled = await json<W[]>('/sapi/v1/capital/withdraw/history', { status: 1 });
  assert.deepEqual(
    cancelled.map((w) => w.coin),
    ['USDT'],
  );
});

test('deposit and withdrawal windows must be under 90 days (-1127); 90 days minus 1 ms is fine', async () => {
  emu.setTime(T0 + 20 * H);
  const start = T0 - 80 * DAY;
  for (const path of ['/sapi/v1/capital/deposit/hisrec', '/sapi/v1/capital/withdraw/history']) {
    const [status, text] = await get(path, { startTime: start, endTime: start + 90 * DAY });
    assert.equal(status, 400, path);
    assert.deepEqual(JSON.parse(text), {
      code: -1127,
      msg: 'More than 90 days between startTime and endTime.',
    });
    const [ok] = await get(path, { startTime: start, endTime: start + 90 * DAY - 1 });
    assert.equal(ok, 200);
  }
  const [reversed, body] = await get('/sapi/v1/capital/deposit/hisrec', { startTime: T0, endTime: T0 - 1 });
  assert.equal(reversed, 400, body);
});

test('offset/limit paging over deposits, newest first', async () => {
  emu.setTime(T0 + 20 * H);
  type Dep = { coin: string; insertTime: number };
  const all = await json<Dep[]>('/sapi/v1/capital/deposit/hisrec');
  assert.deepEqual(
    all.map((d) => d.coin),
    ['BTC', 'USDT'],
  );
  const second = await json<Dep[]>('/sapi/v1/capital/deposit/hisrec', { offset: 1, limit: 1 });
  assert.deepEqual(
    second.map((d) => d.coin),
    ['USDT'],
  );
  assert.deepEqual(await json('/sapi/v1/capital/deposit/hisrec', { offset: 2, limit: 1 }), []);
  const [tooMany] = await get('/sapi/v1/capital/deposit/hisrec', { limit: 1001 });
  assert.equal(tooMany, 400);
});

test('ids above 2^53 go on the wire exactly: strings where Binance sends strings, numbers where it sends numbers', async () => {
  emu.setTime(T0 + 20 * H);
  const [, deposits] = await get('/sapi/v1/capital/deposit/hisrec', { coin: 'USDT' });
  assert.match(deposits, /"id":"8082457372019390060"/);
  const [, transfers] = await get('/sapi/v1/asset/transfer', { type: 'MAIN_UMFUTURE' });
  const t = parseExact(transfers) as { rows: { tranId: unknown }[] };
  assert.equal(numberText(t.rows[0]!.tranId), '8082457372019390061');
  const [, converts] = await get('/sapi/v1/convert/tradeFlow', { startTime: T0, endTime: T0 + 20 * H });
  assert.match(converts, /"orderId":940708407462087195,/);
  const [, locked] = await get('/sapi/v1/simple-earn/locked/position');
  assert.match(locked, /"positionId":8082457372019390060,/);
});

test('Simple Earn paging with current and size (at most 100)', async () => {
  type Page = { rows: { asset: string }[]; total: number };
  const p1 = await json<Page>('/sapi/v1/simple-earn/flexible/position', { current: 1, size: 1 });
  const p2 = await json<Page>('/sapi/v1/simple-earn/flexible/position', { current: 2, size: 1 });
  assert.deepEqual(
    [p1.total, p1.rows.map((r) => r.asset), p2.rows.map((r) => r.asset)],
    [2, ['BTC'], ['USDT']],
  );
  const [status] = await get('/sapi/v1/simple-earn/flexible/position', { size: 101 });
  assert.equal(status, 400);
});

test('account snapshots: one per day at 23:59:59, last 30 days only, from the state at that time', async () => {
  type Snap = {
    code: number;
    snapshotVos: {
      updateTime: number;
      type: string;
      data: { balances: { asset: string; free: string }[] };
    }[];
  };
  emu.setTime(T0 + 40 * DAY + 12 * H);
  const snap = await json<Snap>('/sapi/v1/accountSnapshot', { type: 'SPOT', limit: 30 });
  assert.equal(snap.snapshotVos.length, 30);
  const last = snap.snapshotVos.at(-1)!;
  assert.equal(last.updateTime, T0 + 40 * DAY - 1000);
  assert.equal(snap.snapshotVos[0]!.updateTime, T0 + 11 * DAY - 1000);
  assert.equal(last.type, 'spot');
  emu.setTime(T0 + 2 * DAY);
  const early = await json<Snap>('/sapi/v1/accountSnapshot', { type: 'SPOT' });
  // only the first day has ended: its state at 23:59:59 (deposit BTC credited at 8h: 1.25 − 0.1 sold = 1.15)
  assert.deepEqual(
    early.snapshotVos.map((s) => s.updateTime),
    [T0 + DAY - 1000, T0 + 2 * DAY - 1000].filter((t) => t <= T0 + 2 * DAY),
  );
  assert.equal(early.snapshotVos[0]!.data.balances.find((b) => b.asset === 'BTC')?.free, '1.15000000');
  const margin = await json<Snap>('/sapi/v1/accountSnapshot', { type: 'MARGIN' });
  assert.equal(margin.snapshotVos[0]?.type, 'margin');
  const [bad] = await get('/sapi/v1/accountSnapshot', { type: 'OPTIONS' });
  assert.equal(bad, 400);
});

test('fiat orders, fiat payments, Pay, sub-account and universal transfers, income, dust', async () => {
  emu.setTime(T0 + 20 * H);
  const fiat = await json<{ data: { status: string; fiatCurrency: string }[]; total: number }>(
    '/sapi/v1/fiat/orders',
    { transactionType: 0 },
  );
  assert.deepEqual([fiat.total, fiat.data[0]?.status, fiat.data[0]?.fiatCurrency], [1, 'Successful', 'EUR']);
  const withdrawals = await json<{ total: number }>('/sapi/v1/fiat/orders', { transactionType: 1 });
  assert.equal(withdrawals.total, 0);
  const pay = await json<{ data: { amount: string }[] }>('/sapi/v1/pay/transactions');
  assert.equal(pay.data[0]?.amount, '25');
  const sub = await json<{ type: number; qty: string }[]>('/sapi/v1/sub-account/transfer/subUserHistory');
  assert.deepEqual([sub[0]?.type, sub[0]?.qty], [1, '40']);
  const uni = await json<{ result: { toEmail: string }[]; totalCount: number }>(
    '/sapi/v1/sub-account/universalTransfer',
  );
  assert.deepEqual([uni.totalCount, uni.result[0]?.toEmail], [1, 'alpha@example.com']);
  const income = await json<{ incomeType: string; income: string }[]>('/fapi/v1/income');
  assert.deepEqual(
    income.map((i) => [i.incomeType, i.income]),
    [
      ['TRANSFER', '200.00000000'],
      ['FUNDING_FEE', '-2.50000000'],
    ],
  );
  const dust = await json<{ total: number }>('/sapi/v1/asset/dribblet');
  assert.equal(dust.total, 1);
  const [noRange] = await get('/sapi/v1/convert/tradeFlow');
  assert.equal(noRange, 400);
});

test('events added through the control API show up in history and balances', async () => {
  emu.setTime(T0 + 30 * H);
  await control(emu, 'POST', 'events', {
    events: [
      {
        at: new Date(T0 + 25 * H).toISOString(),
        account: 'alpha',
        type: 'deposit',
        coin: 'ETH',
        amount: '7',
      },
    ],
  });
  const deps = await json<{ coin: string; amount: string }[]>('/sapi/v1/capital/deposit/hisrec', {
    coin: 'ETH',
  });
  assert.deepEqual(
    deps.map((d) => d.amount),
    ['7'],
  );
  const acct = await json<{ balances: { asset: string; free: string }[] }>('/api/v3/account');
  // 2.498 (see balances.test.ts) + 7
  assert.equal(acct.balances.find((b) => b.asset === 'ETH')?.free, '9.49800000');
  const bad = await fetch(`${emu.url}/__emulator/events`, {
    method: 'POST',
    body: JSON.stringify([{ type: 'deposit' }]),
  });
  assert.equal(bad.status, 400);
  assert.equal(typeof ((await bad.json()) as { msg: string }).msg, 'string');
});
