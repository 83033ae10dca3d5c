import { Big, round8, ZERO } from './decimal.ts';
import type { FuturesSpec } from './scenario.ts';
import type { Wallet } from './state.ts';
import type { World } from './world.ts';

export interface FuturesPosition {
  symbol: string;
  amount: Big;
  entryPrice: Big;
  markPrice: Big;
  unrealizedProfit: Big;
  marginAsset: string;
  leverage: number;
  notional: Big;
}

export interface FuturesAsset {
  asset: string;
  walletBalance: Big;
  unrealizedProfit: Big;
  marginBalance: Big;
}

/** USDⓈ-M: PnL = amount × (mark − entry) in the pair's quote asset; the mark is the spot path of the same symbol. */
function usdmPosition(world: World, p: FuturesSpec['positions'][number], t: number): FuturesPosition {
  const m = world.marketBySymbol.get(p.symbol);
  const mark = m ? world.price(p.symbol, t) : new Big(p.entryPrice);
  const amount = new Big(p.amount);
  return {
    symbol: p.symbol,
    amount,
    entryPrice: new Big(p.entryPrice),
    markPrice: mark,
    unrealizedProfit: round8(amount.times(mark.minus(p.entryPrice))),
    marginAsset: p.marginAsset ?? m?.quoteAsset ?? 'USDT',
    leverage: p.leverage ?? 20,
    notional: round8(amount.times(mark)),
  };
}

/**
 * COIN-M inverse contracts: amount in contracts of `contractSize` USD (100 for BTC, 10 otherwise);
 * PnL in coin = amount × size × (1/entry − 1/mark); the mark is COINUSDT's path.
 */
function coinmPosition(world: World, p: FuturesSpec['positions'][number], t: number): FuturesPosition {
  const coin = p.symbol.split('USD')[0] ?? p.symbol;
  const pair = `${coin}USDT`;
  const mark = world.marketBySymbol.has(pair) ? world.price(pair, t) : new Big(p.entryPrice);
  const amount = new Big(p.amount);
  const size = new Big(p.contractSize ?? (coin === 'BTC' ? '100' : '10'));
  const entry = new Big(p.entryPrice);
  const pnl =
    entry.eq(0) || mark.eq(0)
      ? ZERO
      : amount.times(size).times(new Big(1).div(entry).minus(new Big(1).div(mark)));
  return {
    symbol: p.symbol,
    amount,
    entryPrice: entry,
    markPrice: mark,
    unrealizedProfit: round8(pnl),
    marginAsset: p.marginAsset ?? coin,
    leverage: p.leverage ?? 20,
    notional: mark.eq(0) ? ZERO : round8(amount.times(size).div(mark)),
  };
}

export function futuresView(
  world: World,
  kind: 'usdm' | 'coinm',
  spec: FuturesSpec | undefined,
  wallet: Wallet,
  t: number,
): { assets: FuturesAsset[]; positions: FuturesPosition[] } {
  const positions = (spec?.positions ?? []).map((p) =>
    kind === 'usdm' ? usdmPosition(world, p, t) : coinmPosition(world, p, t),
  );
  const names = [...new Set([...wallet.keys(), ...positions.map((p) => p.marginAsset)])];
  const assets = names.map((asset) => {
    const walletBalance = wallet.get(asset)?.free ?? ZERO;
    const unrealizedProfit = positions
      .filter((p) => p.marginAsset === asset)
      .reduce((acc, p) => acc.plus(p.unrealizedProfit), ZERO);
    return { asset, walletBalance, unrealizedProfit, marginBalance: walletBalance.plus(unrealizedProfit) };
  });
  return { assets, positions };
}
