/**
 * Everything derived from one account's stored facts, computed once per data version and cached: the float
 * series prepared for reports, the benchmark value and index at each complete snapshot, and the incomplete
 * snapshots. The version changes when a snapshot or flow is written, so a new run is picked up on the next
 * request.
 */
import type { Kysely } from 'kysely';
import type { AccountHistory } from '../../domain/aggregate.ts';
import { benchmarkPointsFromFacts } from '../../domain/benchmark-points.ts';
import {
  anchor,
  type PreparedAnalytics,
  prepareAnalytics,
  type Report,
  reportOver,
} from '../../domain/report.ts';
import type { FlowPoint, NavPoint, WalletKind } from '../../domain/types.ts';
import { flowRows } from '../../store/read-models/flows.ts';
import { type IncompleteRow, incompleteRows, navPoints } from '../../store/read-models/nav.ts';
import type { Database } from '../../store/schema.ts';

export interface SnapshotHead extends NavPoint {
  failedWallets: WalletKind[];
}

export interface AccountAnalytics {
  version: string;
  /**
   * The stored facts as analytics takes them, kept only until the aggregate of all accounts has used them: as
   * objects and decimal strings they are most of the heap (≈ 200 MB for 20 accounts × 5 years), and a heap that
   * size makes every major garbage collection a pause in the answers. The aggregate reloads them when needed.
   */
  history: AccountHistory | null;
  prepared: PreparedAnalytics;
  /** Benchmark value (USD) at each complete snapshot of prepared.portfolio.ts; NaN where none was stored. */
  benchmarkValue: Float64Array;
  /** Benchmark growth index at each complete snapshot, aligned like benchmarkValue; NaN before it starts. */
  benchmarkIndex: Float64Array;
  firstTs: number | null;
  /** The newest snapshot of any status, and the newest complete one. */
  last: SnapshotHead | null;
  lastComplete: NavPoint | null;
  incomplete: IncompleteRow[];
  /** Reports, chart series and exports by anchoring snapshots, computed on demand for this version only. */
  reports: Map<string, Report>;
  series: Map<string, unknown>;
}

/** One account's stored facts as analytics takes them. */
export async function loadHistory(db: Kysely<Database>, accountId: string): Promise<AccountHistory> {
  const navs = await navPoints(db, accountId);
  const flows = await flowRows(db, accountId);
  const counted: FlowPoint[] = flows
    .filter((f) => f.status === 'counted' && f.usdValue !== null)
    .map((f) => ({ ts: f.ts, usdValue: f.usdValue as string, benchmarkBefore: f.benchmarkBefore }));
  // The same exact chain as `bpm report`: snapshot values and each flow's stored B(τ⁻) (benchmark-points.ts).
  return { navs, flows: counted, benchmark: benchmarkPointsFromFacts(navs, counted) };
}

export async function loadAccountAnalytics(
  db: Kysely<Database>,
  accountId: string,
  version: string,
): Promise<AccountAnalytics> {
  const history = await loadHistory(db, accountId);
  return fromHistory(version, history, await incompleteRows(db, accountId));
}

/** Derives the cached analytics from an account's (or the aggregate's) history, sorted by time. */
export function fromHistory(
  version: string,
  history: AccountHistory,
  incomplete: IncompleteRow[],
): AccountAnalytics {
  const prepared = prepareAnalytics(history.navs, history.flows, history.benchmark);
  const { benchmarkValue, benchmarkIndex } = alignBenchmark(history.navs, prepared);
  const navs = history.navs;
  const newest = navs[navs.length - 1];
  const failed = newest?.status === 'incomplete' ? incomplete.find((r) => r.ts === newest.ts) : undefined;
  return {
    version,
    history,
    prepared,
    benchmarkValue,
    benchmarkIndex,
    firstTs: navs[0]?.ts ?? null,
    last: newest ? { ...newest, failedWallets: failed?.failedWallets ?? [] } : null,
    lastComplete: navs.findLast((p) => p.status === 'complete') ?? null,
    incomplete,
    reports: new Map(),
    series: new Map(),
  };
}

/** Walks the sorted snapshots and the sorted replay points alongside the complete-snapshot axis. */
function alignBenchmark(
  navs: readonly NavPoint[],
  prepared: PreparedAnalytics,
): { benchmarkValue: Float64Array; benchmarkIndex: Float64Array } {
  const ts = prepared.portfolio.ts;
  const bench = prepared.benchmark;
  const benchmarkValue = new Float64Array(ts.length).fill(Number.NaN);
  const benchmarkIndex = new Float64Array(ts.length).fill(Number.NaN);
  let j = 0;
  let k = 0;
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i]!;
    while (j < navs.length && (navs[j]!.ts < t || navs[j]!.status !== 'complete')) j++;
    const p = navs[j];
    if (p && p.ts === t && p.benchmarkValue !== null) benchmarkValue[i] = Number(p.benchmarkValue);
    while (k < bench.ts.length && bench.ts[k]! < t) k++;
    if (k < bench.ts.length && bench.ts[k] === t) benchmarkIndex[i] = bench.index[k]!;
  }
  return { benchmarkValue, benchmarkIndex };
}

/**
 * Results depend on a range only through its anchoring snapshots (report.ts), so both caches below are keyed
 * on those: "the last 7 days" asked every second hits the same entry until the next snapshot lands.
 */
function anchorKey(a: AccountAnalytics, from: number, to: number): string {
  const span = anchor(a.prepared.portfolio.ts, from, to);
  return span ? `${span.a}:${span.b}` : 'none';
}

export function remember<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    // Custom ranges are unbounded in number: keep the cache small.
    if (cache.size > 64) cache.clear();
    cache.set(key, value);
  }
  return value;
}

export function reportFor(a: AccountAnalytics, from: number, to: number): Report {
  const report = remember(a.reports, anchorKey(a, from, to), () => reportOver(a.prepared, from, to));
  return { ...report, requested_from: from, requested_to: to };
}

export function seriesFor<T>(
  a: AccountAnalytics,
  from: number,
  to: number,
  points: number,
  make: () => T,
): T {
  return remember(a.series as Map<string, T>, `${anchorKey(a, from, to)}:${points}`, make);
}

/** A per-account cache of AccountAnalytics, replaced when the account's data version changes. */
export class AnalyticsCache {
  readonly #entries = new Map<string, { version: string; value: Promise<AccountAnalytics> }>();
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Concurrent requests for the same version share one load. */
  get(accountId: string, version: string): Promise<AccountAnalytics> {
    const hit = this.#entries.get(accountId);
    if (hit && hit.version === version) return hit.value;
    const value = loadAccountAnalytics(this.#db, accountId, version);
    this.#entries.set(accountId, { version, value });
    value.catch(() => {
      if (this.#entries.get(accountId)?.value === value) this.#entries.delete(accountId);
    });
    return value;
  }

  /** Whether the cached entry is at this version (no load needed). */
  has(accountId: string, version: string): boolean {
    return this.#entries.get(accountId)?.version === version;
  }
}
