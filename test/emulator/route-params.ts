import { T0 } from './scenarios.ts';

const HOUR = 3_600_000;
/** The clock the parameters are written for: fullScenario() at T0 + 100 h. */
export const NOW = T0 + 100 * HOUR;

/** Parameters each route the emulator serves needs for a 200 with fullScenario() (beyond timestamp, recvWindow and signature). */
export const ROUTE_PARAMS: Record<string, Record<string, string>> = {
  'GET /api/v3/time': {},
  'GET /api/v3/ping': {},
  'GET /api/v3/exchangeInfo': {},
  'GET /api/v3/ticker/price': { symbols: '["BTCUSDT","ETHUSDT"]' },
  'GET /api/v3/klines': { symbol: 'BTCUSDT', interval: '1h', limit: '24' },
  'GET /api/v3/account': { omitZeroBalances: 'true' },
  'POST /sapi/v1/asset/get-funding-asset': { needBtcValuation: 'true' },
  'POST /sapi/v3/asset/getUserAsset': { needBtcValuation: 'true' },
  'GET /sapi/v1/account/apiRestrictions': {},
  'GET /sapi/v1/asset/wallet/balance': {},
  'GET /sapi/v1/margin/account': {},
  'GET /sapi/v1/margin/isolated/account': {},
  'GET /fapi/v2/account': {},
  'GET /fapi/v3/account': {},
  'GET /fapi/v2/balance': {},
  'GET /fapi/v3/balance': {},
  'GET /dapi/v1/account': {},
  'GET /sapi/v1/simple-earn/flexible/position': { current: '1', size: '100' },
  'GET /sapi/v1/simple-earn/locked/position': { current: '1', size: '100' },
  'GET /sapi/v1/accountSnapshot': { type: 'SPOT', limit: '7' },
  'GET /sapi/v1/capital/deposit/hisrec': { startTime: String(T0), endTime: String(NOW) },
  'GET /sapi/v1/capital/withdraw/history': { startTime: String(T0), endTime: String(NOW) },
  'GET /api/v3/myTrades': { symbol: 'ETHUSDT', startTime: String(T0), endTime: String(T0 + 24 * HOUR) },
  'GET /sapi/v1/asset/dribblet': {},
  'GET /sapi/v1/convert/tradeFlow': { startTime: String(T0), endTime: String(NOW) },
  'GET /sapi/v1/fiat/orders': { transactionType: '0', beginTime: String(T0), endTime: String(NOW) },
  'GET /sapi/v1/fiat/payments': { transactionType: '0', beginTime: String(T0), endTime: String(NOW) },
  'GET /sapi/v1/pay/transactions': { startTime: String(T0), endTime: String(NOW) },
  'GET /sapi/v1/sub-account/transfer/subUserHistory': { startTime: String(T0), endTime: String(NOW) },
  'GET /sapi/v1/sub-account/universalTransfer': { startTime: String(T0), endTime: String(NOW) },
  'GET /sapi/v1/asset/transfer': { type: 'MAIN_UMFUTURE', startTime: String(T0), endTime: String(NOW) },
  'GET /fapi/v1/income': { startTime: String(T0), endTime: String(NOW) },
};
