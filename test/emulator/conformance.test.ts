import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { signedFetch, startTestEmulator } from '../helpers/emulator.ts';
import { fullScenario, T0 } from './scenarios.ts';
import { assertSameShape, type ShapeOptions } from './shape.ts';

/**
 * For every Binance fixture that maps to an endpoint the emulator serves, the emulator's answer has the same field
 * names and JSON types (recursively, arrays by their first element).
 */

const FIXTURES = '/work/shared/fixtures/binance';
const NOW = T0 + 100 * 3_600_000;
const FROM = T0 - 3_600_000;

interface Call {
  path: string;
  method?: 'GET' | 'POST';
  signed?: boolean;
  params?: Record<string, string | number>;
  shape?: ShapeOptions;
}

const CALLS: Record<string, Call> = {
  'GET_api_v3_time.json': { path: '/api/v3/time' },
  'GET_api_v3_exchangeInfo.json': {
    path: '/api/v3/exchangeInfo',
    // The doc page's placeholders: rateLimits [{}], empty filters and permissions.
    shape: {
      optionalArrays: ['$.symbols[].filters', '$.symbols[].permissions', '$.exchangeFilters'],
      ignorePaths: ['$.rateLimits[]'],
    },
  },
  'GET_api_v3_exchangeInfo_wsapi.json': {
    path: '/api/v3/exchangeInfo',
    shape: { optionalArrays: ['$.symbols[].permissions', '$.exchangeFilters'] },
  },
  'GET_api_v3_ticker_price.json': { path: '/api/v3/ticker/price', params: { symbol: 'BTCUSDT' } },
  'GET_api_v3_ticker_price_list.json': { path: '/api/v3/ticker/price' },
  'GET_api_v3_klines.json': {
    path: '/api/v3/klines',
    params: { symbol: 'BTCUSDT', interval: '1h', limit: 5 },
  },
  'GET_api_v3_account.json': { path: '/api/v3/account', signed: true, params: { omitZeroBalances: 'true' } },
  'GET_api_v3_myTrades.json': { path: '/api/v3/myTrades', signed: true, params: { symbol: 'ETHUSDT' } },
  'POST_sapi_v1_asset_get-funding-asset.json': {
    path: '/sapi/v1/asset/get-funding-asset',
    method: 'POST',
    signed: true,
  },
  'POST_sapi_v3_asset_getUserAsset.json': {
    path: '/sapi/v3/asset/getUserAsset',
    method: 'POST',
    signed: true,
  },
  'GET_sapi_v1_asset_wallet_balance.json': { path: '/sapi/v1/asset/wallet/balance', signed: true },
  'GET_sapi_v1_account_apiRestrictions.json': { path: '/sapi/v1/account/apiRestrictions', signed: true },
  'GET_sapi_v1_accountSnapshot_SPOT.json': {
    path: '/sapi/v1/accountSnapshot',
    signed: true,
    params: { type: 'SPOT' },
  },
  'GET_sapi_v1_accountSnapshot_MARGIN.json': {
    path: '/sapi/v1/accountSnapshot',
    signed: true,
    params: { type: 'MARGIN' },
  },
  'GET_sapi_v1_accountSnapshot_FUTURES.json': {
    path: '/sapi/v1/accountSnapshot',
    signed: true,
    params: { type: 'FUTURES' },
  },
  'GET_sapi_v1_margin_account.json': { path: '/sapi/v1/margin/account', signed: true },
  'GET_sapi_v1_margin_isolated_account.json': { path: '/sapi/v1/margin/isolated/account', signed: true },
  'GET_fapi_v2_account.json': { path: '/fapi/v2/account', signed: true },
  'GET_fapi_v3_account.json': { path: '/fapi/v3/account', signed: true },
  'GET_fapi_v2_balance.json': { path: '/fapi/v2/balance', signed: true },
  'GET_fapi_v3_balance.json': { path: '/fapi/v3/balance', signed: true },
  'GET_dapi_v1_account.json': { path: '/dapi/v1/account', signed: true },
  'GET_sapi_v1_simple-earn_flexible_position.json': {
    path: '/sapi/v1/simple-earn/flexible/position',
    signed: true,
    shape: { mapPaths: ['$.rows[].tierAnnualPercentageRate'] },
  },
  'GET_sapi_v1_simple-earn_locked_position.json': {
    path: '/sapi/v1/simple-earn/locked/position',
    signed: true,
  },
  'GET_sapi_v1_capital_deposit_hisrec.json': { path: '/sapi/v1/capital/deposit/hisrec', signed: true },
  'GET_sapi_v1_capital_withdraw_history.json': {
    path: '/sapi/v1/capital/withdraw/history',
    signed: true,
    params: { withdrawOrderId: 'WD-1' },
  },
  'GET_sapi_v1_fiat_orders.json': {
    path: '/sapi/v1/fiat/orders',
    signed: true,
    params: { transactionType: 0 },
  },
  'GET_sapi_v1_fiat_payments.json': {
    path: '/sapi/v1/fiat/payments',
    signed: true,
    params: { transactionType: 0 },
  },
  'GET_sapi_v1_pay_transactions.json': {
    path: '/sapi/v1/pay/transactions',
    signed: true,
    shape: { mapPaths: ['$.data[].fundsDetail[].walletAssetCost'] },
  },
  'GET_sapi_v1_sub-account_transfer_subUserHistory.json': {
    path: '/sapi/v1/sub-account/transfer/subUserHistory',
    signed: true,
  },
  'GET_sapi_v1_sub-account_universalTransfer.json': {
    path: '/sapi/v1/sub-account/universalTransfer',
    signed: true,
  },
  'GET_sapi_v1_asset_transfer.json': {
    path: '/sapi/v1/asset/transfer',
    signed: true,
    params: { type: 'MAIN_UMFUTURE' },
  },
  'GET_fapi_v1_income.json': { path: '/fapi/v1/income', signed: true, params: { startTime: FROM } },
  'GET_sapi_v1_asset_dribblet.json': { path: '/sapi/v1/asset/dribblet', signed: true },
  'GET_sapi_v1_convert_tradeFlow.json': {
    path: '/sapi/v1/convert/tradeFlow',
    signed: true,
    params: { startTime: FROM, endTime: NOW },
  },
  'error_example.json': { path: '/api/v3/ticker/price', params: { symbol: 'NOPE' } },
};

let emu: RunningEmulator;
before(async () => {
  emu = await startTestEmulator(fullScenario(), { enforceLimits: false });
  emu.setTime(NOW);
});
after(() => emu.close());

async function call(c: Call): Promise<string> {
  if (!c.signed) {
    const qs = new URLSearchParams(Object.entries(c.params ?? {}).map(([k, v]) => [k, String(v)])).toString();
    return (await fetch(`${emu.url}${c.path}${qs ? `?${qs}` : ''}`)).text();
  }
  const res = await signedFetch(emu, c.path, {
    apiKey: 'alphaKey',
    secret: 'alphaSecret',
    method: c.method ?? 'GET',
    params: c.params ?? {},
  });
  const text = await res.text();
  assert.equal(res.status, 200, `${c.path}: ${text}`);
  return text;
}

test('every fixture is mapped to an endpoint (none silently skipped)', () => {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));
  assert.deepEqual(
    files.filter((f) => !(f in CALLS)),
    [],
  );
});

for (const [file, c] of Object.entries(CALLS)) {
  test(`shape of ${file}`, async () => {
    const expected = readFileSync(`${FIXTURES}/${file}`, 'utf8');
    assertSameShape(expected, await call(c), c.shape ?? {}, file);
  });
}
