/**
 * Holdings grouped for display: per wallet, and per asset for the allocation. Assets worth under $1 in total
 * are grouped as dust (NAV still includes them, design.md §2); unpriced assets are listed, never shown as $0.
 */
import Big from 'big.js';
import type { HoldingRow } from '../../store/read-models/holdings.ts';
import type { HoldingsResponse } from '../api-types.ts';

export const DUST_USD = 1;

function share(part: Big, total: Big): number {
  return total.gt(0) ? Number(part.div(total)) : 0;
}

export function groupHoldings(
  account: string,
  ts: number | null,
  rows: readonly HoldingRow[],
): HoldingsResponse {
  const priced = rows.filter((r) => r.value !== null);
  const total = priced.reduce((s, r) => s.plus(r.value as string), new Big(0));
  const wallets = new Map<string, { value: Big; holdings: HoldingRow[] }>();
  const assets = new Map<string, Big>();
  for (const r of rows) {
    const w = wallets.get(r.wallet) ?? { value: new Big(0), holdings: [] };
    w.holdings.push(r);
    if (r.value !== null) {
      w.value = w.value.plus(r.value);
      assets.set(r.asset, (assets.get(r.asset) ?? new Big(0)).plus(r.value));
    }
    wallets.set(r.wallet, w);
  }
  const allocation: HoldingsResponse['allocation'] = [];
  let dustValue = new Big(0);
  let dustAssets = 0;
  for (const [asset, value] of assets) {
    if (value.abs().lt(DUST_USD)) {
      dustValue = dustValue.plus(value);
      dustAssets++;
    } else allocation.push({ asset, value: value.toFixed(2), share: share(value, total) });
  }
  allocation.sort((x, y) => Number(y.value) - Number(x.value));
  return {
    account,
    ts,
    nav: ts === null ? null : total.toFixed(),
    wallets: [...wallets.entries()]
      .map(([wallet, w]) => ({
        wallet,
        value: w.value.toFixed(),
        holdings: w.holdings.sort((x, y) => Number(y.value ?? 0) - Number(x.value ?? 0)),
      }))
      .sort((x, y) => Number(y.value) - Number(x.value)),
    allocation,
    dust: { assets: dustAssets, value: dustValue.toFixed(), share: share(dustValue, total) },
    unpriced: rows
      .filter((r) => r.value === null)
      .map((r) => ({ wallet: r.wallet, asset: r.asset, quantity: r.quantity })),
    notEnabled: [],
  };
}
