/** USDⓈ-M and COIN-M futures accounts. */
import { type Big, fmt8, fmtPlain, sum } from '../decimal.ts';
import { invalidKey } from '../errors.ts';
import { futuresView } from '../futures.ts';
import type { Json } from '../json.ts';
import { hashId } from '../random.ts';
import type { AccountRuntime } from '../world.ts';
import { hasWallet, signed } from './holdings.ts';
import { accountOf, type Route, type RouteContext } from './types.ts';

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

export const futuresRoutes: Route[] = [
  signed('GET', '/fapi/v2/account', 'fapi', 5, usdmAccount(2)),
  signed('GET', '/fapi/v3/account', 'fapi', 5, usdmAccount(3)),
  signed('GET', '/fapi/v2/balance', 'fapi', 5, usdmBalance),
  signed('GET', '/fapi/v3/balance', 'fapi', 5, usdmBalance),
  signed('GET', '/dapi/v1/account', 'dapi', 5, coinmAccount),
];
