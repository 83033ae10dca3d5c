import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { z } from 'zod';
import { parseBinanceJson } from '../../src/binance/json.ts';
import * as history from '../../src/binance/schemas/history.ts';
import * as market from '../../src/binance/schemas/market.ts';
import * as wallets from '../../src/binance/schemas/wallets.ts';

const FIXTURES = '/work/shared/fixtures/binance';

/** Fixture → the schema the client validates it with, and the fields it turns into string ids. */
const CASES: Record<string, { schema: z.ZodType; ids: string[] }> = {
  'GET_api_v3_time.json': { schema: market.serverTimeSchema, ids: [] },
  'GET_api_v3_exchangeInfo.json': { schema: market.exchangeInfoSchema, ids: [] },
  'GET_api_v3_exchangeInfo_wsapi.json': { schema: market.exchangeInfoSchema, ids: [] },
  'GET_api_v3_ticker_price.json': { schema: market.tickerPriceSchema, ids: [] },
  'GET_api_v3_ticker_price_list.json': { schema: market.tickerPricesSchema, ids: [] },
  'GET_api_v3_klines.json': { schema: market.klinesSchema, ids: [] },
  'GET_api_v3_account.json': { schema: wallets.spotAccountSchema, ids: ['uid'] },
  'POST_sapi_v1_asset_get-funding-asset.json': { schema: wallets.fundingAssetsSchema, ids: [] },
  'POST_sapi_v3_asset_getUserAsset.json': { schema: wallets.userAssetsSchema, ids: [] },
  'GET_sapi_v1_margin_account.json': { schema: wallets.crossMarginAccountSchema, ids: [] },
  'GET_sapi_v1_margin_isolated_account.json': { schema: wallets.isolatedMarginAccountSchema, ids: [] },
  'GET_fapi_v2_account.json': { schema: wallets.usdmAccountSchema, ids: [] },
  'GET_fapi_v3_account.json': { schema: wallets.usdmAccountSchema, ids: [] },
  'GET_dapi_v1_account.json': { schema: wallets.coinmAccountSchema, ids: [] },
  'GET_sapi_v1_simple-earn_flexible_position.json': {
    schema: wallets.earnFlexiblePageSchema,
    ids: ['productId'],
  },
  'GET_sapi_v1_simple-earn_locked_position.json': {
    schema: wallets.earnLockedPageSchema,
    ids: ['positionId', 'parentPositionId', 'projectId'],
  },
  'GET_sapi_v1_account_apiRestrictions.json': { schema: wallets.apiRestrictionsSchema, ids: [] },
  'GET_sapi_v1_accountSnapshot_SPOT.json': { schema: wallets.accountSnapshotSchema, ids: [] },
  'GET_sapi_v1_accountSnapshot_MARGIN.json': { schema: wallets.accountSnapshotSchema, ids: [] },
  'GET_sapi_v1_accountSnapshot_FUTURES.json': { schema: wallets.accountSnapshotSchema, ids: [] },
  'GET_sapi_v1_capital_deposit_hisrec.json': { schema: history.depositsSchema, ids: ['id'] },
  'GET_sapi_v1_capital_withdraw_history.json': { schema: history.withdrawalsSchema, ids: ['id'] },
  'GET_sapi_v1_fiat_orders.json': { schema: history.fiatOrdersPageSchema, ids: ['orderNo'] },
  'GET_sapi_v1_fiat_payments.json': { schema: history.fiatPaymentsPageSchema, ids: ['orderNo'] },
  'GET_sapi_v1_pay_transactions.json': { schema: history.payTransactionsPageSchema, ids: ['transactionId'] },
  'GET_sapi_v1_sub-account_transfer_subUserHistory.json': {
    schema: history.subAccountTransfersSchema,
    ids: ['tranId'],
  },
  'GET_sapi_v1_sub-account_universalTransfer.json': {
    schema: history.universalTransfersPageSchema,
    ids: ['tranId'],
  },
  'GET_sapi_v1_asset_transfer.json': { schema: history.walletTransfersPageSchema, ids: ['tranId'] },
};

/** Endpoints the client does not call (trade history, income, dust, convert, wallet balance) and the error body. */
const NOT_CALLED = new Set([
  'GET_api_v3_myTrades.json',
  'GET_fapi_v1_income.json',
  'GET_fapi_v2_balance.json',
  'GET_fapi_v3_balance.json',
  'GET_sapi_v1_asset_dribblet.json',
  'GET_sapi_v1_asset_wallet_balance.json',
  'GET_sapi_v1_convert_tradeFlow.json',
  'error_example.json',
]);

/** The fixture as the client must return it: every value kept, only the id fields turned into strings. */
function expected(raw: unknown, ids: ReadonlySet<string>): unknown {
  if (Array.isArray(raw)) return raw.map((item) => expected(item, ids));
  if (typeof raw !== 'object' || raw === null) return raw;
  return Object.fromEntries(
    Object.entries(raw).map(([key, value]) => [
      key,
      ids.has(key) && typeof value === 'number' ? String(value) : expected(value, ids),
    ]),
  );
}

test('every fixture is either validated by a client schema or listed as not called', () => {
  const files = readdirSync(FIXTURES).filter((name) => name.endsWith('.json'));
  const unknown = files.filter((name) => !(name in CASES) && !NOT_CALLED.has(name));
  assert.deepEqual(unknown, []);
  for (const name of Object.keys(CASES)) assert.ok(files.includes(name), `${name} missing`);
});

for (const [file, { schema, ids }] of Object.entries(CASES)) {
  test(`schema parses ${file} exactly (decimals as strings, ids as strings)`, () => {
    const raw = parseBinanceJson(readFileSync(`${FIXTURES}/${file}`, 'utf8'));
    const parsed = schema.parse(raw);
    assert.deepEqual(parsed, expected(raw, new Set(ids)));
    for (const idField of ids) {
      const text = JSON.stringify(parsed);
      assert.doesNotMatch(text, new RegExp(`"${idField}":\\d`), `${idField} left as a number`);
    }
  });
}

test('a decimal sent as a JSON number is refused (it may already have lost precision)', () => {
  const body = { asset: 'BTC', free: 0.1, locked: '0', freeze: '0', withdrawing: '0', btcValuation: '0' };
  assert.equal(wallets.fundingAssetsSchema.safeParse([body]).success, false);
});

test('a big tranId parsed from text stays exact through the schema', () => {
  const text =
    '{"total":1,"rows":[{"asset":"USDT","amount":"1","type":"MAIN_UMFUTURE","status":"CONFIRMED","tranId":8082457372019390060,"timestamp":1544433328000}]}';
  const page = history.walletTransfersPageSchema.parse(parseBinanceJson(text));
  assert.equal(page.rows[0]?.tranId, '8082457372019390060');
});
