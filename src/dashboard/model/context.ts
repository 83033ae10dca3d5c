/** What every view needs: the store's query builder, the clock, and the caches of derived analytics. */
import type { Kysely } from 'kysely';
import { aggregateAccounts } from '../../domain/aggregate.ts';
import { logComponents } from '../../store/read-models/logs.ts';
import { latestRun, type RunRow } from '../../store/read-models/runs.ts';
import { type AccountVersion, accountVersions } from '../../store/read-models/versions.ts';
import type { Database } from '../../store/schema.ts';
import { type AccountAnalytics, AnalyticsCache, fromHistory, loadHistory } from './account-analytics.ts';

export interface DashboardContext {
  db: Kysely<Database>;
  dialect: string;
  now(): number;
  analytics: AnalyticsCache;
  aggregate: AggregateCache;
  versions(): Promise<AccountVersion[]>;
  latestRun(): Promise<RunRow | null>;
  logComponents(): Promise<string[]>;
}

export function createContext(db: Kysely<Database>, dialect: string, now: () => number): DashboardContext {
  const analytics = new AnalyticsCache(db);
  return {
    db,
    dialect,
    now,
    analytics,
    aggregate: new AggregateCache(analytics, db),
    versions: shared(SHARED_READ_TTL_MS, () => accountVersions(db)),
    latestRun: shared(SHARED_READ_TTL_MS, () => latestRun(db)),
    logComponents: shared(10 * SHARED_READ_TTL_MS, () => logComponents(db)),
  };
}

/** The sum of all accounts (design.md §5), recomputed only when some account's data version changes. */
export class AggregateCache {
  readonly #analytics: AnalyticsCache;
  readonly #db: Kysely<Database>;
  #entry: { version: string; value: Promise<AccountAnalytics | null> } | null = null;

  constructor(analytics: AnalyticsCache, db: Kysely<Database>) {
    this.#analytics = analytics;
    this.#db = db;
  }

  get(versions: readonly AccountVersion[]): Promise<AccountAnalytics | null> {
    const version = versions.map((v) => `${v.id}=${v.version}`).join('|');
    if (this.#entry?.version === version) return this.#entry.value;
    const value = this.#build(versions, version);
    this.#entry = { version, value };
    value.catch(() => {
      if (this.#entry?.value === value) this.#entry = null;
    });
    return value;
  }

  async #build(versions: readonly AccountVersion[], version: string): Promise<AccountAnalytics | null> {
    const withData = versions.filter((v) => v.lastTs !== null);
    if (withData.length === 0) return null;
    const each = await Promise.all(withData.map((v) => this.#analytics.get(v.id, v.version)));
    // An account's facts are released once an aggregate has used them (account-analytics.ts): read them again
    // for an account whose data did not change since.
    const histories = await Promise.all(
      each.map((a, i) => a.history ?? loadHistory(this.#db, (withData[i] as AccountVersion).id)),
    );
    const total = fromHistory(version, aggregateAccounts(histories), []);
    for (const a of each) a.history = null;
    total.history = null;
    return total;
  }
}

/**
 * Reads that every page and poll repeats (each account's data version, the latest run, the log components) are
 * shared by the requests arriving within a short window: a new run becomes visible at most that much later,
 * and a burst of requests costs one query.
 */
export const SHARED_READ_TTL_MS = 500;

export function versionsOf(ctx: DashboardContext): Promise<AccountVersion[]> {
  return ctx.versions();
}

export function shared<T>(ttlMs: number, read: () => Promise<T>): () => Promise<T> {
  let cached: { at: number; value: Promise<T> } | null = null;
  return () => {
    const now = performance.now();
    if (cached && now - cached.at < ttlMs) return cached.value;
    const value = read();
    const entry = { at: now, value };
    cached = entry;
    value.catch(() => {
      if (cached === entry) cached = null;
    });
    return value;
  };
}
