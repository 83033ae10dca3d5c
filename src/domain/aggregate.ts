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
 * taken as executed at the snapshot closing their sub-period (returns.ts, benchmarkPointsFromNavs).
 */
import Big from 'big.js';
import { benchmarkPointsFromNavs } from './returns.ts';
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

interface Member {
  complete: Map<number, Decimal>;
  first: number;
  lastComplete: number;
  lastAny: number;
  flows: FlowPoint[];
  benchTs: number[];
  benchAfter: Decimal[];
}

function member(h: AccountHistory): Member | null {
  const complete = new Map<number, Decimal>();
  let lastAny = Number.NEGATIVE_INFINITY;
  for (const p of h.navs) {
    if (p.status === 'complete') complete.set(p.ts, p.nav);
    lastAny = Math.max(lastAny, p.ts);
  }
  if (complete.size === 0) return null;
  let first = Number.POSITIVE_INFINITY;
  let lastComplete = Number.NEGATIVE_INFINITY;
  for (const t of complete.keys()) {
    first = Math.min(first, t);
    lastComplete = Math.max(lastComplete, t);
  }
  const bench = [...h.benchmark].sort((x, y) => x.ts - y.ts);
  return {
    complete,
    first,
    lastComplete,
    lastAny,
    flows: h.flows,
    benchTs: bench.map((p) => p.ts),
    benchAfter: bench.map((p) => p.valueAfter),
  };
}

function benchAt(m: Member, t: number): Decimal | null {
  const k = lastAtOrBefore(m.benchTs, t);
  return k < 0 ? null : m.benchAfter[k]!;
}

export function aggregateAccounts(accounts: readonly AccountHistory[]): AggregateHistory {
  const members = accounts.map(member).filter((m): m is Member => m !== null);
  const candidates = [...new Set(members.flatMap((m) => [...m.complete.keys()]))].sort((x, y) => x - y);
  const navs: NavPoint[] = [];
  const flows: FlowPoint[] = [];
  const benchFlows: FlowPoint[] = [];
  let previous = new Set<Member>();
  for (const t of candidates) {
    const live = members.filter((m) => m.first <= t && t <= m.lastAny);
    if (!live.every((m) => m.complete.has(t))) continue;
    let nav = new Big(0);
    let bench: Big | null = new Big(0);
    for (const m of live) {
      nav = nav.plus(m.complete.get(t)!);
      const b = benchAt(m, t);
      bench = bench === null || b === null ? null : bench.plus(b);
    }
    if (navs.length > 0) membershipFlows(previous, new Set(live), flows, benchFlows);
    navs.push({ ts: t, nav: nav.toFixed(), benchmarkValue: bench?.toFixed() ?? null, status: 'complete' });
    previous = new Set(live);
  }
  for (const m of members) {
    for (const f of m.flows) {
      if (f.ts > m.first && f.ts <= m.lastComplete) {
        flows.push(f);
        benchFlows.push(f);
      }
    }
  }
  const byTs = (x: FlowPoint, y: FlowPoint) => x.ts - y.ts;
  flows.sort(byTs);
  benchFlows.sort(byTs);
  return { navs, flows, benchmark: benchmarkPointsFromNavs(navs, benchFlows) };
}

/** Synthetic flows for accounts joining or leaving the sum between two aggregate timestamps. */
function membershipFlows(
  prev: Set<Member>,
  cur: Set<Member>,
  flows: FlowPoint[],
  benchFlows: FlowPoint[],
): void {
  for (const m of cur) {
    if (prev.has(m)) continue;
    flows.push({ ts: m.first, usdValue: m.complete.get(m.first)! });
    benchFlows.push({ ts: m.first, usdValue: benchAt(m, m.first) ?? m.complete.get(m.first)! });
  }
  for (const m of prev) {
    if (cur.has(m)) continue;
    const out = m.lastComplete + 1;
    flows.push({ ts: out, usdValue: new Big(m.complete.get(m.lastComplete)!).neg().toFixed() });
    const b = benchAt(m, m.lastComplete) ?? m.complete.get(m.lastComplete)!;
    benchFlows.push({ ts: out, usdValue: new Big(b).neg().toFixed() });
  }
}
