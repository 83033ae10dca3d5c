import { fmt8, sum } from '../decimal.ts';
import { ApiError } from '../errors.ts';
import { futuresView } from '../futures.ts';
import type { Json } from '../json.ts';
import type { AccountRuntime, World } from '../world.ts';
import { hasWallet } from './holdings.ts';
import { accountOf, DAY, intParam, type Route, type RouteContext, requireParam } from './types.ts';

/** Snapshot taken at the end of each UTC day (23:59:59.000), as Binance's updateTime shows. */
function snapshotTimes(ctx: RouteContext): number[] {
  const oldest = Math.max(ctx.now - 30 * DAY, ctx.world.start);
  const times: number[] = [];
  for (let day = Math.floor(oldest / DAY) * DAY; day + DAY - 1000 <= ctx.now; day += DAY) {
    const t = day + DAY - 1000;
    if (t >= oldest) times.push(t);
  }
  return times;
}

function spotData(world: World, a: AccountRuntime, t: number): Json {
  const spot = [...world.state(a, t).spot].filter(([, h]) => !h.free.plus(h.locked).eq(0));
  return {
    balances: spot.map(([asset, h]) => ({ asset, free: fmt8(h.free), locked: fmt8(h.locked) })),
    totalAssetOfBtc: fmt8(
      sum(spot.map(([asset, h]) => world.valueIn(asset, h.free.plus(h.locked), 'BTC', t))),
    ),
  };
}

function marginData(world: World, a: AccountRuntime, t: number): Json {
  const w = [...world.state(a, t).crossMargin];
  const assets = sum(w.map(([asset, h]) => world.valueIn(asset, h.free.plus(h.locked), 'BTC', t)));
  const debt = sum(w.map(([asset, h]) => world.valueIn(asset, h.borrowed.plus(h.interest), 'BTC', t)));
  return {
    marginLevel: debt.eq(0) ? '999.00000000' : fmt8(assets.div(debt)),
    totalAssetOfBtc: fmt8(assets),
    totalLiabilityOfBtc: fmt8(debt),
    totalNetAssetOfBtc: fmt8(assets.minus(debt)),
    userAssets: w.map(([asset, h]) => ({
      asset,
      borrowed: fmt8(h.borrowed),
      free: fmt8(h.free),
      interest: fmt8(h.interest),
      locked: fmt8(h.locked),
      netAsset: fmt8(h.free.plus(h.locked).minus(h.borrowed).minus(h.interest)),
    })),
  };
}

function futuresData(world: World, a: AccountRuntime, t: number): Json {
  const view = futuresView(world, 'usdm', a.spec.usdm, world.state(a, t).usdm, t);
  return {
    assets: view.assets.map((x) => ({
      asset: x.asset,
      marginBalance: fmt8(x.marginBalance),
      walletBalance: fmt8(x.walletBalance),
    })),
    position: view.positions.map((p) => ({
      entryPrice: fmt8(p.entryPrice),
      markPrice: fmt8(p.markPrice),
      positionAmt: fmt8(p.amount),
      symbol: p.symbol,
      unRealizedProfit: fmt8(p.unrealizedProfit),
    })),
  };
}

/**
 * Daily snapshots of the last 30 days only, recomputed from the scenario at each day's end. Without a range the
 * latest `limit` days (7 by default, 5..30 allowed); with one, the first `limit` days in it. Oldest first.
 */
function accountSnapshot(ctx: RouteContext): Json {
  const a = accountOf(ctx);
  const type = requireParam(ctx.params, 'type');
  if (type !== 'SPOT' && type !== 'MARGIN' && type !== 'FUTURES') {
    throw new ApiError(400, -1100, "Illegal value for parameter 'type'.");
  }
  const limit = intParam(ctx.params, 'limit', { min: 7, max: 30, fallback: 7 })!;
  const start = intParam(ctx.params, 'startTime', { min: 0 });
  const end = intParam(ctx.params, 'endTime', { min: 0 });
  const enabled = type === 'SPOT' || hasWallet(a, type === 'MARGIN' ? 'crossMargin' : 'usdm');
  const inRange = snapshotTimes(ctx).filter(
    (t) => (start === undefined || t >= start) && (end === undefined || t <= end),
  );
  const times = !enabled ? [] : start === undefined ? inRange.slice(-limit) : inRange.slice(0, limit);
  const data = type === 'SPOT' ? spotData : type === 'MARGIN' ? marginData : futuresData;
  return {
    code: 200,
    msg: '',
    snapshotVos: times.map((t) => ({ data: data(ctx.world, a, t), type: type.toLowerCase(), updateTime: t })),
  };
}

export const snapshotRoute: Route = {
  method: 'GET',
  path: '/sapi/v1/accountSnapshot',
  family: 'sapi',
  limit: 'ip',
  weight: () => 2400,
  signed: true,
  handle: accountSnapshot,
};
