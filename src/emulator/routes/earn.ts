/** Simple Earn flexible and locked positions, paged with current/size. */
import { Big, fmt8 } from '../decimal.ts';
import { type Json, numericId } from '../json.ts';
import { hashId } from '../random.ts';
import { signed } from './holdings.ts';
import { accountOf, intParam, type Route, type RouteContext } from './types.ts';

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

export const earnRoutes: Route[] = [
  signed('GET', '/sapi/v1/simple-earn/flexible/position', 'sapi', 150, earnFlexible),
  signed('GET', '/sapi/v1/simple-earn/locked/position', 'sapi', 150, earnLocked),
];
