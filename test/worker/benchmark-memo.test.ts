/**
 * The benchmark memo (bpm demo): a run continued from the previous replay's units gives exactly what a replay
 * from t₀ gives, and the memo is used only when no event (flow, rebalance) and no price of one changed.
 * 50/50 BTC/ETH rebalanced weekly; t₀ Monday 2026-01-05 10:00 with NAV 10000; a deposit of 1000 at 12:30, the
 * rebalance at 17:00 (a slot), a withdrawal of 500 at 18:15. Prices move every instant:
 * BTC = 100000 + 7·m, ETH = 4000 + 0.3·m, m minutes after t₀, so no two instants share a value.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPriceRouter } from '../../src/domain/prices.ts';
import type { BenchmarkConfig, Market } from '../../src/domain/types.ts';
import type { Store } from '../../src/store/index.ts';
import { BenchmarkMemo } from '../../src/worker/benchmark-memo.ts';
import { benchmarkOfRun, computeBenchmark } from '../../src/worker/benchmark-step.ts';
import { PriceBook, type PriceRow } from '../../src/worker/price-book.ts';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-01-05T10:00:00Z');
const config: BenchmarkConfig = {
  assets: [
    { asset: 'BTC', weight: '0.5' },
    { asset: 'ETH', weight: '0.5' },
  ],
  rebalance: 'weekly',
};
const markets: Market[] = [
  { symbol: 'BTCUSDT', baseAsset: 'BTC', quoteAsset: 'USDT', status: 'TRADING' },
  { symbol: 'ETHUSDT', baseAsset: 'ETH', quoteAsset: 'USDT', status: 'TRADING' },
];
const router = createPriceRouter(markets, { BTCUSDT: '100000', ETHUSDT: '4000' });
const start = { ts: T0, nav: '10000' };
const deposit = { id: 'deposit|d1', ts: T0 + 2.5 * HOUR, usdValue: '1000' };
const withdrawal = { id: 'withdrawal|w1', ts: T0 + 8.25 * HOUR, usdValue: '-500' };

function priceOf(symbol: string, ts: number, shift = 0): string {
  const m = (ts - T0) / 60_000;
  return String(symbol === 'BTCUSDT' ? 100000 + 7 * m + shift : 4000 + 0.3 * m);
}

/** A book whose every price is stored (no klines), optionally with the BTC price at one instant shifted. */
function bookOf(shifted?: { ts: number; by: number }): PriceBook {
  const klines = {
    klines: () => Promise.reject(new Error('no klines in this test')),
  } as unknown as ConstructorParameters<typeof PriceBook>[0];
  return new PriceBook(klines, async (symbols, instants) => {
    const rows: PriceRow[] = [];
    for (const symbol of symbols)
      for (const ts of instants)
        rows.push({ ts, symbol, price: priceOf(symbol, ts, shifted?.ts === ts ? shifted.by : 0) });
    return rows;
  });
}

/** The flows a run at `slot` has seen: those dated at or before it. */
const seen = (slot: number) => [deposit, withdrawal].filter((f) => f.ts <= slot);

describe('benchmark memo', () => {
  it('continues the replay exactly, and only while no event changed', async () => {
    const memo = new BenchmarkMemo();
    // Only benchmarkOfRun's restatement reads the store; nothing is restated here.
    const store = {} as Store;
    const hits: string[] = [];
    for (let slot = T0; slot <= T0 + 10 * HOUR; slot += HOUR) {
      const flows = seen(slot);
      const probe = bookOf();
      const key = await memo.keyOf({ config, start, flows, untilTs: slot }, probe, router);
      if (memo.recall('acc', key)) hits.push(new Date(slot).toISOString().slice(11, 16));

      const full = await computeBenchmark(
        { config, start, snapshotTs: [slot], flows, untilTs: slot },
        bookOf(),
        router,
      );
      const run = await benchmarkOfRun({
        store,
        accountId: 'acc',
        config,
        start,
        slot,
        latestTs: slot === T0 ? undefined : slot - HOUR,
        restateFrom: null,
        flows,
        book: bookOf(),
        router,
        memo,
      });
      const when = new Date(slot).toISOString();
      assert.equal(run.benchmarkValue, full.values.get(slot), when);
      assert.deepEqual(run.state?.units, full.units, when);
      assert.equal(run.state?.lastRebalanceAt, full.lastRebalanceAt, when);
      assert.deepEqual(run.flowBefore, full.flowBefore, when);
    }
    // Replayed at 10:00 (nothing remembered), 13:00 (the 12:30 deposit), 17:00 (the rebalance) and 19:00 (the
    // 18:15 withdrawal); continued at every other slot.
    assert.deepEqual(hits, ['11:00', '12:00', '14:00', '15:00', '16:00', '18:00', '20:00']);
  });

  it('is not used when a price at an event instant differs', async () => {
    const memo = new BenchmarkMemo();
    const slot = T0 + 4 * HOUR;
    const facts = { config, start, flows: seen(slot), untilTs: slot };
    const key = await memo.keyOf(facts, bookOf(), router);
    memo.remember('acc', key, { units: {}, initializedAt: T0, lastRebalanceAt: null, flowBefore: new Map() });
    assert.ok(memo.recall('acc', await memo.keyOf(facts, bookOf(), router)));
    const otherPrice = await memo.keyOf(facts, bookOf({ ts: deposit.ts, by: 1 }), router);
    assert.equal(memo.recall('acc', otherPrice), undefined);
    const otherValue = await memo.keyOf(
      { ...facts, flows: [{ ...deposit, usdValue: '1000.01' }] },
      bookOf(),
      router,
    );
    assert.equal(memo.recall('acc', otherValue), undefined);
    assert.equal(memo.recall('other', key), undefined);
  });
});
