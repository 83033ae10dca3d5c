/**
 * Values one account's wallet reads at one instant (design.md §2).
 * - NAV is the exact sum of quantity × price over every priced holding; no dust threshold.
 * - An asset without a price is kept as a holding with null price and value and listed in `unpriced`:
 *   it is never silently worth 0.
 * - A failed wallet makes the snapshot incomplete and is named; its NAV is then only the partial sum.
 * - A not-enabled wallet contributes nothing and is named.
 * - A wallet kind with no read at all counts as failed: a snapshot can never silently miss a wallet.
 * - Quantities may be negative (margin debt, futures losses). Zero quantities carry no information and are
 *   left out. The same asset listed twice in one wallet is summed into one holding.
 */

import type { Dec } from './decimal.ts';
import { dec, fmt, sum } from './decimal.ts';
import type {
  Decimal,
  EpochMs,
  Holding,
  Snapshot,
  SnapshotKind,
  WalletBalance,
  WalletKind,
  WalletRead,
} from './types.ts';
import { WALLET_KINDS } from './types.ts';

export interface ValueSnapshotInput {
  accountId: string;
  ts: EpochMs;
  kind: SnapshotKind;
  reads: readonly WalletRead[];
  price: (asset: string) => Decimal | null;
}

export type ValuedSnapshot = Omit<Snapshot, 'benchmarkValue' | 'btcPrice' | 'ethPrice'> & {
  unpriced: string[];
};

export class ValuationError extends Error {
  readonly accountId: string;
  readonly wallet?: WalletKind;
  constructor(accountId: string, message: string, wallet?: WalletKind) {
    super(`Account ${accountId}${wallet ? `, wallet ${wallet}` : ''}: ${message}`);
    this.name = 'ValuationError';
    this.accountId = accountId;
    if (wallet !== undefined) this.wallet = wallet;
  }
}

const walletOrder = (w: WalletKind) => WALLET_KINDS.indexOf(w);

/** Sums quantities per asset (exactly), dropping zeros, in asset order. */
function netQuantities(accountId: string, wallet: WalletKind, balances: readonly WalletBalance[]) {
  const byAsset = new Map<string, Dec>();
  for (const b of balances) {
    let quantity: Dec;
    try {
      quantity = dec(b.quantity, `${b.asset} quantity`);
    } catch (error) {
      throw new ValuationError(accountId, (error as Error).message, wallet);
    }
    byAsset.set(b.asset, (byAsset.get(b.asset) ?? dec(0)).plus(quantity));
  }
  return [...byAsset.entries()].filter(([, q]) => !q.eq(0)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function holdingOf(wallet: WalletKind, asset: string, quantity: Dec, price: Dec | null): Holding {
  return {
    wallet,
    asset,
    quantity: fmt(quantity),
    price: price === null ? null : fmt(price),
    value: price === null ? null : fmt(quantity.times(price)),
  };
}

export function valueSnapshot(input: ValueSnapshotInput): ValuedSnapshot {
  const { accountId } = input;
  const seen = new Set<WalletKind>();
  const prices = new Map<string, Dec | null>();
  const priceOf = (asset: string): Dec | null => {
    if (!prices.has(asset)) {
      const text = input.price(asset);
      try {
        prices.set(asset, text === null ? null : dec(text, `${asset} price`));
      } catch (error) {
        throw new ValuationError(accountId, (error as Error).message);
      }
    }
    return prices.get(asset) ?? null;
  };

  const holdings: Holding[] = [];
  const values: Dec[] = [];
  const unpriced = new Set<string>();
  const failedWallets: WalletKind[] = [];
  const notEnabledWallets: WalletKind[] = [];

  const reads = [...input.reads].sort((a, b) => walletOrder(a.wallet) - walletOrder(b.wallet));
  for (const read of reads) {
    if (seen.has(read.wallet)) throw new ValuationError(accountId, 'wallet read twice', read.wallet);
    seen.add(read.wallet);
    if (read.status === 'failed') {
      failedWallets.push(read.wallet);
      continue;
    }
    if (read.status === 'not_enabled') {
      notEnabledWallets.push(read.wallet);
      continue;
    }
    for (const [asset, quantity] of netQuantities(accountId, read.wallet, read.balances)) {
      const price = priceOf(asset);
      holdings.push(holdingOf(read.wallet, asset, quantity, price));
      if (price === null) unpriced.add(asset);
      else values.push(quantity.times(price));
    }
  }

  for (const wallet of WALLET_KINDS) if (!seen.has(wallet)) failedWallets.push(wallet);
  failedWallets.sort((a, b) => walletOrder(a) - walletOrder(b));

  return {
    accountId,
    ts: input.ts,
    status: failedWallets.length > 0 ? 'incomplete' : 'complete',
    kind: input.kind,
    nav: fmt(sum(values)),
    failedWallets,
    notEnabledWallets,
    holdings,
    unpriced: [...unpriced].sort(),
  };
}
