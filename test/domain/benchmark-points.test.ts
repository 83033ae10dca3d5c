/**
 * Exact benchmark points from stored facts (design §5): snapshot values plus each flow's B(τ⁻). Golden numbers,
 * a 50/50 BTC/ETH benchmark without rebalancing:
 *
 *   t₀ 10:00  NAV 10000, BTC 100000, ETH 4000 → units BTC 0.5·10000/100000 = 0.05, ETH 0.5·10000/4000 = 1.25
 *   τ  10:30  BTC 125000, ETH 4000 → B(τ⁻) = 0.05·125000 + 1.25·4000 = 6250 + 5000 = 11250
 *             deposit 1000: BTC += 500/125000 = 0.004 → 0.054, ETH += 500/4000 = 0.125 → 1.375; B(τ⁺) = 12250
 *   t₁ 11:00  BTC 100000, ETH 4000 → B(t₁) = 0.054·100000 + 1.375·4000 = 5400 + 5500 = 10900
 *
 * Exact growth: B(τ⁻)/B(t₀) · B(t₁)/B(τ⁺) = 11250/10000 · 10900/12250 = 12262.5/12250 = 1.00102040816…
 * The approximation (the deposit executed at t₁): (B(t₁) − 1000)/B(t₀) = 9900/10000 = 0.99.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { replayBenchmark } from '../../src/domain/benchmark.ts';
import { benchmarkPointsFromFacts } from '../../src/domain/benchmark-points.ts';
import { benchmarkPointsFromNavs, benchmarkSeries } from '../../src/domain/returns.ts';
import type { BenchmarkConfig, FlowPoint, NavPoint } from '../../src/domain/types.ts';

const H = 3_600_000;
const T0 = Date.parse('2026-01-05T10:00:00Z');
const TAU = T0 + H / 2;
const T1 = T0 + H;
const FIFTY_FIFTY: BenchmarkConfig = {
  assets: [
    { asset: 'BTC', weight: '0.5' },
    { asset: 'ETH', weight: '0.5' },
  ],
  rebalance: 'none',
};

const close = (actual: number | undefined, expected: number, msg?: string) =>
  assert.ok(
    actual !== undefined && Math.abs(actual - expected) < 1e-12,
    `${msg ?? ''} ${actual} ≠ ${expected}`,
  );
const last = (xs: Float64Array) => xs[xs.length - 1];

const PRICES: Record<number, Record<string, string>> = {
  [T0]: { BTC: '100000', ETH: '4000' },
  [TAU]: { BTC: '125000', ETH: '4000' },
  [T1]: { BTC: '100000', ETH: '4000' },
};
const priceAt = (asset: string, ts: number) => {
  const p = PRICES[ts]?.[asset];
  if (p === undefined) throw new Error(`no ${asset} price at ${new Date(ts).toISOString()}`);
  return p;
};

const navs: NavPoint[] = [
  { ts: T0, nav: '10000', benchmarkValue: '10000', status: 'complete' },
  { ts: T1, nav: '11000', benchmarkValue: '10900', status: 'complete' },
];

describe('benchmark points from stored facts', () => {
  it('golden: a mid-hour deposit while BTC moves is chain-linked exactly, unlike the approximation', () => {
    const flows: FlowPoint[] = [{ ts: TAU, usdValue: '1000', benchmarkBefore: '11250' }];
    const points = benchmarkPointsFromFacts(navs, flows);
    assert.deepEqual(
      points.map((p) => [p.ts, p.kind, p.valueBefore, p.valueAfter]),
      [
        [T0, 'start', '10000', '10000'],
        [TAU, 'flow', '11250', '12250'],
        [T1, 'snapshot', '10900', '10900'],
      ],
    );
    close(last(benchmarkSeries(points).index), 12262.5 / 12250);
    const approx = benchmarkPointsFromNavs(navs, flows);
    close(last(benchmarkSeries(approx).index), 0.99);
  });

  it('equals the replay: B(τ⁻) from the replay, identified by flow id', () => {
    const replay = replayBenchmark({
      config: FIFTY_FIFTY,
      startTs: T0,
      startNav: '10000',
      snapshots: [{ ts: T1 }],
      flows: [{ ts: TAU, usdValue: '1000', id: 'deposit|d1' }],
      priceAt,
      untilTs: T1,
    });
    const flowPoint = replay.find((p) => p.kind === 'flow');
    assert.equal(flowPoint?.flowId, 'deposit|d1');
    assert.equal(flowPoint?.valueBefore, '11250');
    assert.equal(replay.at(-1)?.valueAfter, '10900');
    const fromFacts = benchmarkPointsFromFacts(navs, [
      { ts: TAU, usdValue: '1000', benchmarkBefore: flowPoint!.valueBefore },
    ]);
    close(last(benchmarkSeries(fromFacts).index), last(benchmarkSeries(replay).index)!);
    close(last(benchmarkSeries(replay).index), 12262.5 / 12250);
  });

  it('flows at one instant follow the replay order whatever order they are given in', () => {
    // At τ: B(τ⁻) = 11250; the replay applies +1000 (→ 12250), +200 (→ 12450), then −450 (→ 12000).
    // B(t₁) = 10900 is taken as given. Growth: 11250/10000 · 12250/12250 · 12450/12450 · 10900/12000.
    const flows: FlowPoint[] = [
      { ts: TAU, usdValue: '-450', benchmarkBefore: '12450' },
      { ts: TAU, usdValue: '200', benchmarkBefore: '12250' },
      { ts: TAU, usdValue: '1000', benchmarkBefore: '11250' },
    ];
    const points = benchmarkPointsFromFacts(navs, flows);
    assert.deepEqual(
      points.map((p) => [p.valueBefore, p.valueAfter]),
      [
        ['10000', '10000'],
        ['11250', '12250'],
        ['12250', '12450'],
        ['12450', '12000'],
        ['10900', '10900'],
      ],
    );
    close(last(benchmarkSeries(points).index), (11250 / 10000) * (10900 / 12000));
  });

  it('equal deposits at one instant are ordered by their B(τ⁻)', () => {
    const flows: FlowPoint[] = [
      { ts: TAU, usdValue: '500', benchmarkBefore: '11750' },
      { ts: TAU, usdValue: '500', benchmarkBefore: '11250' },
    ];
    const points = benchmarkPointsFromFacts(navs, flows);
    assert.deepEqual(
      points.slice(1, 3).map((p) => p.valueBefore),
      ['11250', '11750'],
    );
    // 11250/10000 · 11750/11750 · 10900/12250
    close(last(benchmarkSeries(points).index), 12262.5 / 12250);
  });

  it('a withdrawal larger than the benchmark empties it (floored at 0)', () => {
    const flows: FlowPoint[] = [{ ts: TAU, usdValue: '-20000', benchmarkBefore: '11250' }];
    const points = benchmarkPointsFromFacts(
      [navs[0]!, { ts: T1, nav: '0', benchmarkValue: '0', status: 'complete' }],
      flows,
    );
    assert.equal(points[1]?.valueAfter, '0');
    // 11250/10000, then nothing held: growth 1.
    close(last(benchmarkSeries(points).index), 1.125);
  });

  it('without a stored B(τ⁻) a flow falls back to the approximation, for that flow only', () => {
    // No B(τ⁻) anywhere: the same points as benchmarkPointsFromNavs.
    const unknown: FlowPoint[] = [{ ts: TAU, usdValue: '1000', benchmarkBefore: null }];
    assert.deepEqual(benchmarkPointsFromFacts(navs, unknown), benchmarkPointsFromNavs(navs, unknown));
    assert.deepEqual(
      benchmarkPointsFromFacts(navs, [{ ts: TAU, usdValue: '1000' }]),
      benchmarkPointsFromNavs(navs, unknown),
    );
    // Mixed: the exact deposit keeps its B(τ⁻); a +100 without one at 10:45 is placed on the snapshot:
    // 11250/10000 · (10900 − 100)/12250 = 1.125 · 10800/12250.
    const mixed = benchmarkPointsFromFacts(navs, [
      { ts: TAU, usdValue: '1000', benchmarkBefore: '11250' },
      { ts: TAU + H / 4, usdValue: '100', benchmarkBefore: null },
    ]);
    assert.deepEqual(
      mixed.map((p) => [p.kind, p.valueBefore, p.valueAfter]),
      [
        ['start', '10000', '10000'],
        ['flow', '11250', '12250'],
        ['snapshot', '10800', '10900'],
      ],
    );
    close(last(benchmarkSeries(mixed).index), (1.125 * 10800) / 12250);
    // One without B(τ⁻) before an exact one is placed on that exact one: (11250 − 100)/10000 · 10900/12250.
    const earlier = benchmarkPointsFromFacts(navs, [
      { ts: T0 + H / 4, usdValue: '100', benchmarkBefore: null },
      { ts: TAU, usdValue: '1000', benchmarkBefore: '11250' },
    ]);
    assert.deepEqual(
      earlier.map((p) => p.valueBefore),
      ['10000', '11150', '10900'],
    );
  });

  it('ignores flows at or before the first point and after the last; skips incomplete snapshots', () => {
    const points = benchmarkPointsFromFacts(
      [
        ...navs,
        { ts: T0 + H / 2, nav: '1', benchmarkValue: '1', status: 'incomplete' },
        { ts: T0 - H, nav: '1', benchmarkValue: null, status: 'complete' },
      ],
      [
        { ts: T0, usdValue: '5000', benchmarkBefore: null },
        { ts: T1 + 1, usdValue: '5000', benchmarkBefore: '10900' },
        { ts: TAU, usdValue: '1000', benchmarkBefore: '11250' },
      ],
    );
    assert.deepEqual(
      points.map((p) => p.ts),
      [T0, TAU, T1],
    );
    assert.deepEqual(benchmarkPointsFromFacts([], []), []);
  });
});
