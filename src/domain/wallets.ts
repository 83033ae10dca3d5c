/**
 * From Binance's balance shapes to one quantity per asset and wallet (design.md §2):
 *   spot            free + locked
 *   funding         free + locked + freeze + withdrawing
 *   cross margin    netAsset (may be negative)
 *   isolated margin netAsset of the base and of the quote of every pair (summed per asset across pairs)
 *   USDⓈ-M, COIN-M  marginBalance (wallet balance + unrealized PnL; may be negative; COIN-M in coin units)
 *   Earn flexible   totalAmount
 *   Earn locked     amount (summed per asset across positions)
 * Quantities are summed exactly per asset; zero totals are dropped; there is no dust threshold.
 * The row interfaces are structural and minimal so validated client objects can be passed as they are.
 */

import type { Dec } from './decimal.ts';
import { dec, fmt } from './decimal.ts';
import type { Decimal, WalletBalance, WalletRead } from './types.ts';

export interface SpotBalanceRow {
  asset: string;
  free: Decimal;
  locked: Decimal;
}
export interface FundingAssetRow {
  asset: string;
  free: Decimal;
  locked: Decimal;
  freeze: Decimal;
  withdrawing: Decimal;
}
export interface MarginAssetRow {
  asset: string;
  netAsset: Decimal;
}
export interface IsolatedPairRow {
  baseAsset: MarginAssetRow;
  quoteAsset: MarginAssetRow;
}
export interface FuturesAssetRow {
  asset: string;
  marginBalance: Decimal;
}
export interface EarnFlexibleRow {
  asset: string;
  totalAmount: Decimal;
}
export interface EarnLockedRow {
  asset: string;
  amount: Decimal;
}

/** Sums (asset, parts) exactly; drops zero totals; sorted by asset for stable output. */
function balancesOf(entries: Iterable<[asset: string, parts: Decimal[]]>): WalletBalance[] {
  const totals = new Map<string, Dec>();
  for (const [asset, parts] of entries) {
    let total = totals.get(asset) ?? dec(0);
    for (const part of parts) total = total.plus(dec(part, `${asset} balance`));
    totals.set(asset, total);
  }
  return [...totals.entries()]
    .filter(([, q]) => !q.eq(0))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([asset, q]) => ({ asset, quantity: fmt(q) }));
}

export function spotBalances(rows: readonly SpotBalanceRow[]): WalletBalance[] {
  return balancesOf(rows.map((r) => [r.asset, [r.free, r.locked]]));
}

export function fundingBalances(rows: readonly FundingAssetRow[]): WalletBalance[] {
  return balancesOf(rows.map((r) => [r.asset, [r.free, r.locked, r.freeze, r.withdrawing]]));
}

export function crossMarginBalances(userAssets: readonly MarginAssetRow[]): WalletBalance[] {
  return balancesOf(userAssets.map((r) => [r.asset, [r.netAsset]]));
}

export function isolatedMarginBalances(pairs: readonly IsolatedPairRow[]): WalletBalance[] {
  return balancesOf(
    pairs.flatMap((p): [string, Decimal[]][] => [
      [p.baseAsset.asset, [p.baseAsset.netAsset]],
      [p.quoteAsset.asset, [p.quoteAsset.netAsset]],
    ]),
  );
}

/** USDⓈ-M and COIN-M alike: marginBalance already includes unrealized PnL. */
export function futuresBalances(assets: readonly FuturesAssetRow[]): WalletBalance[] {
  return balancesOf(assets.map((r) => [r.asset, [r.marginBalance]]));
}

export function earnFlexibleBalances(rows: readonly EarnFlexibleRow[]): WalletBalance[] {
  return balancesOf(rows.map((r) => [r.asset, [r.totalAmount]]));
}

export function earnLockedBalances(rows: readonly EarnLockedRow[]): WalletBalance[] {
  return balancesOf(rows.map((r) => [r.asset, [r.amount]]));
}

/**
 * The asset an `LD`-prefixed spot balance stands for, or null. `LD<X>` means flexible Earn holdings of X only
 * when `LD<X>` is not itself a known asset (LDO, Lido, is listed and stays LDO) and X is a known asset.
 */
export function ldUnderlying(asset: string, isKnownAsset: (asset: string) => boolean): string | null {
  if (!asset.startsWith('LD') || asset.length <= 2) return null;
  if (isKnownAsset(asset)) return null;
  const underlying = asset.slice(2);
  return isKnownAsset(underlying) ? underlying : null;
}

/**
 * LD balances in spot are flexible Earn holdings seen from the spot side. Rule:
 * - when the flexible Earn read succeeded and holds a position in X, that position is authoritative and the
 *   `LD<X>` spot balance is dropped, so the same funds are never counted twice;
 * - otherwise (no such position, or the Earn read is not available) the `LD<X>` balance is counted as X in
 *   the spot wallet.
 * Every other read is returned unchanged.
 */
export function reconcileLdBalances(
  reads: readonly WalletRead[],
  isKnownAsset: (asset: string) => boolean,
): WalletRead[] {
  const flexible = reads.find((r) => r.wallet === 'earnFlexible');
  const positions = new Set(flexible?.status === 'ok' ? flexible.balances.map((b) => b.asset) : []);
  return reads.map((read): WalletRead => {
    if (read.wallet !== 'spot' || read.status !== 'ok') return read;
    const kept: [string, Decimal[]][] = [];
    for (const b of read.balances) {
      const underlying = ldUnderlying(b.asset, isKnownAsset);
      if (underlying === null) kept.push([b.asset, [b.quantity]]);
      else if (!positions.has(underlying)) kept.push([underlying, [b.quantity]]);
    }
    return { wallet: 'spot', status: 'ok', balances: balancesOf(kept) };
  });
}
