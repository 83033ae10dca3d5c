import { z } from 'zod';
import type { BinanceClient } from '../binance/client.ts';
import { BinanceError } from '../binance/errors.ts';
import { DAY_MS } from '../domain/schedule.ts';
import type { EpochMs, WalletBalance, WalletKind } from '../domain/types.ts';
import { crossMarginBalances, futuresBalances, spotBalances } from '../domain/wallets.ts';

const decimal = z.string();
const spotData = z.looseObject({
  balances: z.array(z.looseObject({ asset: z.string(), free: decimal, locked: decimal })).default([]),
});
const marginData = z.looseObject({
  userAssets: z.array(z.looseObject({ asset: z.string(), netAsset: decimal })).default([]),
});
const futuresData = z.looseObject({
  assets: z.array(z.looseObject({ asset: z.string(), marginBalance: decimal })).default([]),
});

/** The wallets Binance's daily account snapshots cover, and how each one's data reduces to balances (§2). */
const SNAPSHOT_TYPES = [
  { type: 'SPOT', wallet: 'spot', balances: (d: unknown) => spotBalances(spotData.parse(d).balances) },
  {
    type: 'MARGIN',
    wallet: 'crossMargin',
    balances: (d: unknown) => crossMarginBalances(marginData.parse(d).userAssets),
  },
  { type: 'FUTURES', wallet: 'usdm', balances: (d: unknown) => futuresBalances(futuresData.parse(d).assets) },
] as const;

export const SNAPSHOT_WALLETS: readonly WalletKind[] = SNAPSHOT_TYPES.map((t) => t.wallet);

/** One day's balances per covered wallet; a wallet whose snapshot call failed is listed in `failed`. */
export interface DailyBalances {
  /** The day's end (00:00 UTC of the next day): the instant the point stands for. */
  ts: EpochMs;
  wallets: Partial<Record<WalletKind, WalletBalance[]>>;
}

export interface DailySnapshots {
  days: DailyBalances[];
  failed: Array<{ wallet: WalletKind; error: string }>;
}

/** Binance dates a day's snapshot at its last instant (23:59:59.999); the point belongs to the next 00:00. */
export const dayEnd = (updateTime: EpochMs) => Math.ceil(updateTime / DAY_MS) * DAY_MS;

/**
 * Reads the last `days` daily snapshots of spot, cross margin and USDⓈ-M futures (weight 2400 each).
 * `skip` lists wallets known not to exist (their call would fail and they hold nothing).
 */
export async function fetchDailySnapshots(
  client: BinanceClient,
  range: { startTime: EpochMs; endTime: EpochMs },
  skip: ReadonlySet<WalletKind>,
  signal?: AbortSignal,
): Promise<DailySnapshots> {
  const byDay = new Map<EpochMs, DailyBalances>();
  const failed: DailySnapshots['failed'] = [];
  // One after another, not in parallel: at 2400 each, three calls are 60 % of the endpoint's 12000 per minute,
  // so another process of the same IP (a second `bpm account add` within the minute) can exhaust it. Each answer
  // reports the IP's used weight, which the limiter adopts before the next call (it waits for the next minute
  // instead of sending); in parallel, the calls already sent after a 429 would escalate it to a 418 ban.
  for (const t of SNAPSHOT_TYPES.filter((w) => !skip.has(w.wallet))) {
    try {
      const answer = await client.accountSnapshot(t.type, { ...range, limit: 30 }, { signal });
      for (const vo of answer.snapshotVos) {
        const ts = dayEnd(vo.updateTime);
        const day = byDay.get(ts) ?? { ts, wallets: {} };
        day.wallets[t.wallet] = t.balances(vo.data);
        byDay.set(ts, day);
      }
    } catch (err) {
      if (!(err instanceof BinanceError) && !(err instanceof z.ZodError)) throw err;
      failed.push({ wallet: t.wallet, error: err.message });
    }
  }
  return { days: [...byDay.values()].sort((a, b) => a.ts - b.ts), failed };
}
