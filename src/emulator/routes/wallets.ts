import { Big, fmt8, fmtPlain, sum, ZERO } from '../decimal.ts';
import { ApiError, invalidKey } from '../errors.ts';
import { futuresView } from '../futures.ts';
import { type Json, numericId } from '../json.ts';
import { hashId } from '../random.ts';
import type { Holding, Wallet } from '../state.ts';
import type { AccountRuntime, World } from '../world.ts';
import { accountOf, intParam, type Route, type RouteContext } from './types.ts';

/** Which optional wallets an account has: present in the scenario unless switched off, or switched on. */
export function hasWallet(
  a: AccountRuntime,
  kind: 'crossMargin' | 'isolatedMargin' | 'usdm' | 'coinm',
): boolean {
  const switched = a.spec.wallets[kind];
  if (switched !== undefined) return switched;
  return a.spec[kind] !== undefined;
}

const total = (h: Holding): Big => h.free.plus(h.locked);
const netAsset = (h: Holding): Big => h.free.plus(h.locked).minus(h.borrowed).minus(h.interest);
const fundingTotal = (h: Holding): Big => h.free.plus(h.locked).plus(h.freeze).plus(h.withdrawing);

function btc(world: World, asset: string, qty: Big, t: number): Big {
  return world.valueIn(asset, qty, 'BTC', t);
}

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

function marginAssetRow(asset: string, h: Holding): Json {
  return {
    asset,
    borrowed: fmt8(h.borrowed),
    free: fmt8(h.free),
    interest: fmt8(h.interest),
    locked: fmt8(h.locked),
    netAsset: fmt8(netAsset(h)),
  };
}

/** Margin level = total assets / total liabilities, both in BTC; 999 when nothing is owed. */
function marginLevel(assetsBtc: Big, liabilityBtc: Big): string {
  return liabilityBtc.eq(0) ? '999.00000000' : fmt8(assetsBtc.div(liabilityBtc));
}

function crossMargin(ctx: RouteContext): Json {
  const a = accountOf(ctx);
  if (!hasWallet(a, 'crossMargin')) throw new ApiError(400, -3003, 'Margin account does not exist.');
  const w = ctx.world.state(a, ctx.now).crossMargin;
  const assetBtc = sum([...w].map(([asset, h]) => btc(ctx.world, asset, total(h), ctx.now)));
  const liabilityBtc = sum(
    [...w].map(([asset, h]) => btc(ctx.world, asset, h.borrowed.plus(h.interest), ctx.now)),
  );
  const usdt = (x: Big) => ctx.world.valueIn('BTC', x, 'USDT', ctx.now);
  return {
    created: true,
    borrowEnabled: true,
    marginLevel: marginLevel(assetBtc, liabilityBtc),
    collateralMarginLevel: marginLevel(assetBtc, liabilityBtc),
    totalAssetOfBtc: fmt8(assetBtc),
    totalLiabilityOfBtc: fmt8(liabilityBtc),
    totalNetAssetOfBtc: fmt8(assetBtc.minus(liabilityBtc)),
    TotalCollateralValueInUSDT: fmt8(usdt(assetBtc)),
    totalOpenOrderLossInUSDT: '0.00000000',
    tradeEnabled: true,
    transferInEnabled: true,
    transferOutEnabled: true,
    accountType: 'MARGIN_1',
    userAssets: [...w].map(([asset, h]) => marginAssetRow(asset, h)),
  };
}

function isolatedMargin(ctx: RouteContext): Json {
  const a = accountOf(ctx);
  const wanted = ctx.params.get('symbols')?.split(',');
  if (wanted && wanted.length > 5)
    throw new ApiError(400, -1100, "Illegal value for parameter 'symbols': at most 5.");
  const pairs = hasWallet(a, 'isolatedMargin') ? [...ctx.world.state(a, ctx.now).isolated] : [];
  let assetBtc = ZERO;
  let liabilityBtc = ZERO;
  const assets = pairs
    .filter(([symbol]) => !wanted || wanted.includes(symbol))
    .map(([symbol, p]) => {
      const side = (asset: string, h: Holding): Json => {
        const btcAsset = btc(ctx.world, asset, total(h), ctx.now);
        const btcDebt = btc(ctx.world, asset, h.borrowed.plus(h.interest), ctx.now);
        assetBtc = assetBtc.plus(btcAsset);
        liabilityBtc = liabilityBtc.plus(btcDebt);
        return {
          asset,
          borrowEnabled: true,
          borrowed: fmt8(h.borrowed),
          free: fmt8(h.free),
          interest: fmt8(h.interest),
          locked: fmt8(h.locked),
          netAsset: fmt8(netAsset(h)),
          netAssetOfBtc: fmt8(btc(ctx.world, asset, netAsset(h), ctx.now)),
          repayEnabled: true,
          totalAsset: fmt8(total(h)),
        };
      };
      const before = [assetBtc, liabilityBtc] as const;
      const baseAsset = side(p.baseAsset, p.base);
      const quoteAsset = side(p.quoteAsset, p.quote);
      const pairAssets = assetBtc.minus(before[0]);
      const pairDebt = liabilityBtc.minus(before[1]);
      return {
        baseAsset,
        quoteAsset,
        symbol,
        isolatedCreated: true,
        enabled: true,
        marginLevel: marginLevel(pairAssets, pairDebt),
        marginLevelStatus: 'EXCESSIVE',
        marginRatio: '10.00000000',
        indexPrice: fmt8(ctx.world.price(symbol, ctx.now)),
        liquidatePrice: '0.00000000',
        liquidateRate: '0.00000000',
        tradeEnabled: true,
      };
    });
  if (wanted) return { assets };
  return {
    assets,
    totalAssetOfBtc: fmt8(assetBtc),
    totalLiabilityOfBtc: fmt8(liabilityBtc),
    totalNetAssetOfBtc: fmt8(assetBtc.minus(liabilityBtc)),
  };
}

function requireFutures(a: AccountRuntime, kind: 'usdm' | 'coinm'): void {
  if (!hasWallet(a, kind)) throw invalidKey();
}

function usdmTotals(assets: ReturnType<typeof futuresView>['assets'], ctx: RouteContext) {
  const usd = (f: (x: (typeof assets)[number]) => Big) =>
    sum(assets.map((x) => ctx.world.valueIn(x.asset, f(x), 'USDT', ctx.now)));
  return {
    wallet: usd((x) => x.walletBalance),
    pnl: usd((x) => x.unrealizedProfit),
    margin: usd((x) => x.marginBalance),
  };
}

function usdmAccount(version: 2 | 3) {
  return (ctx: RouteContext): Json => {
    const a = accountOf(ctx);
    requireFutures(a, 'usdm');
    const view = futuresView(ctx.world, 'usdm', a.spec.usdm, ctx.world.state(a, ctx.now).usdm, ctx.now);
    const t = usdmTotals(view.assets, ctx);
    const zero = '0.00000000';
    const totals = {
      totalInitialMargin: zero,
      totalMaintMargin: zero,
      totalWalletBalance: fmt8(t.wallet),
      totalUnrealizedProfit: fmt8(t.pnl),
      totalMarginBalance: fmt8(t.margin),
      totalPositionInitialMargin: zero,
      totalOpenOrderInitialMargin: zero,
      totalCrossWalletBalance: fmt8(t.wallet),
      totalCrossUnPnl: fmt8(t.pnl),
      availableBalance: fmt8(t.margin),
      maxWithdrawAmount: fmt8(t.wallet),
    };
    const assets = view.assets.map((x) => ({
      asset: x.asset,
      walletBalance: fmt8(x.walletBalance),
      unrealizedProfit: fmt8(x.unrealizedProfit),
      marginBalance: fmt8(x.marginBalance),
      maintMargin: zero,
      initialMargin: zero,
      positionInitialMargin: zero,
      openOrderInitialMargin: zero,
      crossWalletBalance: fmt8(x.walletBalance),
      crossUnPnl: fmt8(x.unrealizedProfit),
      availableBalance: fmt8(x.marginBalance),
      maxWithdrawAmount: fmt8(x.walletBalance),
      ...(version === 2 ? { marginAvailable: true } : {}),
      updateTime: ctx.world.start,
    }));
    if (version === 3) {
      return {
        ...totals,
        assets,
        positions: view.positions.map((p) => ({
          symbol: p.symbol,
          positionSide: 'BOTH',
          positionAmt: fmtPlain(p.amount),
          unrealizedProfit: fmt8(p.unrealizedProfit),
          isolatedMargin: zero,
          notional: fmt8(p.notional),
          isolatedWallet: '0',
          initialMargin: fmt8(p.notional.abs().div(p.leverage)),
          maintMargin: '0',
          updateTime: ctx.world.start,
        })),
      };
    }
    return {
      feeTier: 0,
      feeBurn: true,
      canTrade: a.spec.permissions.enableFutures,
      canDeposit: true,
      canWithdraw: true,
      updateTime: 0,
      multiAssetsMargin: false,
      tradeGroupId: -1,
      ...totals,
      assets,
      positions: view.positions.map((p) => ({
        symbol: p.symbol,
        initialMargin: fmt8(p.notional.abs().div(p.leverage)),
        maintMargin: '0',
        unrealizedProfit: fmt8(p.unrealizedProfit),
        positionInitialMargin: fmt8(p.notional.abs().div(p.leverage)),
        openOrderInitialMargin: '0',
        leverage: String(p.leverage),
        isolated: false,
        entryPrice: fmtPlain(p.entryPrice),
        maxNotional: '250000',
        bidNotional: '0',
        askNotional: '0',
        positionSide: 'BOTH',
        positionAmt: fmtPlain(p.amount),
        updateTime: ctx.world.start,
      })),
    };
  };
}

function usdmBalance(ctx: RouteContext): Json {
  const a = accountOf(ctx);
  requireFutures(a, 'usdm');
  const view = futuresView(ctx.world, 'usdm', a.spec.usdm, ctx.world.state(a, ctx.now).usdm, ctx.now);
  const alias = hashId(`alias|${a.spec.name}`, 8);
  return view.assets.map((x) => ({
    accountAlias: `Sg${alias.slice(0, 2)}`,
    asset: x.asset,
    balance: fmt8(x.walletBalance),
    crossWalletBalance: fmt8(x.walletBalance),
    crossUnPnl: fmt8(x.unrealizedProfit),
    availableBalance: fmt8(x.marginBalance),
    maxWithdrawAmount: fmt8(x.walletBalance),
    marginAvailable: true,
    updateTime: ctx.world.start,
  }));
}

function coinmAccount(ctx: RouteContext): Json {
  const a = accountOf(ctx);
  requireFutures(a, 'coinm');
  const view = futuresView(ctx.world, 'coinm', a.spec.coinm, ctx.world.state(a, ctx.now).coinm, ctx.now);
  const zero = '0.00000000';
  return {
    assets: view.assets.map((x) => ({
      asset: x.asset,
      walletBalance: fmt8(x.walletBalance),
      unrealizedProfit: fmt8(x.unrealizedProfit),
      marginBalance: fmt8(x.marginBalance),
      maintMargin: zero,
      initialMargin: zero,
      positionInitialMargin: zero,
      openOrderInitialMargin: zero,
      maxWithdrawAmount: fmt8(x.walletBalance),
      crossWalletBalance: fmt8(x.walletBalance),
      crossUnPnl: fmt8(x.unrealizedProfit),
      availableBalance: fmt8(x.marginBalance),
      updateTime: ctx.world.start,
    })),
    positions: view.positions.map((p) => ({
      symbol: p.symbol,
      positionAmt: fmtPlain(p.amount),
      initialMargin: '0',
      maintMargin: '0',
      unrealizedProfit: fmt8(p.unrealizedProfit),
      positionInitialMargin: '0',
      openOrderInitialMargin: '0',
      leverage: String(p.leverage),
      isolated: false,
      positionSide: 'BOTH',
      entryPrice: fmtPlain(p.entryPrice),
      breakEvenPrice: fmtPlain(p.entryPrice),
      maxQty: '50',
      updateTime: ctx.world.start,
      notionalValue: fmt8(p.notional),
    })),
    canDeposit: true,
    canTrade: a.spec.permissions.enableFutures,
    canWithdraw: true,
    feeTier: 0,
    updateTime: 0,
  };
}

function pageOf(ctx: RouteContext, rows: Json[]): Json {
  const current = intParam(ctx.params, 'current', { min: 1, fallback: 1 })!;
  const size = intParam(ctx.params, 'size', { min: 1, max: 100, fallback: 10 })!;
  return { rows: rows.slice((current - 1) * size, current * size), total: rows.length };
}

function earnFlexible(ctx: RouteContext): Json {
  const a = accountOf(ctx);
  const only = ctx.params.get('asset');
  const rows = [...ctx.world.state(a, ctx.now).earnFlexible]
    .filter(([asset, h]) => (only === undefined || asset === only) && !h.free.eq(0))
    .map(([asset, h]) => ({
      totalAmount: fmt8(h.free),
      tierAnnualPercentageRate: { '0-5BTC': 0.05, '5-10BTC': 0.03 },
      latestAnnualPercentageRate: '0.02599895',
      yesterdayAirdropPercentageRate: '0.00000000',
      asset,
      airDropAsset: asset,
      canRedeem: true,
      collateralAmount: '0.00000000',
      productId: `${asset}001`,
      yesterdayRealTimeRewards: '0.00000000',
      cumulativeBonusRewards: '0.00000000',
      cumulativeRealTimeRewards: '0.00000000',
      cumulativeTotalRewards: '0.00000000',
      autoSubscribe: true,
    }));
  return pageOf(ctx, rows);
}

function earnLocked(ctx: RouteContext): Json {
  const a = accountOf(ctx);
  const only = ctx.params.get('asset');
  const specs: { asset: string; amount: string; positionId?: string; duration?: number; apy?: string }[] =
    Array.isArray(a.spec.earnLocked)
      ? a.spec.earnLocked
      : Object.entries(a.spec.earnLocked).map(([asset, amount]) => ({ asset, amount }));
  const start = ctx.world.start;
  const rows = specs
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => only === undefined || p.asset === only)
    .map(({ p, i }) => {
      const duration = p.duration ?? 60;
      const id = p.positionId ?? hashId(`locked|${a.spec.name}|${i}`, 9);
      const purchase = start - 86_400_000;
      const end = purchase + duration * 86_400_000;
      return {
        positionId: numericId(id),
        parentPositionId: numericId(id),
        projectId: `${p.asset}*${duration}`,
        asset: p.asset,
        amount: fmt8(new Big(p.amount)),
        purchaseTime: purchase,
        duration: String(duration),
        accrualDays: String(Math.max(0, Math.floor((ctx.now - purchase) / 86_400_000))),
        rewardAsset: p.asset,
        APY: p.apy ?? '0.05',
        rewardAmt: '0.00000000',
        extraRewardAsset: 'BNB',
        extraRewardAPR: '0',
        estExtraRewardAmt: '0.00000000',
        boostRewardAsset: p.asset,
        boostApr: '0',
        totalBoostRewardAmt: '0.00000000',
        nextPay: '0.00000000',
        nextPayDate: end,
        payPeriod: '1',
        redeemAmountEarly: fmt8(new Big(p.amount)),
        rewardsEndDate: end,
        deliverDate: end + 86_400_000,
        redeemPeriod: '1',
        redeemingAmt: '0',
        redeemTo: 'SPOT',
        partialAmtDeliverDate: end + 86_400_000,
        canRedeemEarly: true,
        canFastRedemption: false,
        autoSubscribe: false,
        type: 'NORMAL',
        status: 'HOLDING',
        canReStake: false,
      };
    });
  return pageOf(ctx, rows);
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

const signed = (
  method: 'GET' | 'POST',
  path: string,
  family: Route['family'],
  weight: number,
  handle: Route['handle'],
  limit: Route['limit'] = 'ip',
): Route => ({ method, path, family, limit, weight: () => weight, signed: true, handle });

export const walletRoutes: Route[] = [
  signed('GET', '/api/v3/account', 'api', 20, spotAccount),
  signed('POST', '/sapi/v1/asset/get-funding-asset', 'sapi', 1, (ctx) =>
    fundingRows(ctx, ctx.world.state(accountOf(ctx), ctx.now).funding, false, (h) => !fundingTotal(h).eq(0)),
  ),
  signed('POST', '/sapi/v3/asset/getUserAsset', 'sapi', 5, (ctx) =>
    fundingRows(ctx, ctx.world.state(accountOf(ctx), ctx.now).spot, true, (h) => total(h).gt(0)),
  ),
  signed('GET', '/sapi/v1/margin/account', 'sapi', 10, crossMargin),
  signed('GET', '/sapi/v1/margin/isolated/account', 'sapi', 10, isolatedMargin),
  signed('GET', '/fapi/v2/account', 'fapi', 5, usdmAccount(2)),
  signed('GET', '/fapi/v3/account', 'fapi', 5, usdmAccount(3)),
  signed('GET', '/fapi/v2/balance', 'fapi', 5, usdmBalance),
  signed('GET', '/fapi/v3/balance', 'fapi', 5, usdmBalance),
  signed('GET', '/dapi/v1/account', 'dapi', 5, coinmAccount),
  signed('GET', '/sapi/v1/simple-earn/flexible/position', 'sapi', 150, earnFlexible),
  signed('GET', '/sapi/v1/simple-earn/locked/position', 'sapi', 150, earnLocked),
  signed('GET', '/sapi/v1/account/apiRestrictions', 'sapi', 1, apiRestrictions),
  signed('GET', '/sapi/v1/asset/wallet/balance', 'sapi', 60, walletBalance),
];

export { signed };
