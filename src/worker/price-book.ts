import type { BinanceClient } from '../binance/client.ts';
import type { Decimal, EpochMs } from '../domain/types.ts';
import { WorkerError } from './errors.ts';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const NEAREST_CANDLE_MS = 3_600_000;

/** A price of one symbol at one instant, as stored in price_history. */
export interface PriceRow {
  ts: EpochMs;
  symbol: string;
  price: Decimal;
}

/** What the book needs from the client: klines rows are Binance's arrays [openTime, open, high, low, close, …]. */
export type KlineSource = Pick<BinanceClient, 'klines'>;

/** Loads stored prices: the rows of `symbols` at exactly the instants `ts`. */
export type StoredPriceLoader = (symbols: readonly string[], ts: readonly EpochMs[]) => Promise<PriceRow[]>;

export class MissingPriceError extends WorkerError {
  override name = 'MissingPriceError';
  constructor(symbol: string, ts: EpochMs, account?: string) {
    super(`no price for ${symbol} at ${new Date(ts).toISOString()} (no stored price and no kline)`, account);
  }
}

const key = (symbol: string, ts: EpochMs) => `${symbol}@${ts}`;

/**
 * Per-symbol prices at past instants, for flows (τ), rebalances (R) and snapshots. Stored prices win, so a price
 * once used is used forever and every derived number can be replayed from price_history; a missing one comes
 * from klines (the open of the 1-minute candle containing the instant, or a day's 1d close for daily points)
 * and is remembered as a new row to store in the same transaction as what it priced.
 */
export class PriceBook {
  readonly #known = new Map<string, Decimal>();
  readonly #fresh = new Map<string, PriceRow>();
  readonly #klines: KlineSource;
  readonly #loadStored: StoredPriceLoader;

  constructor(klines: KlineSource, loadStored: StoredPriceLoader) {
    this.#klines = klines;
    this.#loadStored = loadStored;
  }

  /** Prices that did not come from the store: to be written with the account's transaction. */
  freshRows(): PriceRow[] {
    return [...this.#fresh.values()].sort((a, b) => a.ts - b.ts || a.symbol.localeCompare(b.symbol));
  }

  /** Adopts prices observed now (the run's tickers at its slot) unless a stored price already exists. */
  async adopt(ts: EpochMs, prices: Readonly<Record<string, Decimal>>): Promise<void> {
    const symbols = Object.keys(prices);
    await this.#loadMissing(symbols, [ts]);
    for (const symbol of symbols) {
      const k = key(symbol, ts);
      const price = prices[symbol];
      if (this.#known.has(k) || price === undefined) continue;
      this.#remember({ ts, symbol, price });
    }
  }

  /** Makes sure every symbol has a price at every instant: stored, else the open of the minute containing it. */
  async ensure(symbols: readonly string[], instants: readonly EpochMs[]) {
    if (symbols.length === 0 || instants.length === 0) return;
    await this.#loadMissing(symbols, instants);
    const wanted: Array<{ symbol: string; ts: EpochMs }> = [];
    for (const ts of new Set(instants)) {
      for (const symbol of new Set(symbols))
        if (!this.#known.has(key(symbol, ts))) wanted.push({ symbol, ts });
    }
    await Promise.all(wanted.map((w) => this.#fetch(w.symbol, w.ts)));
  }

  /**
   * Day-end prices for daily points (each ts is 00:00 UTC and is valued at the close of the day ending there):
   * one 1d klines call per symbol covers the whole range.
   */
  async ensureDayCloses(symbols: readonly string[], dayEnds: readonly EpochMs[]) {
    if (symbols.length === 0 || dayEnds.length === 0) return;
    await this.#loadMissing(symbols, dayEnds);
    const first = Math.min(...dayEnds) - DAY_MS;
    const limit = Math.min(1000, Math.round((Math.max(...dayEnds) - first) / DAY_MS));
    await Promise.all(
      [...new Set(symbols)].map(async (symbol) => {
        const missing = dayEnds.filter((ts) => !this.#known.has(key(symbol, ts)));
        if (missing.length === 0) return;
        const wanted = new Set(missing);
        for (const row of await this.#klines.klines(symbol, '1d', { startTime: first, limit })) {
          const ts = row[0] + DAY_MS;
          if (wanted.has(ts)) this.#remember({ ts, symbol, price: row[4] });
        }
      }),
    );
  }

  /** The prices of all known symbols at `ts`, for PriceRouter.usdFromPrices. */
  at(ts: EpochMs, symbols: readonly string[]): Record<string, Decimal> {
    const out: Record<string, Decimal> = {};
    for (const symbol of symbols) {
      const price = this.#known.get(key(symbol, ts));
      if (price !== undefined) out[symbol] = price;
    }
    return out;
  }

  async #loadMissing(symbols: readonly string[], instants: readonly EpochMs[]) {
    const ts = [...new Set(instants)].filter((t) => symbols.some((s) => !this.#known.has(key(s, t))));
    if (ts.length === 0) return;
    for (const row of await this.#loadStored([...new Set(symbols)], ts)) {
      this.#known.set(key(row.symbol, row.ts), row.price);
    }
  }

  #remember(row: PriceRow) {
    const k = key(row.symbol, row.ts);
    this.#known.set(k, row.price);
    this.#fresh.set(k, row);
  }

  async #fetch(symbol: string, ts: EpochMs) {
    const startTime = Math.floor(ts / MINUTE_MS) * MINUTE_MS;
    const [row] = await this.#klines.klines(symbol, '1m', { startTime, limit: 1 });
    // The candle containing ts; when nothing traded that minute, the next candle (within the hour) is nearest.
    if (!row || row[0] > startTime + NEAREST_CANDLE_MS) throw new MissingPriceError(symbol, ts);
    this.#remember({ ts, symbol, price: row[1] });
  }
}
