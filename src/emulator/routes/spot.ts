/** Spot and funding balances, key permissions, wallet totals. */
import { type Big, fmt8, fmtPlain, sum, ZERO } from '../decimal.ts';
import { futuresView } from '../futures.ts';
import type { Json } from '../json.ts';
import type { Holding, Wallet } from '../state.ts';
import { btc, fundingTotal, hasWallet, netAsset, signed, total } from './holdings.ts';
import { accountOf, type Route, type RouteContext } from './types.ts';

function spotAccount(ctx: RouteContext): Json {
  const a = accountOf(ctx);
  const p = a.spec.permissions;
  const omitZero = ctx.params.get('omitZeroBalances') === 'true';
  const balances = [...ctx.world.state(a, ctx.now).spot]
    .filter(([, h]) => !omitZero || !total(h).eq(0))
    .map(([asset, h]) => ({ asset, free: fmt8(h.free), locked: fmt8(h.locked) }));
  const lastChange = a.effects.filter((f) => f.at <= ctx.now).at(-1)?.at ?? ctx.world.start;
  return {
    makerCommission: 10,
    takerCommission: 10,
    buyerCommission: 0,
    sellerCommission: 0,
    commissionRates: { maker: '0.00100000', taker: '0.00100000', buyer: '0.00000000', seller: '0.00000000' },
    canTrade: p.enableSpotAndMarginTrading,
    canWithdraw: p.enableWithdrawals,
    canDeposit: true,
    brokered: false,
    requireSelfTradePrevention: false,
    preventSor: false,
    updateTime: lastChange,
    accountType: 'SPOT',
    balances,
    permissions: ['SPOT'],
    uid: a.uid,
  };
}

function fundingRows(
  ctx: RouteContext,
  wallet: Wallet,
  withIpoable: boolean,
  keep: (h: Holding) => boolean,
): Json {
  const wantBtc = ctx.params.get('needBtcValuation') === 'true';
  const only = ctx.params.get('asset');
  return [...wallet]
    .filter(([asset, h]) => (only === undefined || asset === only) && keep(h))
    .map(([asset, h]) => ({
      asset,
      free: fmtPlain(h.free),
      locked: fmtPlain(h.locked),
      freeze: fmtPlain(h.freeze),
      withdrawing: fmtPlain(h.withdrawing),
      ...(withIpoable ? { ipoable: '0' } : {}),
      btcValuation: wantBtc ? fmtPlain(btc(ctx.world, asset, fundingTotal(h), ctx.now)) : '0',
    }));
}

function apiRestrictions(ctx: RouteContext): Json {
  const a = accountOf(ctx);
  const p = a.spec.permissions;
  return {
    ipRestrict: p.ipRestrict,
    createTime: a.createTime,
    enableReading: p.enableReading,
    enableWithdrawals: p.enableWithdrawals,
    enableInternalTransfer: p.enableInternalTransfer,
    enableMargin: p.enableMargin,
    enableFutures: p.enableFutures,
    permitsUniversalTransfer: p.permitsUniversalTransfer,
    enableVanillaOptions: p.enableVanillaOptions,
    enableFixApiTrade: p.enableFixApiTrade,
    enableFixReadOnly: p.enableFixReadOnly,
    enableSpotAndMarginTrading: p.enableSpotAndMarginTrading,
    enablePortfolioMarginTrading: p.enablePortfolioMarginTrading,
  };
}

/** Every wallet's value in BTC (or `quoteAsset`), by Binance's wallet names. */
function walletBalance(ctx: RouteContext): Json {
  const a = accountOf(ctx);
  const quote = ctx.params.get('quoteAsset') ?? 'BTC';
  const s = ctx.world.state(a, ctx.now);
  const w = ctx.world;
  const t = ctx.now;
  const val = (wallet: Wallet, qty: (h: Holding) => Big) =>
    sum([...wallet].map(([asset, h]) => w.valueIn(asset, qty(h), quote, t)));
  const futures = (kind: 'usdm' | 'coinm') =>
    hasWallet(a, kind)
      ? sum(
          futuresView(w, kind, a.spec[kind], s[kind], t).assets.map((x) =>
            w.valueIn(x.asset, x.marginBalance, quote, t),
          ),
        )
      : ZERO;
  const isolated = sum(
    [...s.isolated].flatMap(([, p]) => [
      w.valueIn(p.baseAsset, netAsset(p.base), quote, t),
      w.valueIn(p.quoteAsset, netAsset(p.quote), quote, t),
    ]),
  );
  const rows: [string, boolean, Big][] = [
    ['Spot', true, val(s.spot, total)],
    ['Funding', true, val(s.funding, fundingTotal)],
    ['Cross Margin', hasWallet(a, 'crossMargin'), val(s.crossMargin, netAsset)],
    ['Isolated Margin', hasWallet(a, 'isolatedMargin'), isolated],
    ['USDⓈ-M Futures', hasWallet(a, 'usdm'), futures('usdm')],
    ['COIN-M Futures', hasWallet(a, 'coinm'), futures('coinm')],
    ['Earn', true, val(s.earnFlexible, (h) => h.free).plus(val(s.earnLocked, (h) => h.free))],
    ['Options', false, ZERO],
    ['Trading Bots', false, ZERO],
    ['Copy Trading', false, ZERO],
  ];
  return rows.map(([walletName, activate, balance]) => ({
    activate,
    balance: fmtPlain(balance),
    walletName,
  }));
}

export const spotRoutes: Route[] = [
  signed('GET', '/api/v3/account', 'api', 20, spotAccount),
  signed('POST', '/sapi/v1/asset/get-funding-asset', 'sapi', 1, (ctx) =>
    fundingRows(ctx, ctx.world.state(accountOf(ctx), ctx.now).funding, false, (h) => !fundingTotal(h).eq(0)),
  ),
  signed('POST', '/sapi/v3/asset/getUserAsset', 'sapi', 5, (ctx) =>
    fundingRows(ctx, ctx.world.state(accountOf(ctx), ctx.now).spot, true, (h) => total(h).gt(0)),
  ),
  signed('GET', '/sapi/v1/account/apiRestrictions', 'sapi', 1, apiRestrictions),
  signed('GET', '/sapi/v1/asset/wallet/balance', 'sapi', 60, walletBalance),
];
