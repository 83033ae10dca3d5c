/**
 * Analytics benchmark: five years of hourly history for 20 accounts, generated in memory (a seeded random walk
 * with occasional deposits and withdrawals and a few incomplete hours). Prints the time to compute every metric
 * for every period per account (target: under 100 ms per account) and for the aggregate.
 *
 *   node bench/analytics.ts [--accounts 20] [--years 5]
 */
import { parseArgs } from 'node:util';
import { aggregateAccounts } from '../src/domain/aggregate.ts';
import { PERIOD_NAMES, resolvePeriod } from '../src/domain/periods.ts';
import { prepareAnalytics, reportOver } from '../src/domain/report.ts';
import type { BenchmarkPoint, FlowPoint, NavPoint } from '../src/domain/types.ts';

const H = 3600_000;

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface History {
  navs: NavPoint[];
  flows: FlowPoint[];
  benchmark: BenchmarkPoint[];
}

function history(seed: number, start: number, hours: number): History {
  const rand = rng(seed);
  const navs: NavPoint[] = [];
  const flows: FlowPoint[] = [];
  const benchmark: BenchmarkPoint[] = [];
  let v = 10_000 + rand() * 90_000;
  let b = v;
  for (let h = 0; h <= hours; h++) {
    const ts = start + h * H;
    if (h > 0 && rand() < 0.002) {
      const c = (rand() < 0.7 ? 1 : -0.4) * rand() * v * 0.2;
      const tau = ts - 1 - Math.floor(rand() * (H - 1));
      benchmark.push({
        ts: tau,
        kind: 'flow',
        valueBefore: b.toFixed(2),
        valueAfter: (b + c).toFixed(2),
        units: {},
      });
      v += c;
      b += c;
      flows.push({ ts: tau, usdValue: c.toFixed(2) });
    }
    if (h > 0) {
      v *= 1 + (rand() - 0.4995) * 0.01;
      b *= 1 + (rand() - 0.4996) * 0.008;
    }
    const status = rand() < 0.003 ? 'incomplete' : 'complete';
    navs.push({ ts, nav: v.toFixed(2), benchmarkValue: b.toFixed(2), status });
    benchmark.push({
      ts,
      kind: h === 0 ? 'start' : 'snapshot',
      valueBefore: b.toFixed(2),
      valueAfter: b.toFixed(2),
      units: {},
    });
  }
  return { navs, flows, benchmark };
}

/** Every metric for every named period: the work the dashboard and `bpm report` do per account. */
function everyPeriod(h: History, now: number): number {
  const prepared = prepareAnalytics(h.navs, h.flows, h.benchmark);
  const first = prepared.portfolio.ts[0] ?? now;
  let checksum = 0;
  for (const name of PERIOD_NAMES) {
    const range = resolvePeriod(name, now, first);
    const r = reportOver(prepared, range.from, range.to);
    checksum += (r.twr ?? 0) + (r.volatility ?? 0);
  }
  return checksum;
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const t = performance.now();
  const value = fn();
  return { ms: performance.now() - t, value };
}

const { values } = parseArgs({ options: { accounts: { type: 'string' }, years: { type: 'string' } } });
const accounts = Number(values.accounts ?? 20);
const years = Number(values.years ?? 5);
const hours = Math.round(years * 365 * 24);
const start = Date.UTC(2021, 0, 1);
const now = start + hours * H;

const gen = time(() => Array.from({ length: accounts }, (_, i) => history(1000 + i, start, hours)));
console.log(`generated ${accounts} accounts × ${hours + 1} hourly snapshots in ${gen.ms.toFixed(0)} ms`);

everyPeriod(gen.value[0]!, now); // warm-up: JIT
const perAccount: number[] = [];
for (const h of gen.value) perAccount.push(time(() => everyPeriod(h, now)).ms);
perAccount.sort((a, b) => a - b);
const mean = perAccount.reduce((s, x) => s + x, 0) / perAccount.length;
const p = (q: number) => perAccount[Math.min(perAccount.length - 1, Math.floor(q * perAccount.length))]!;
console.log(
  `per account, every metric for ${PERIOD_NAMES.join('/')}: mean ${mean.toFixed(1)} ms, median ${p(0.5).toFixed(1)} ms, max ${p(1).toFixed(1)} ms (target < 100 ms)`,
);

const agg = time(() => aggregateAccounts(gen.value));
console.log(
  `aggregate: summing ${accounts} accounts on aligned timestamps: ${agg.ms.toFixed(0)} ms (${agg.value.navs.length} points)`,
);
const aggReport = time(() => everyPeriod(agg.value, now));
console.log(`aggregate, every metric for every period: ${aggReport.ms.toFixed(1)} ms`);
if (p(1) > 100) process.exitCode = 1;
