/**
 * Every endpoint the client calls, with its request weight and the limit it counts against
 * (binance-api.md, "Balances", "Prices", "Money in and out").
 */

export type HostRole = 'api' | 'fapi' | 'dapi' | 'data';

/** api: REQUEST_WEIGHT of /api per IP; sapi-ip: one per /sapi endpoint per IP; sapi-uid: one per endpoint per account. */
export type LimitFamily = 'api' | 'fapi' | 'dapi' | 'sapi-ip' | 'sapi-uid';

export const LIMIT_PER_MINUTE: Readonly<Record<LimitFamily, number>> = {
  api: 6000,
  fapi: 2400,
  dapi: 2400,
  'sapi-ip': 12000,
  'sapi-uid': 180000,
};

export interface Endpoint {
  method: 'GET' | 'POST';
  path: string;
  host: HostRole;
  weight: number;
  limit: LimitFamily;
  signed: boolean;
  /** Read-only: safe to send again when the outcome of a try is unknown (5xx, reset, timeout). */
  readOnly: boolean;
}

function get(path: string, host: HostRole, weight: number, limit: LimitFamily, signed: boolean): Endpoint {
  return { method: 'GET', path, host, weight, limit, signed, readOnly: true };
}

export const ENDPOINTS = {
  time: get('/api/v3/time', 'api', 1, 'api', false),
  exchangeInfo: get('/api/v3/exchangeInfo', 'data', 20, 'api', false),
  tickerPrices: get('/api/v3/ticker/price', 'data', 4, 'api', false),
  klines: get('/api/v3/klines', 'data', 2, 'api', false),
  spotAccount: get('/api/v3/account', 'api', 20, 'api', true),
  // Documented as POST but they only read: retrying them after an unknown outcome is harmless.
  fundingAssets: {
    method: 'POST',
    path: '/sapi/v1/asset/get-funding-asset',
    host: 'api',
    weight: 1,
    limit: 'sapi-ip',
    signed: true,
    readOnly: true,
  },
  userAssets: {
    method: 'POST',
    path: '/sapi/v3/asset/getUserAsset',
    host: 'api',
    weight: 5,
    limit: 'sapi-ip',
    signed: true,
    readOnly: true,
  },
  crossMarginAccount: get('/sapi/v1/margin/account', 'api', 10, 'sapi-ip', true),
  isolatedMarginAccount: get('/sapi/v1/margin/isolated/account', 'api', 10, 'sapi-ip', true),
  usdmAccount: get('/fapi/v2/account', 'fapi', 5, 'fapi', true),
  coinmAccount: get('/dapi/v1/account', 'dapi', 5, 'dapi', true),
  earnFlexiblePositions: get('/sapi/v1/simple-earn/flexible/position', 'api', 150, 'sapi-ip', true),
  earnLockedPositions: get('/sapi/v1/simple-earn/locked/position', 'api', 150, 'sapi-ip', true),
  apiRestrictions: get('/sapi/v1/account/apiRestrictions', 'api', 1, 'sapi-ip', true),
  accountSnapshot: get('/sapi/v1/accountSnapshot', 'api', 2400, 'sapi-ip', true),
  depositHistory: get('/sapi/v1/capital/deposit/hisrec', 'api', 1, 'sapi-ip', true),
  withdrawHistory: get('/sapi/v1/capital/withdraw/history', 'api', 18000, 'sapi-uid', true),
  fiatOrders: get('/sapi/v1/fiat/orders', 'api', 45000, 'sapi-uid', true),
  fiatPayments: get('/sapi/v1/fiat/payments', 'api', 1, 'sapi-ip', true),
  payTransactions: get('/sapi/v1/pay/transactions', 'api', 3000, 'sapi-uid', true),
  subAccountTransferHistory: get('/sapi/v1/sub-account/transfer/subUserHistory', 'api', 1, 'sapi-ip', true),
  universalTransfers: get('/sapi/v1/sub-account/universalTransfer', 'api', 1, 'sapi-ip', true),
  walletTransfers: get('/sapi/v1/asset/transfer', 'api', 1, 'sapi-ip', true),
} as const satisfies Record<string, Endpoint>;

export type EndpointName = keyof typeof ENDPOINTS;

export function endpointLabel(endpoint: Endpoint): string {
  return `${endpoint.method} ${endpoint.path}`;
}
