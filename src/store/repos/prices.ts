import { canonicalDecimal as decimal } from '../decimal.ts';
import type { PricePoint } from '../records.ts';
import { chunks, dec, INSERT_CHUNK, isoMinute, type RepoContext } from './context.ts';

export interface PriceHistoryRepository {
  /** Stores prices; a second price for the same (symbol, ts) replaces the first. */
  put(points: PricePoint[]): Promise<void>;
  /** The latest price at or before ts. */
  at(symbol: string, ts: number): Promise<PricePoint | undefined>;
  /** Prices with from <= ts <= to, ordered by ts. */
  range(symbol: string, from: number, to: number): Promise<PricePoint[]>;
  latest(symbol: string): Promise<PricePoint | undefined>;
  symbols(): Promise<string[]>;
}

export function priceRepository(ctx: RepoContext): PriceHistoryRepository {
  const { db } = ctx;
  const rows = () => db.selectFrom('price_history').select(['symbol', 'ts', 'price']);
  const toPoint = (r: { symbol: string; ts: number; price: string }): PricePoint => ({
    symbol: r.symbol,
    ts: Number(r.ts),
    price: dec(r.price),
  });
  return {
    put: (points) =>
      ctx.atomic(`saving ${points.length} prices`, async (tx) => {
        for (const batch of chunks(points, INSERT_CHUNK)) {
          await tx
            .insertInto('price_history')
            .values(
              batch.map((p) => ({
                symbol: p.symbol,
                ts: p.ts,
                price: decimal(p.price, `${p.symbol} price`),
              })),
            )
            .onConflict((oc) =>
              oc.columns(['symbol', 'ts']).doUpdateSet((eb) => ({ price: eb.ref('excluded.price') })),
            )
            .execute();
        }
      }),
    at: (symbol, ts) =>
      ctx.run(`reading ${symbol} price at ${isoMinute(ts)}`, async () => {
        const r = await rows()
          .where('symbol', '=', symbol)
          .where('ts', '<=', ts)
          .orderBy('ts', 'desc')
          .limit(1)
          .executeTakeFirst();
        return r && toPoint(r);
      }),
    range: (symbol, from, to) =>
      ctx.run(`reading ${symbol} prices`, async () =>
        (
          await rows()
            .where('symbol', '=', symbol)
            .where('ts', '>=', from)
            .where('ts', '<=', to)
            .orderBy('ts')
            .execute()
        ).map(toPoint),
      ),
    latest: (symbol) =>
      ctx.run(`reading latest ${symbol} price`, async () => {
        const r = await rows().where('symbol', '=', symbol).orderBy('ts', 'desc').limit(1).executeTakeFirst();
        return r && toPoint(r);
      }),
    symbols: () =>
      ctx.run('listing price symbols', async () =>
        (await db.selectFrom('price_history').select('symbol').distinct().orderBy('symbol').execute()).map(
          (r) => r.symbol,
        ),
      ),
  };
}
