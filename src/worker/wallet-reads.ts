import type { BinanceClient } from '../binance/client.ts';
import type { WalletBalance, WalletKind, WalletRead } from '../domain/types.ts';
import { WALLET_KINDS } from '../domain/types.ts';
import {
  crossMarginBalances,
  earnFlexibleBalances,
  earnLockedBalances,
  fundingBalances,
  futuresBalances,
  isolatedMarginBalances,
  reconcileLdBalances,
  spotBalances,
} from '../domain/wallets.ts';
import { describeWalletError, isNotEnabledError, reconcileKeyFailures } from './wallet-status.ts';

type WalletReader = (client: BinanceClient, signal?: AbortSignal) => Promise<WalletBalance[] | 'not_enabled'>;

/** One reader per wallet kind: the call and the §2 reduction of its answer. */
const READERS: Record<WalletKind, WalletReader> = {
  spot: async (c, signal) => spotBalances((await c.spotAccount({ signal })).balances),
  funding: async (c, signal) => fundingBalances(await c.fundingAssets({ signal })),
  crossMargin: async (c, signal) => crossMarginBalances((await c.crossMarginAccount({ signal })).userAssets),
  isolatedMargin: async (c, signal) => {
    const pairs = (await c.isolatedMarginAccount({ signal })).assets;
    // No isolated pair ever opened: Binance answers 200 with no assets.
    return pairs.length === 0 ? 'not_enabled' : isolatedMarginBalances(pairs);
  },
  usdm: async (c, signal) => futuresBalances((await c.usdmAccount({ signal })).assets),
  coinm: async (c, signal) => futuresBalances((await c.coinmAccount({ signal })).assets),
  earnFlexible: async (c, signal) => earnFlexibleBalances(await c.earnFlexiblePositions({ signal })),
  earnLocked: async (c, signal) => earnLockedBalances(await c.earnLockedPositions({ signal })),
};

async function readWallet(client: BinanceClient, wallet: WalletKind, signal?: AbortSignal) {
  try {
    const balances = await READERS[wallet](client, signal);
    return balances === 'not_enabled'
      ? { read: { wallet, status: 'not_enabled' } satisfies WalletRead }
      : { read: { wallet, status: 'ok', balances } satisfies WalletRead };
  } catch (err) {
    if (isNotEnabledError(wallet, err))
      return { read: { wallet, status: 'not_enabled' } satisfies WalletRead, err };
    return { read: { wallet, status: 'failed', error: describeWalletError(err) } satisfies WalletRead, err };
  }
}

/**
 * Reads every wallet kind of one account in parallel; each fails on its own. All kinds are read on every run
 * (a wallet enabled since the account was added must never be silently missed). LD-prefixed spot balances are
 * reconciled with flexible Earn so the same funds are not counted twice.
 */
export async function readWallets(
  client: BinanceClient,
  isKnownAsset: (asset: string) => boolean,
  signal?: AbortSignal,
): Promise<WalletRead[]> {
  const outcomes = await Promise.all(WALLET_KINDS.map((w) => readWallet(client, w, signal)));
  const errors = new Map<WalletKind, unknown>();
  for (const o of outcomes) if ('err' in o) errors.set(o.read.wallet, o.err);
  const reads = reconcileKeyFailures(
    outcomes.map((o) => o.read),
    errors,
  );
  return reconcileLdBalances(reads, isKnownAsset);
}

/** The wallets JSON stored on the account: which kinds answered as existing. Failed reads count as enabled. */
export function walletsEnabled(reads: readonly WalletRead[]): Partial<Record<WalletKind, boolean>> {
  const out: Partial<Record<WalletKind, boolean>> = {};
  for (const r of reads) out[r.wallet] = r.status !== 'not_enabled';
  return out;
}
