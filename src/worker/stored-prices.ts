import type { Store } from '../store/index.ts';
import type { PriceRow } from './price-book.ts';

const CHUNK = 400;

/** Stored prices of `symbols` at exactly the instants `ts` (a read model over price_history). */
export async function loadStoredPrices(
  store: Store,
  symbols: readonly string[],
  ts: readonly number[],
): Promise<PriceRow[]> {
  if (symbols.length === 0 || ts.length === 0) return [];
  const out: PriceRow[] = [];
  const instants = [...new Set(ts)];
  for (let i = 0; i < instants.length; i += CHUNK) {
    const rows = await store.db
      .selectFrom('price_history')
      .select(['ts', 'symbol', 'price'])
      .where('symbol', 'in', [...symbols])
      .where('ts', 'in', instants.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) out.push({ ts: Number(r.ts), symbol: r.symbol, price: String(r.price) });
  }
  return out;
}
