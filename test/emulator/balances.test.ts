import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { signedFetch, startTestEmulator } from '../helpers/emulator.ts';
import { fullScenario, issueScenario, T0 } from './scenarios.ts';

const H = 3_600_000;

async function read<T>(
  emu: RunningEmulator,
  path: string,
  params: Record<string, string | number> = {},
  key = 'k1',
  secret = 's1',
  method: 'GET' | 'POST' = 'GET',
): Promise<T> {
  const res = await signedFetch(emu, path, { apiKey: key, secret, params, method });
  const text = await res.text();
  assert.equal(res.status, 200, `${path}: ${text}`);
  return JSON.parse(text) as T;
}

type Spot = { balances: { asset: string; free: string; locked: string }[] };
const spotOf = (s: Spot) => Object.fromEntries(s.balances.map((b) => [b.asset, b.free]));

let issue: RunningEmulator;
let full: RunningEmulator;
before(async () => {
  issue = await startTestEmulator(issueScenario(), { enforceLimits: false });
  full = await startTestEmulator(fullScenario(), { enforceLimits: false });
});
after(async () => {
  await issue.close();
  await full.close();
});

test('the issue scenario: deposit credited at success, withdrawal leaves with its fee, transfer moves USDT', async () => {
  const at = (iso: string) => issue.setTime(Date.parse(iso));
  at('2026-01-05T10:40:00Z'); // deposit d1 still pending (status 0)
  assert.deepEqual(spotOf(await read<Spot>(issue, '/api/v3/account')), {
    BTC: '0.50000000',
    USDT: '1000.00000000',
  });
  at('2026-01-05T10:50:00Z'); // d1 reaches status 1: +1000
  assert.equal(spotOf(await read<Spot>(issue, '/api/v3/account')).USDT, '2000.00000000');
  at('2026-01-06T08:00:00Z'); // w1 applied: 0.5 − (0.1 + 0.0001) = 0.3999
  assert.equal(spotOf(await read<Spot>(issue, '/api/v3/account')).BTC, '0.39990000');
  at('2026-01-06T09:00:00Z'); // transfer spot → usdm 100 USDT
  assert.equal(spotOf(await read<Spot>(issue, '/api/v3/account')).USDT, '1900.00000000');
  const usdm = await read<{
    assets: { asset: string; walletBalance: string; unrealizedProfit: string; marginBalance: string }[];
    totalMarginBalance: string;
  }>(issue, '/fapi/v2/account');
  // wallet 2000 + 100; PnL 0.1 × (91000 − 88000) = 300; margin 2400
  assert.deepEqual(usdm.assets[0], {
    ...usdm.assets[0],
    asset: 'USDT',
    walletBalance: '2100.00000000',
    unrealizedProfit: '300.00000000',
    marginBalance: '2400.00000000',
  });
  assert.equal(usdm.totalMarginBalance, '2400.00000000');
});

test('cross margin netAsset = free + locked − borrowed − interest; COIN-M in coin units; earn rows', async () => {
  issue.setTime(Date.parse('2026-01-06T00:00:00Z'));
  const margin = await read<{ userAssets: Record<string, string>[] }>(issue, '/sapi/v1/margin/account');
  // 2 + 0 − 0.5 − 0.01 = 1.49
  assert.deepEqual(margin.userAssets, [
    {
      asset: 'ETH',
      borrowed: '0.50000000',
      free: '2.00000000',
      interest: '0.01000000',
      locked: '0.00000000',
      netAsset: '1.49000000',
    },
  ]);
  const coinm = await read<{ assets: Record<string, string>[] }>(issue, '/dapi/v1/account');
  assert.equal(coinm.assets[0]?.asset, 'BTC');
  assert.equal(coinm.assets[0]?.marginBalance, '0.05000000');
  const flex = await read<{ rows: { asset: string; totalAmount: string }[]; total: number }>(
    issue,
    '/sapi/v1/simple-earn/flexible/position',
  );
  assert.deepEqual([flex.total, flex.rows[0]?.asset, flex.rows[0]?.totalAmount], [1, 'USDT', '300.00000000']);
  const locked = await read<{ rows: { asset: string; amount: string; status: string }[] }>(
    issue,
    '/sapi/v1/simple-earn/locked/position',
  );
  assert.deepEqual(
    [locked.rows[0]?.asset, locked.rows[0]?.amount, locked.rows[0]?.status],
    ['ETH', '1.00000000', 'HOLDING'],
  );
  const funding = await read<unknown[]>(issue, '/sapi/v1/asset/get-funding-asset', {}, 'k1', 's1', 'POST');
  assert.deepEqual(funding, [
    { asset: 'USDT', free: '50', locked: '0', freeze: '0', withdrawing: '0', btcValuation: '0' },
  ]);
});

test('enableFutures:false is a trading permission: a key that can read still reads its futures wallets', async () => {
  issue.setTime(Date.parse('2026-01-06T00:00:00Z'));
  const r = await signedFetch(issue, '/fapi/v2/balance', { apiKey: 'k1', secret: 's1' });
  assert.equal(r.status, 200);
});

test('not-enabled wallets answer as Binance does', async () => {
  full.setTime(T0 + 20 * H);
  const call = (path: string) => signedFetch(full, path, { apiKey: 'plainKey', secret: 'plainSecret' });
  const margin = await call('/sapi/v1/margin/account');
  assert.deepEqual(
    [margin.status, await margin.json()],
    [400, { code: -3003, msg: 'Margin account does not exist.' }],
  );
  const isolated = await call('/sapi/v1/margin/isolated/account');
  assert.equal(isolated.status, 200);
  assert.deepEqual(((await isolated.json()) as { assets: unknown[] }).assets, []);
  for (const path of ['/fapi/v2/account', '/fapi/v3/account', '/dapi/v1/account']) {
    const r = await call(path);
    assert.equal(r.status, 401, path);
    assert.equal(((await r.json()) as { code: number }).code, -2015);
  }
  const earn = await call('/sapi/v1/simple-earn/flexible/position');
  assert.deepEqual(await earn.json(), { rows: [], total: 0 });
});

test('every event kind moves the balances it should', async () => {
  full.setTime(T0 + 20 * H);
  const spot = spotOf(
    await read<Spot>(full, '/api/v3/account', { omitZeroBalances: 'true' }, 'alphaKey', 'alphaSecret'),
  );
  // USDT: 10000 + 1000 deposit − 301 withdrawal + 301 back (cancelled) − 200 transfer − 3000 ETH buy
  //       + 6100 BTC sell (0.1 × 61000: 60000 + 10000 × 10/100 at 10h) − 5 commission + 40 sub-account − 20 convert
  // = 13915 (Pay goes to the funding wallet)
  assert.equal(spot.USDT, '13915.00000000');
  const funding = await read<{ asset: string; free: string }[]>(
    full,
    '/sapi/v1/asset/get-funding-asset',
    {},
    'alphaKey',
    'alphaSecret',
    'POST',
  );
  assert.equal(funding.find((r) => r.asset === 'USDT')?.free, '125'); // 100 + 25 Pay
  // ETH: 2 free − (0.5 + 0.001) + 1 bought − 0.001 commission (0.1% of 1 ETH received) = 2.498
  assert.equal(spot.ETH, '2.49800000');
  // BTC: 1 + 0.25 (deposit credited at 8h) − 0.1 sold = 1.15
  assert.equal(spot.BTC, '1.15000000');
  assert.equal(spot.EUR, '499.00000000'); // 500 − 1 fee, credited when Successful
  assert.equal(spot.SOL, '0.60000000'); // fiat payment buy
  assert.equal(spot.BNB, '0.03300000'); // convert 0.03 + dust 0.003
  assert.equal(spot.LDO, '99.00000000'); // dust took 1
  assert.equal(spot.LDBTC, '0.10000000'); // an LD asset is an asset like any other in spot
  const usdm = await read<{ assets: { asset: string; walletBalance: string }[] }>(
    full,
    '/fapi/v3/account',
    {},
    'alphaKey',
    'alphaSecret',
  );
  // 5000 + 200 transfer − 2.5 funding fee
  assert.equal(usdm.assets[0]?.walletBalance, '5197.50000000');
});

test('a pending deposit does not count until it succeeds; a withdrawal leaves at its time', async () => {
  full.setTime(T0 + 7 * H);
  let spot = spotOf(await read<Spot>(full, '/api/v3/account', {}, 'alphaKey', 'alphaSecret'));
  assert.equal(spot.BTC, '1.00000000');
  full.setTime(T0 + 8 * H);
  spot = spotOf(await read<Spot>(full, '/api/v3/account', {}, 'alphaKey', 'alphaSecret'));
  assert.equal(spot.BTC, '1.25000000');
  full.setTime(T0 + 5 * H + 30 * 60_000); // USDT withdrawal applied, cancellation not yet
  spot = spotOf(await read<Spot>(full, '/api/v3/account', {}, 'alphaKey', 'alphaSecret'));
  // 10000 + 1000 − 301
  assert.equal(spot.USDT, '10699.00000000');
});

test('omitZeroBalances drops zero rows only when asked', async () => {
  const s = issueScenario() as { accounts: { spot: Record<string, string> }[] };
  s.accounts[0]!.spot.ETH = '0';
  const emu = await startTestEmulator(s as never);
  try {
    const all = await read<Spot>(emu, '/api/v3/account');
    assert.ok(all.balances.some((b) => b.asset === 'ETH'));
    const some = await read<Spot>(emu, '/api/v3/account', { omitZeroBalances: 'true' });
    assert.ok(!some.balances.some((b) => b.asset === 'ETH'));
  } finally {
    await emu.close();
  }
});

test('futures PnL at the mark: USDⓈ-M in quote units, COIN-M inverse in coin units', async () => {
  full.setTime(T0 + 50 * H); // BTCUSDT = 60000 + 10000 × 50/100 = 65000
  type Fut = {
    assets: { asset: string; walletBalance: string; unrealizedProfit: string; marginBalance: string }[];
  };
  const usdm = await read<Fut>(full, '/fapi/v2/account', {}, 'alphaKey', 'alphaSecret');
  // 0.5 × (65000 − 62000) = 1500; wallet 5197.5 → margin 6697.5
  assert.deepEqual(
    [usdm.assets[0]?.unrealizedProfit, usdm.assets[0]?.marginBalance],
    ['1500.00000000', '6697.50000000'],
  );
  const coinm = await read<Fut>(full, '/dapi/v1/account', {}, 'alphaKey', 'alphaSecret');
  // 10 contracts × 100 USD × (1/60000 − 1/65000) = 1000 × 5000 / 3.9e9 = 0.00128205(128…) BTC
  assert.deepEqual(
    [coinm.assets[0]?.unrealizedProfit, coinm.assets[0]?.marginBalance],
    ['0.00128205', '0.20128205'],
  );
  const isolated = await read<{
    assets: { quoteAsset: { netAsset: string }; baseAsset: { netAsset: string } }[];
  }>(full, '/sapi/v1/margin/isolated/account', {}, 'alphaKey', 'alphaSecret');
  // quote 500 − 100 borrowed = 400; base 1 ETH
  assert.deepEqual(
    [isolated.assets[0]?.baseAsset.netAsset, isolated.assets[0]?.quoteAsset.netAsset],
    ['1.00000000', '400.00000000'],
  );
});
