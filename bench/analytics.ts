/**
 * Analytics benchmark: five years of hourly history for 20 accounts, generated in memory (a seeded random walk
 * with occasional deposits and withdrawals and a few incomplete hours), shaped as the store holds it: snapshots
 * with B(t), flows with B(τ⁻). Prints the time to compute every metric for every period per account, from those
 * facts to the last report (target: under 100 ms per account), and for the aggregate. Both wall time and the main
 * thread's CPU time are shown: on a shared machine the wall time mostly measures the other processes. Exits 1
 * when an account's CPU time is over the target.
 *
 *   node bench/analytics.ts [--accounts 20] [--years 5]
 */
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type AccountHistory, aggregateAccounts } from '../src/domain/aggregate.ts';
import { benchmarkPointsFromFacts } from '../src/domain/benchmark-points.ts';
import { PERIOD_NAMES, resolvePeriod } from '../src/domain/periods.ts';
import { prepareAnalytics, reportOver } from '../src/domain/report.ts';
import type { FlowPoint, NavPoint } from '../src/domain/types.ts';
import { mulberry32 } from '../src/emulator/random.ts';

const H = 3600_000;

/** What the store holds for an account: snapshots with B(t) and counted flows with their B(τ⁻). */
interface StoredFacts {
  navs: NavPoint[];
  flows: FlowPoint[];
}

function history(seed: number, start: number, hours: number): StoredFacts {
  const rand = mulberry32(seed);
  const navs: NavPoint[] = [];
  const flows: FlowPoint[] = [];
  let v = 10_000 + rand() * 90_000;
  let b = v;
  for (let h = 0; h <= hours; h++) {
    const ts = start + h * H;
    if (h > 0 && rand() < 0.002) {
      const c = (rand() < 0.7 ? 1 : -0.4) * rand() * v * 0.2;
      const tau = ts - 1 - Math.floor(rand() * (H - 1));
      flows.push({ ts: tau, usdValue: c.toFixed(2), benchmarkBefore: b.toFixed(8) });
      v += c;
      b += c;
    }
    if (h > 0) {
      v *= 1 + (rand() - 0.4995) * 0.01;
      b *= 1 + (rand() - 0.4996) * 0.008;
    }
    const status = rand() < 0.003 ? 'incomplete' : 'complete';
    // stored amounts carry many decimals (quantity × price), as the worker's rows do
    navs.push({ ts, nav: v.toFixed(12), benchmarkValue: b.toFixed(16), status });
  }
  return { navs, flows };
}

/**
 * Every metric for every named period from stored facts: the work `bpm report` and the dashboard do per
 * account (benchmark points from the stored B(t) and B(τ⁻), float series, then each period).
 */
function everyPeriod(h: AccountHistory, now: number): number {
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

function withBenchmark(facts: StoredFacts): AccountHistory {
  return { ...facts, benchmark: benchmarkPointsFromFacts(facts.navs, facts.flows) };
}

/** The main thread's CPU time where Node reports it (background GC threads excluded), else the process's. */
const threadCpu: (since?: NodeJS.CpuUsage) => NodeJS.CpuUsage =
  typeof process.threadCpuUsage === 'function'
    ? (since) => process.threadCpuUsage(since)
    : (since) => process.cpuUsage(since);

/** Wall time and CPU time (the machine may be shared: CPU time is the steadier figure). */
function time<T>(fn: () => T): { ms: number; cpu: number; value: T } {
  const c = threadCpu();
  const t = performance.now();
  const value = fn();
  const used = threadCpu(c);
  return { ms: performance.now() - t, cpu: (used.user + used.system) / 1000, value };
}

function summary(xs: number[]): string {
  const sorted = [...xs].sort((a, b) => a - b);
  const mean = sorted.reduce((s, x) => s + x, 0) / sorted.length;
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return `mean ${mean.toFixed(1)}, median ${median.toFixed(1)}, max ${sorted[sorted.length - 1]!.toFixed(1)} ms`;
}

const { values } = parseArgs({ options: { accounts: { type: 'string' }, years: { type: 'string' } } });
const accounts = Number(values.accounts ?? 20);
const years = Number(values.years ?? 5);
const hours = Math.round(years * 365 * 24);
const start = Date.UTC(2021, 0, 1);
const now = start + hours * H;

const gen = time(() => Array.from({ length: accounts }, (_, i) => history(1000 + i, start, hours)));
console.log(`generated ${accounts} accounts × ${hours + 1} hourly snapshots in ${gen.ms.toFixed(0)} ms`);

/**
 * A full collection before each account, when available: the in-memory history of every account (millions of
 * objects, built here only to feed the benchmark) would otherwise be traced by a major GC charged to whichever
 * account happens to trigger it. Each account's own garbage is still collected inside its measurement.
 */
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as (() => void) | undefined;

everyPeriod(withBenchmark(gen.value[0]!), now); // warm-up: JIT
const wall: number[] = [];
const cpu: number[] = [];
const histories: AccountHistory[] = [];
for (const facts of gen.value) {
  collect?.();
  const t = time(() => {
    const h = withBenchmark(facts);
    everyPeriod(h, now);
    return h;
  });
  histories.push(t.value);
  wall.push(t.ms);
  cpu.push(t.cpu);
}
console.log(`per account, every metric for ${PERIOD_NAMES.join('/')} from stored facts (target < 100 ms):`);
console.log(`  wall ${summary(wall)}`);
console.log(`  cpu  ${summary(cpu)}`);
console.log(`  each (wall/cpu ms): ${wall.map((w, i) => `${w.toFixed(0)}/${cpu[i]!.toFixed(0)}`).join(' ')}`);

collect?.();
const agg = time(() => aggregateAccounts(histories));
console.log(
  `aggregate: summing ${accounts} accounts on aligned timestamps: wall ${agg.ms.toFixed(0)} ms, cpu ${agg.cpu.toFixed(0)} ms (${agg.value.navs.length} points, ${(agg.cpu / accounts).toFixed(1)} ms per account)`,
);
const aggReport = time(() => everyPeriod(agg.value, now));
console.log(
  `aggregate, every metric for every period: wall ${aggReport.ms.toFixed(1)} ms, cpu ${aggReport.cpu.toFixed(1)} ms`,
);
const worstCpu = Math.max(...cpu);
if (worstCpu > 100) process.exitCode = 1;
