/**
 * Everything derived from one account's stored facts, computed once per data version and cached: the float
 * series prepared for reports, the benchmark index at each complete snapshot, and the incomplete snapshots.
 * The version changes when a snapshot or flow is written, so a new run is picked up on the next request.
 */
import type { Kysely } from 'kysely';
import type { AccountHistory } from '../../domain/aggregate.ts';
import {
  anchor,
  type PreparedAnalytics,
  prepareAnalytics,
  type Report,
  reportOver,
} from '../../domain/report.ts';
import { benchmarkPointsFromNavs } from '../../domain/returns.ts';
import type { FlowPoint, NavPoint } from '../../domain/types.ts';
import { flowRows } from '../../store/read-models/flows.ts';
import { type NavRow, navRows } from '../../store/read-models/nav.ts';
import type { Database } from '../../store/schema.ts';
import type { IncompleteView } from '../api-types.ts';

export interface AccountAnalytics {
  version: string;
  /** The stored facts as analytics takes them (kept for the aggregate of all accounts). */
  history: AccountHistory;
  prepared: PreparedAnalytics;
  /** Benchmark value (USD) at each complete snapshot of prepared.portfolio.ts; NaN where none was stored. */
  benchmarkValue: Float64Array;
  /** Benchmark growth index at each complete snapshot, aligned like benchmarkValue; NaN before it starts. */
  benchmarkIndex: Float64Array;
  firstTs: number | null;
  last: NavRow | null;
  lastComplete: NavRow | null;
  incomplete: IncompleteView[];
  /** Every stored snapshot, oldest first (CSV export). */
  rows: readonly NavRow[];
  /** Reports and chart series by anchoring snapshots, computed on demand for this version only. */
  reports: Map<string, Report>;
  series: Map<string, unknown>;
}

export function toNavPoints(rows: readonly NavRow[]): NavPoint[] {
  return rows.map((r) => ({ ts: r.ts, nav: r.nav, benchmarkValue: r.benchmarkValue, status: r.status }));
}

export async function loadAccountAnalytics(
  db: Kysely<Database>,
  accountId: string,
  version: string,
): Promise<AccountAnalytics> {
  const [rows, flows] = await Promise.all([navRows(db, accountId), flowRows(db, accountId)]);
  const navs = toNavPoints(rows);
  const counted: FlowPoint[] = flows
    .filter((f) => f.status === 'counted' && f.usdValue !== null)
    .map((f) => ({ ts: f.ts, usdValue: f.usdValue as string }));
  const history: AccountHistory = { navs, flows: counted, benchmark: benchmarkPointsFromNavs(navs, counted) };
  return fromHistory(version, history, rows);
}

/** Derives the cached analytics from an account's (or the aggregate's) history. */
export function fromHistory(
  version: string,
  history: AccountHistory,
  rows: readonly NavRow[],
): AccountAnalytics {
  const prepared = prepareAnalytics(history.navs, history.flows, history.benchmark);
  const { benchmarkValue, benchmarkIndex } = alignBenchmark(rows, prepared);
  return {
    version,
    history,
    prepared,
    benchmarkValue,
    benchmarkIndex,
    firstTs: rows[0]?.ts ?? null,
    last: rows[rows.length - 1] ?? null,
    lastComplete: rows.findLast((r) => r.status === 'complete') ?? null,
    incomplete: rows
      .filter((r) => r.status === 'incomplete')
      .map((r) => ({ ts: r.ts, nav: r.nav, failedWallets: r.failedWallets })),
    rows,
    reports: new Map(),
    series: new Map(),
  };
}

function alignBenchmark(
  rows: readonly NavRow[],
  prepared: PreparedAnalytics,
): { benchmarkValue: Float64Array; benchmarkIndex: Float64Array } {
  const ts = prepared.portfolio.ts;
  const valueByTs = new Map<number, number>();
  for (const r of rows) {
    if (r.status === 'complete' && r.benchmarkValue !== null) valueByTs.set(r.ts, Number(r.benchmarkValue));
  }
  const indexByTs = new Map<number, number>();
  const b = prepared.benchmark;
  for (let k = 0; k < b.ts.length; k++) indexByTs.set(b.ts[k]!, b.index[k]!);
  const benchmarkValue = new Float64Array(ts.length);
  const benchmarkIndex = new Float64Array(ts.length);
  for (let i = 0; i < ts.length; i++) {
    benchmarkValue[i] = valueByTs.get(ts[i]!) ?? Number.NaN;
    benchmarkIndex[i] = indexByTs.get(ts[i]!) ?? Number.NaN;
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

function remember<T>(cache: Map<string, T>, key: string, make: () => T): T {
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
}
