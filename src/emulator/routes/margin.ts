/** Cross and isolated margin accounts. */
import { type Big, fmt8, sum, ZERO } from '../decimal.ts';
import { ApiError } from '../errors.ts';
import type { Json } from '../json.ts';
import type { Holding } from '../state.ts';
import { btc, hasWallet, marginLevel, netAsset, signed, total } from './holdings.ts';
import { accountOf, type Route, type RouteContext } from './types.ts';

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

export const marginRoutes: Route[] = [
  signed('GET', '/sapi/v1/margin/account', 'sapi', 10, crossMargin),
  signed('GET', '/sapi/v1/margin/isolated/account', 'sapi', 10, isolatedMargin),
];
