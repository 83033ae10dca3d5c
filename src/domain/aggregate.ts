/**
 * The aggregate view: all accounts summed (design.md §5), returns computed on the sums.
 *
 * Alignment. Snapshots are taken at the same hourly slots, so the aggregate lives on the union of the accounts'
 * complete-snapshot timestamps. An account is a member from its first complete snapshot to its last snapshot of
 * any status. A timestamp enters the aggregate only when EVERY member has a complete snapshot at exactly that
 * timestamp; otherwise it is skipped and the aggregate simply has a longer sub-period (as a gap in one account
 * would). Nothing is carried forward, so the sum never mixes a stale value with a fresh flow.
 *
 * Joining and leaving. An account's arrival is money entering the sum: a synthetic flow of +NAV(first) at its
 * first complete snapshot; its departure (no snapshot of any status after its last complete one, while the
 * aggregate goes on) is a synthetic flow of −NAV(last) just after its last complete snapshot. The benchmark
 * gets the same with the account's benchmark value. An account's real flows count while τ ∈ (first, last].
 *
 * Benchmark. The sum of the accounts' benchmark values at each aggregate timestamp, with the aggregate flows
 * taken as executed at the snapshot closing their sub-period (benchmark-points.ts, with no B(τ⁻) given).
 * This stays an approximation: an account's stored B(τ⁻) is its own benchmark just before its flow, but the
 * sum just before it would also need every other account's benchmark at τ, which is not stored (they are
 * known only at snapshots and at their own flows). With a single account the aggregate is that account, and its
 * own (exact) benchmark points are used.
 */
import Big from 'big.js';
import { benchmarkPointsFromFacts } from './benchmark-points.ts';
import { sortedByTs } from './returns.ts';
import { lastAtOrBefore } from './stats.ts';
import type { BenchmarkPoint, Decimal, FlowPoint, NavPoint } from './types.ts';

export interface AccountHistory {
  navs: NavPoint[];
  flows: FlowPoint[];
  benchmark: BenchmarkPoint[];
}

export interface AggregateHistory {
  navs: NavPoint[];
  flows: FlowPoint[];
  benchmark: BenchmarkPoint[];
}

/**
 * Exact sums in fixed point: every decimal of the inputs is scaled to the largest number of decimal places
 * found and summed as a BigInt, which is exact and much faster than summing decimal objects.
 */
interface Fixed {
  scale: number;
  parse(text: Decimal): bigint;
  format(v: bigint): Decimal;
}

function plain(text: Decimal): string {
  return text.includes('e') || text.includes('E') || text.startsWith('+') || text.startsWith('.')
    ? new Big(text).toFixed()
    : text;
}

function decimalPlaces(text: Decimal): number {
  const t = plain(text);
  const dot = t.indexOf('.');
  return dot < 0 ? 0 : t.length - dot - 1;
}

function fixedPoint(scale: number): Fixed {
  const unit = 10n ** BigInt(scale);
  const powers = Array.from({ length: scale + 1 }, (_, i) => 10n ** BigInt(i));
  return {
    scale,
    parse(text) {
      const t = plain(text.trim());
      const dot = t.indexOf('.');
      if (dot < 0) return BigInt(t) * unit;
      const places = t.length - dot - 1;
      const digits = BigInt(t.slice(0, dot) + t.slice(dot + 1));
      // "-0.5" → "-05" keeps its sign through BigInt
      return places === scale ? digits : digits * powers[scale - places]!;
    },
    format(v) {
      const neg = v < 0n;
      const abs = neg ? -v : v;
      const int = (abs / unit).toString();
      const frac = scale === 0 ? '' : (abs % unit).toString().padStart(scale, '0').replace(/0+$/, '');
      return `${neg && abs !== 0n ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
    },
  };
}

function fixedFor(accounts: readonly AccountHistory[]): Fixed {
  let scale = 0;
  for (const h of accounts) {
    for (const p of h.navs) {
      if (p.status !== 'complete') continue;
      scale = Math.max(scale, decimalPlaces(p.nav));
      if (p.benchmarkValue !== null) scale = Math.max(scale, decimalPlaces(p.benchmarkValue));
    }
    for (const p of h.benchmark) scale = Math.max(scale, decimalPlaces(p.valueAfter));
  }
  return fixedPoint(scale);
}

interface Member {
  /** Complete snapshots, sorted, with their NAV in fixed point. */
  ts: number[];
  nav: bigint[];
  first: number;
  lastComplete: number;
  lastAny: number;
  flows: FlowPoint[];
  benchTs: number[];
  benchAfter: bigint[];
  /** Walking positions in ts and benchTs while the aggregate's timestamps increase. */
  at: number;
  benchAt: number;
}

function member(h: AccountHistory, fx: Fixed): Member | null {
  const ts: number[] = [];
  const nav: bigint[] = [];
  let lastAny = Number.NEGATIVE_INFINITY;
  for (const p of sortedByTs(h.navs)) {
    lastAny = Math.max(lastAny, p.ts);
    if (p.status !== 'complete') continue;
    if (ts.length > 0 && ts[ts.length - 1] === p.ts) nav[nav.length - 1] = fx.parse(p.nav);
    else {
      ts.push(p.ts);
      nav.push(fx.parse(p.nav));
    }
  }
  if (ts.length === 0) return null;
  const bench = sortedByTs(h.benchmark);
  return {
    ts,
    nav,
    first: ts[0]!,
    lastComplete: ts[ts.length - 1]!,
    lastAny,
    flows: h.flows,
    benchTs: bench.map((p) => p.ts),
    benchAfter: bench.map((p) => fx.parse(p.valueAfter)),
    at: 0,
    benchAt: -1,
  };
}

/** NAV at exactly t, advancing the member's position; null when it has no complete snapshot at t. */
function navAt(m: Member, t: number): bigint | null {
  while (m.at < m.ts.length && m.ts[m.at]! < t) m.at++;
  return m.ts[m.at] === t ? m.nav[m.at]! : null;
}

/** Benchmark value after the last replay point at or before t (t never decreases between calls). */
function benchAt(m: Member, t: number): bigint | null {
  while (m.benchAt + 1 < m.benchTs.length && m.benchTs[m.benchAt + 1]! <= t) m.benchAt++;
  return m.benchAt < 0 ? null : m.benchAfter[m.benchAt]!;
}

/** Sorted distinct timestamps of all members (a typed-array sort: a Set of years of hourly slots is slower). */
function unionOfTimestamps(members: readonly Member[]): Float64Array {
  const all = new Float64Array(members.reduce((n, m) => n + m.ts.length, 0));
  let n = 0;
  for (const m of members) for (const t of m.ts) all[n++] = t;
  all.sort();
  let k = 0;
  for (let i = 0; i < n; i++) if (k === 0 || all[i] !== all[k - 1]) all[k++] = all[i]!;
  return all.subarray(0, k);
}

export function aggregateAccounts(accounts: readonly AccountHistory[]): AggregateHistory {
  const fx = fixedFor(accounts);
  const observed = accounts.flatMap((h) => {
    const m = member(h, fx);
    return m === null ? [] : [{ h, m }];
  });
  const members = observed.map((o) => o.m);
  const navs: NavPoint[] = [];
  const flows: FlowPoint[] = [];
  const benchFlows: FlowPoint[] = [];
  let previous: Member[] = [];
  const values: bigint[] = new Array(members.length);
  for (const t of unionOfTimestamps(members)) {
    const live: Member[] = [];
    let complete = true;
    for (let k = 0; k < members.length; k++) {
      const m = members[k]!;
      if (m.first > t || t > m.lastAny) continue;
      const v = navAt(m, t);
      if (v === null) {
        complete = false;
        break;
      }
      values[live.length] = v;
      live.push(m);
    }
    if (!complete) continue;
    let nav = 0n;
    let bench: bigint | null = 0n;
    for (let k = 0; k < live.length; k++) {
      nav += values[k]!;
      const b = benchAt(live[k]!, t);
      bench = bench === null || b === null ? null : bench + b;
    }
    if (navs.length > 0) membershipFlows(previous, live, fx, flows, benchFlows);
    navs.push({
      ts: t,
      nav: fx.format(nav),
      benchmarkValue: bench === null ? null : fx.format(bench),
      status: 'complete',
    });
    previous = live;
  }
  for (const m of members) {
    for (const f of m.flows) {
      if (f.ts > m.first && f.ts <= m.lastComplete) {
        // An account's B(τ⁻) is not the sum's: the aggregate's flows carry none.
        flows.push({ ts: f.ts, usdValue: f.usdValue });
        benchFlows.push({ ts: f.ts, usdValue: f.usdValue });
      }
    }
  }
  const byTs = (x: FlowPoint, y: FlowPoint) => x.ts - y.ts;
  flows.sort(byTs);
  benchFlows.sort(byTs);
  const benchmark =
    observed.length === 1 ? observed[0]!.h.benchmark : benchmarkPointsFromFacts(navs, benchFlows);
  return { navs, flows, benchmark };
}

/** Synthetic flows for accounts joining or leaving the sum between two aggregate timestamps. */
function membershipFlows(
  prevList: readonly Member[],
  curList: readonly Member[],
  fx: Fixed,
  flows: FlowPoint[],
  benchFlows: FlowPoint[],
): void {
  if (prevList.length === curList.length && prevList.every((m, i) => curList[i] === m)) return;
  const prev = new Set(prevList);
  const cur = new Set(curList);
  for (const m of cur) {
    if (prev.has(m)) continue;
    const nav = m.nav[0]!;
    flows.push({ ts: m.first, usdValue: fx.format(nav) });
    benchFlows.push({ ts: m.first, usdValue: fx.format(benchValueAt(m, m.first) ?? nav) });
  }
  for (const m of prev) {
    if (cur.has(m)) continue;
    const out = m.lastComplete + 1;
    const nav = m.nav[m.nav.length - 1]!;
    flows.push({ ts: out, usdValue: fx.format(-nav) });
    benchFlows.push({ ts: out, usdValue: fx.format(-(benchValueAt(m, m.lastComplete) ?? nav)) });
  }
}

/** Benchmark value at t by binary search (for the rare joins and departures, without moving the walk). */
function benchValueAt(m: Member, t: number): bigint | null {
  const k = lastAtOrBefore(m.benchTs, t);
  return k < 0 ? null : m.benchAfter[k]!;
}
