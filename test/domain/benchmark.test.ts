import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BenchmarkConfigError,
  BenchmarkError,
  benchmarkValue,
  replayBenchmark,
  startUnits,
  validateBenchmarkConfig,
} from '../../src/domain/benchmark.ts';
import type { BenchmarkConfig, BenchmarkPoint } from '../../src/domain/types.ts';
import { DEFAULT_BENCHMARK } from '../../src/domain/types.ts';

const at = (text: string) => Date.parse(text);

/** priceAt from a table by instant; an instant the replay should not need fails the test. */
function priceTable(table: Record<string, Record<string, string>>) {
  return (asset: string, ts: number) => {
    const row = table[new Date(ts).toISOString()];
    const price = row?.[asset];
    if (price === undefined)
      throw new Error(`unexpected price lookup ${asset} at ${new Date(ts).toISOString()}`);
    return price;
  };
}

const brief = (points: BenchmarkPoint[]) =>
  points.map((p) => [
    new Date(p.ts).toISOString().slice(11, 16),
    p.kind,
    p.valueBefore,
    p.valueAfter,
    p.units,
  ]);

describe('default 50/50 BTC/ETH benchmark, weekly', () => {
  // 2026-11-23 is a Monday: t₀ at 12:00, the weekly rebalance at 17:00 the same day.
  const t0 = at('2026-11-23T12:00:00Z');
  const priceAt = priceTable({
    '2026-11-23T12:00:00.000Z': { BTC: '80000', ETH: '2500' },
    '2026-11-23T13:00:00.000Z': { BTC: '88000', ETH: '2000' },
    '2026-11-23T14:30:00.000Z': { BTC: '80000', ETH: '2000' },
    '2026-11-23T17:00:00.000Z': { BTC: '80000', ETH: '2500' },
    '2026-11-23T18:00:00.000Z': { BTC: '80000', ETH: '2500' },
    '2026-11-23T19:00:00.000Z': { BTC: '90000', ETH: '3000' },
  });
  const points = replayBenchmark({
    config: DEFAULT_BENCHMARK,
    startTs: t0,
    startNav: '10000',
    snapshots: [{ ts: t0 }, { ts: at('2026-11-23T13:00:00Z') }, { ts: at('2026-11-23T19:00:00Z') }],
    flows: [
      { ts: at('2026-11-23T11:00:00Z'), usdValue: '5000' }, // before t₀: ignored
      { ts: t0, usdValue: '777' }, // at t₀: already inside NAV(t₀), ignored
      { ts: at('2026-11-23T14:30:00Z'), usdValue: '1000' },
      { ts: at('2026-11-23T18:00:00Z'), usdValue: '-2225' },
      { ts: at('2026-11-23T20:00:00Z'), usdValue: '1' }, // after untilTs: not yet
    ],
    priceAt,
    untilTs: at('2026-11-23T19:00:00Z'),
  });

  it('replays start, snapshot, deposit, rebalance, withdrawal, snapshot with hand-checked values', () => {
    assert.deepEqual(brief(points), [
      // start: u_BTC = 0.5 × 10000 / 80000 = 0.0625; u_ETH = 0.5 × 10000 / 2500 = 2; B = 5000 + 5000 = 10000
      ['12:00', 'start', '10000', '10000', { BTC: '0.0625', ETH: '2' }],
      // B = 0.0625 × 88000 + 2 × 2000 = 5500 + 4000 = 9500
      ['13:00', 'snapshot', '9500', '9500', { BTC: '0.0625', ETH: '2' }],
      // B(τ⁻) = 0.0625 × 80000 + 2 × 2000 = 9000; buys 500/80000 = 0.00625 BTC and 500/2000 = 0.25 ETH;
      // B(τ⁺) = 0.06875 × 80000 + 2.25 × 2000 = 5500 + 4500 = 10000
      ['14:30', 'flow', '9000', '10000', { BTC: '0.06875', ETH: '2.25' }],
      // Monday 17:00: B = 0.06875 × 80000 + 2.25 × 2500 = 5500 + 5625 = 11125;
      // u_BTC = 5562.5 / 80000 = 0.06953125; u_ETH = 5562.5 / 2500 = 2.225
      ['17:00', 'rebalance', '11125', '11125', { BTC: '0.06953125', ETH: '2.225' }],
      // withdrawal 2225 of B 11125: factor (11125 − 2225) / 11125 = 0.8; units 0.055625 and 1.78;
      // B(τ⁺) = 4450 + 4450 = 8900
      ['18:00', 'flow', '11125', '8900', { BTC: '0.055625', ETH: '1.78' }],
      // B = 0.055625 × 90000 + 1.78 × 3000 = 5006.25 + 5340 = 10346.25
      ['19:00', 'snapshot', '10346.25', '10346.25', { BTC: '0.055625', ETH: '1.78' }],
    ]);
  });

  it('benchmarkValue of the final units at the final prices gives the same B', () => {
    const last = points.at(-1)!;
    assert.equal(benchmarkValue(last.units, { BTC: '90000', ETH: '3000' }), '10346.25');
    assert.throws(() => benchmarkValue(last.units, { BTC: '90000' }), BenchmarkError);
  });

  it('a weekly rebalance happens only at Monday 17:00', () => {
    const week = replayBenchmark({
      config: DEFAULT_BENCHMARK,
      startTs: at('2026-11-24T00:00:00Z'),
      startNav: '100',
      snapshots: [],
      flows: [],
      priceAt: () => '10',
      untilTs: at('2026-12-08T00:00:00Z'),
    });
    assert.deepEqual(
      week.filter((p) => p.kind === 'rebalance').map((p) => new Date(p.ts).toISOString()),
      ['2026-11-30T17:00:00.000Z', '2026-12-07T17:00:00.000Z'],
    );
  });
});

describe('withdrawals beyond the benchmark value', () => {
  it('a full withdrawal floors units at 0, and a later deposit refills at target weights', () => {
    const priceAt = priceTable({
      '2026-01-01T00:00:00.000Z': { BTC: '50000', ETH: '2000' },
      '2026-01-01T01:00:00.000Z': { BTC: '50000', ETH: '2000' },
      '2026-01-01T02:00:00.000Z': { BTC: '40000', ETH: '1000' },
    });
    const points = replayBenchmark({
      config: { ...DEFAULT_BENCHMARK, rebalance: 'none' },
      startTs: at('2026-01-01T00:00:00Z'),
      startNav: '1000',
      snapshots: [],
      flows: [
        { ts: at('2026-01-01T01:00:00Z'), usdValue: '-1500' },
        { ts: at('2026-01-01T02:00:00Z'), usdValue: '400' },
      ],
      priceAt,
      untilTs: at('2026-01-01T02:00:00Z'),
    });
    assert.deepEqual(brief(points), [
      // u_BTC = 500 / 50000 = 0.01; u_ETH = 500 / 2000 = 0.25
      ['00:00', 'start', '1000', '1000', { BTC: '0.01', ETH: '0.25' }],
      // c = 1500 ≥ B = 1000: (1 − 1.5) < 0 is floored, every unit becomes 0
      ['01:00', 'flow', '1000', '0', { BTC: '0', ETH: '0' }],
      // 200 / 40000 = 0.005 BTC, 200 / 1000 = 0.2 ETH: B = 200 + 200 = 400
      ['02:00', 'flow', '0', '400', { BTC: '0.005', ETH: '0.2' }],
    ]);
  });
});

describe('custom 3-asset benchmark, monthly', () => {
  it('rebalances on the 1st at 00:00, before the snapshot of the same instant', () => {
    const config: BenchmarkConfig = {
      assets: [
        { asset: 'BTC', weight: '0.5' },
        { asset: 'ETH', weight: '0.3' },
        { asset: 'SOL', weight: '0.2' },
      ],
      rebalance: 'monthly',
    };
    const priceAt = priceTable({
      '2026-11-20T00:00:00.000Z': { BTC: '100000', ETH: '4000', SOL: '200' },
      '2026-12-01T00:00:00.000Z': { BTC: '120000', ETH: '3000', SOL: '300' },
    });
    const points = replayBenchmark({
      config,
      startTs: at('2026-11-20T00:00:00Z'),
      startNav: '20000',
      snapshots: [{ ts: at('2026-12-01T00:00:00Z') }],
      flows: [],
      priceAt,
      untilTs: at('2026-12-01T00:00:00Z'),
    });
    assert.deepEqual(brief(points), [
      // 10000 / 100000 = 0.1 BTC; 6000 / 4000 = 1.5 ETH; 4000 / 200 = 20 SOL
      ['00:00', 'start', '20000', '20000', { BTC: '0.1', ETH: '1.5', SOL: '20' }],
      // B = 0.1 × 120000 + 1.5 × 3000 + 20 × 300 = 12000 + 4500 + 6000 = 22500;
      // 11250 / 120000 = 0.09375 BTC; 6750 / 3000 = 2.25 ETH; 4500 / 300 = 15 SOL
      ['00:00', 'rebalance', '22500', '22500', { BTC: '0.09375', ETH: '2.25', SOL: '15' }],
      ['00:00', 'snapshot', '22500', '22500', { BTC: '0.09375', ETH: '2.25', SOL: '15' }],
    ]);
  });
});

describe('rounding and ordering', () => {
  it('units are rounded half-even to 18 decimal places; the next valueBefore is their exact value', () => {
    const [start, snapshot, deposit] = replayBenchmark({
      config: { ...DEFAULT_BENCHMARK, rebalance: 'none' },
      startTs: 0,
      startNav: '100',
      snapshots: [{ ts: 1 }],
      flows: [{ ts: 2, usdValue: '10' }],
      priceAt: (asset) => (asset === 'BTC' ? '30000' : '3000'),
      untilTs: 2,
    });
    // 50 / 30000 = 0.001666666666666666|666… → 0.001666666666666667; 50 / 3000 → 0.016666666666666667.
    assert.deepEqual(start!.units, { BTC: '0.001666666666666667', ETH: '0.016666666666666667' });
    // B(t₀) is NAV(t₀) by definition.
    assert.equal(start!.valueAfter, '100');
    // Held units at the same prices: 0.001666666666666667 × 30000 + 0.016666666666666667 × 3000
    //   = 50.00000000000001 + 50.000000000000001 = 100.000000000000011
    assert.equal(snapshot!.valueBefore, '100.000000000000011');
    assert.equal(snapshot!.valueAfter, '100.000000000000011');
    assert.equal(benchmarkValue(start!.units, { BTC: '30000', ETH: '3000' }), '100.000000000000011');
    // Deposit of 10: after = before + c = 110.000000000000011 exactly; 5 / 30000 → 0.000166666666666667 BTC
    // added (0.001833333333333334), 5 / 3000 → 0.001666666666666667 ETH added (0.018333333333333334).
    assert.equal(deposit!.valueAfter, '110.000000000000011');
    assert.deepEqual(deposit!.units, { BTC: '0.001833333333333334', ETH: '0.018333333333333334' });
  });

  it('flows at one instant give the same result whatever their input order (deposits first)', () => {
    const run = (flows: { ts: number; usdValue: string }[]) =>
      replayBenchmark({
        config: DEFAULT_BENCHMARK,
        startTs: 0,
        startNav: '1000',
        snapshots: [{ ts: 3_600_000 }],
        flows,
        priceAt: (asset) => (asset === 'BTC' ? '100' : '10'),
        untilTs: 3_600_000,
      });
    const deposit = { ts: 3_600_000, usdValue: '500' };
    const withdrawal = { ts: 3_600_000, usdValue: '-300' };
    const a = run([withdrawal, deposit]);
    assert.deepEqual(a, run([deposit, withdrawal]));
    // start 5 BTC + 50 ETH = 1000; deposit 500 → 7.5 BTC + 75 ETH = 1500; withdraw 300 → ×0.8 = 6 + 60 = 1200;
    // then the snapshot of the same instant.
    assert.deepEqual(
      a.map((p) => [p.kind, p.valueBefore, p.valueAfter]),
      [
        ['start', '1000', '1000'],
        ['flow', '1000', '1500'],
        ['flow', '1500', '1200'],
        ['snapshot', '1200', '1200'],
      ],
    );
  });

  it('a zero or negative start NAV starts an empty benchmark', () => {
    const [start] = replayBenchmark({
      config: DEFAULT_BENCHMARK,
      startTs: 0,
      startNav: '-5',
      snapshots: [],
      flows: [],
      priceAt: () => '1',
      untilTs: 0,
    });
    assert.deepEqual(start!.units, { BTC: '0', ETH: '0' });
    assert.equal(start!.valueAfter, '0');
  });

  it('a missing or zero price is an error naming asset and instant', () => {
    assert.throws(
      () =>
        replayBenchmark({
          config: DEFAULT_BENCHMARK,
          startTs: 0,
          startNav: '100',
          snapshots: [],
          flows: [],
          priceAt: (asset) => (asset === 'ETH' ? '0' : '1'),
          untilTs: 0,
        }),
      (e: unknown) =>
        e instanceof BenchmarkError && /ETH/.test(e.message) && /1970-01-01T00:00/.test(e.message),
    );
  });

  it('startUnits gives the start units from a price table', () => {
    // 0.5 × 10000 / 80000 = 0.0625 BTC; 0.5 × 10000 / 2500 = 2 ETH
    assert.deepEqual(startUnits(DEFAULT_BENCHMARK, '10000', { BTC: '80000', ETH: '2500' }), {
      BTC: '0.0625',
      ETH: '2',
    });
  });
});

describe('benchmark config validation', () => {
  const bad: [string, BenchmarkConfig, RegExp][] = [
    ['no assets', { assets: [], rebalance: 'weekly' }, /at least one asset/],
    [
      'weights not summing to 1',
      {
        assets: [
          { asset: 'BTC', weight: '0.5' },
          { asset: 'ETH', weight: '0.4999' },
        ],
        rebalance: 'weekly',
      },
      /sum to exactly 1, they sum to 0.9999/,
    ],
    [
      'a duplicate asset',
      {
        assets: [
          { asset: 'BTC', weight: '0.5' },
          { asset: 'BTC', weight: '0.5' },
        ],
        rebalance: 'none',
      },
      /BTC is listed twice/,
    ],
    [
      'a zero weight',
      {
        assets: [
          { asset: 'BTC', weight: '1' },
          { asset: 'ETH', weight: '0' },
        ],
        rebalance: 'none',
      },
      /ETH must be positive/,
    ],
    [
      'a negative weight',
      {
        assets: [
          { asset: 'BTC', weight: '1.5' },
          { asset: 'ETH', weight: '-0.5' },
        ],
        rebalance: 'none',
      },
      /ETH must be positive/,
    ],
    [
      'a weight that is not a number',
      { assets: [{ asset: 'BTC', weight: 'all' }], rebalance: 'none' },
      /not a decimal/,
    ],
    ['a lower-case asset', { assets: [{ asset: 'btc', weight: '1' }], rebalance: 'none' }, /upper-case/],
    [
      'an unknown rule',
      { assets: [{ asset: 'BTC', weight: '1' }], rebalance: 'hourly' as 'none' },
      /rebalance must be one of/,
    ],
  ];
  for (const [name, config, message] of bad) {
    it(`rejects ${name}`, () => {
      assert.throws(
        () => validateBenchmarkConfig(config),
        (e: unknown) => e instanceof BenchmarkConfigError && message.test(e.message),
      );
    });
  }

  it('accepts the default and a 3-asset custom config; replay rejects an invalid one', () => {
    validateBenchmarkConfig(DEFAULT_BENCHMARK);
    validateBenchmarkConfig({
      assets: [
        { asset: 'BTC', weight: '0.5' },
        { asset: 'ETH', weight: '0.3' },
        { asset: 'SOL', weight: '0.2' },
      ],
      rebalance: 'monthly',
    });
    assert.throws(
      () =>
        replayBenchmark({
          config: { assets: [{ asset: 'BTC', weight: '0.9' }], rebalance: 'none' },
          startTs: 0,
          startNav: '1',
          snapshots: [],
          flows: [],
          priceAt: () => '1',
          untilTs: 0,
        }),
      BenchmarkConfigError,
    );
  });
});
