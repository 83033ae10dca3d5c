/** What every balance endpoint shares: which wallets exist, holding sums, BTC values, signed routes. */
import { type Big, fmt8 } from '../decimal.ts';
import type { Holding } from '../state.ts';
import type { AccountRuntime, World } from '../world.ts';
import type { Route } from './types.ts';

/** Which optional wallets an account has: present in the scenario unless switched off, or switched on. */
export function hasWallet(
  a: AccountRuntime,
  kind: 'crossMargin' | 'isolatedMargin' | 'usdm' | 'coinm',
): boolean {
  const switched = a.spec.wallets[kind];
  if (switched !== undefined) return switched;
  return a.spec[kind] !== undefined;
}

export const total = (h: Holding): Big => h.free.plus(h.locked);

export const netAsset = (h: Holding): Big => h.free.plus(h.locked).minus(h.borrowed).minus(h.interest);

export const fundingTotal = (h: Holding): Big => h.free.plus(h.locked).plus(h.freeze).plus(h.withdrawing);

export function btc(world: World, asset: string, qty: Big, t: number): Big {
  return world.valueIn(asset, qty, 'BTC', t);
}

/** Margin level = total assets / total liabilities, both in BTC; 999 when nothing is owed. */
export function marginLevel(assetsBtc: Big, liabilityBtc: Big): string {
  return liabilityBtc.eq(0) ? '999.00000000' : fmt8(assetsBtc.div(liabilityBtc));
}

export const signed = (
  method: 'GET' | 'POST',
  path: string,
  family: Route['family'],
  weight: number,
  handle: Route['handle'],
  limit: Route['limit'] = 'ip',
): Route => ({ method, path, family, limit, weight: () => weight, signed: true, handle });
