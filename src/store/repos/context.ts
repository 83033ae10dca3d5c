import type { Kysely } from 'kysely';
import type { Dialect } from '../connect.ts';
import type { Database } from '../schema.ts';
import type { SecretKeyring } from '../secrets.ts';

/** What every repository is built on: a database handle (the pool, or one transaction) and its policies. */
export interface RepoContext {
  db: Kysely<Database>;
  dialect: Dialect;
  keys: SecretKeyring;
  logRetentionDays: number;
  /** Runs one piece of work named by `purpose`: retried when transient outside a transaction, wrapped always. */
  run<T>(purpose: string, work: () => Promise<T>): Promise<T>;
  /** Runs several statements atomically: a new transaction at the top level, or the enclosing one. */
  atomic<T>(purpose: string, work: (db: Kysely<Database>) => Promise<T>): Promise<T>;
}

/** "2026-01-05T10:00Z": instants in messages, to the minute. */
export function isoMinute(ts: number): string {
  const d = new Date(ts);
  return Number.isNaN(d.getTime()) ? String(ts) : `${d.toISOString().slice(0, 16)}Z`;
}

export function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null || text === '') return fallback;
  return JSON.parse(text) as T;
}

/** SQLite returns TEXT as written; PostgreSQL numeric returns text too. Either way a string reaches the caller. */
export function dec(v: string | number): string {
  return typeof v === 'number' ? String(v) : v;
}

export function decOrNull(v: string | number | null): string | null {
  return v === null ? null : dec(v);
}

/** Rows per multi-row INSERT: under SQLite's and PostgreSQL's bound-parameter limits for our widest table. */
export const INSERT_CHUNK = 500;

export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
