import { BinanceApiError } from '../binance/errors.ts';
import type { WalletKind, WalletRead } from '../domain/types.ts';

/** Binance's answer when the cross margin account was never opened. */
const MARGIN_NOT_OPENED = -3003;
/** Invalid key, IP or permission: what the futures hosts answer when the account has no futures wallet. */
const NO_PERMISSION = -2015;
const KEY_REJECTED = new Set([-2014, -2015, -1022]);

/** Whether a wallet's error means "this account has no such wallet" rather than "the read failed". */
export function isNotEnabledError(wallet: WalletKind, err: unknown): boolean {
  if (!(err instanceof BinanceApiError)) return false;
  if (wallet === 'crossMargin') return err.code === MARGIN_NOT_OPENED;
  if (wallet === 'usdm' || wallet === 'coinm') return err.code === NO_PERMISSION;
  return false;
}

function keyRejected(read: WalletRead | undefined): boolean {
  return read?.status === 'failed' && read.error.startsWith('key rejected');
}

export function describeWalletError(err: unknown): string {
  if (err instanceof BinanceApiError && err.code !== undefined && KEY_REJECTED.has(err.code)) {
    return `key rejected: ${err.message}`;
  }
  return err instanceof Error ? err.message : String(err);
}

/**
 * -2015 from a futures host reads as "no futures wallet" only while the key itself works. When spot rejects
 * the key too, the key was revoked: calling futures "not enabled" would hide real holdings, so they fail.
 */
export function reconcileKeyFailures(reads: WalletRead[], errors: Map<WalletKind, unknown>): WalletRead[] {
  const spot = reads.find((r) => r.wallet === 'spot');
  if (!keyRejected(spot)) return reads;
  return reads.map((r) =>
    r.status === 'not_enabled' && (r.wallet === 'usdm' || r.wallet === 'coinm')
      ? { wallet: r.wallet, status: 'failed', error: describeWalletError(errors.get(r.wallet)) }
      : r,
  );
}
