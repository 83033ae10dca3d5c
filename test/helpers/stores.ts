/**
 * The stores every store-touching test runs against: a fresh temporary SQLite file always; a fresh PostgreSQL
 * database when TEST_DATABASE_URL is set; the same kind of database reached through the transaction-mode
 * pooler when TEST_POOLER_URL is set too. Each open() gets its own database, removed again by close().
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore, type Store, type StoreOptions } from '../../src/store/index.ts';

export interface TestStore {
  name: string;
  open(opts?: Omit<StoreOptions, 'dbPath' | 'databaseUrl'>): Promise<Store>;
}

/** A fixed test key, so PostgreSQL stores (which have no key file) can hold secrets. */
export const TEST_SECRET_KEY = Buffer.alloc(32, 7).toString('base64');

export function testStores(): TestStore[] {
  const list: TestStore[] = [{ name: 'sqlite', open: openTempSqlite }];
  const direct = process.env.TEST_DATABASE_URL;
  const pooler = process.env.TEST_POOLER_URL;
  if (direct) list.push({ name: 'postgres', open: (o) => openTempPostgres(direct, direct, o) });
  if (direct && pooler) list.push({ name: 'pgbouncer', open: (o) => openTempPostgres(direct, pooler, o) });
  return list;
}

/** A fresh temporary directory (removed by the returned cleanup) for tests that need their own files. */
export function tempDir(prefix = 'bpm-store-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

async function openTempSqlite(opts: Omit<StoreOptions, 'dbPath' | 'databaseUrl'> = {}): Promise<Store> {
  const { dir, cleanup } = tempDir();
  let store: Store;
  try {
    store = await openStore({ ...opts, dbPath: join(dir, 'monitor.db') });
  } catch (err) {
    cleanup();
    throw err;
  }
  return withCleanup(store, async () => cleanup());
}

async function openTempPostgres(
  directUrl: string,
  connectUrl: string,
  opts: Omit<StoreOptions, 'dbPath' | 'databaseUrl'> = {},
): Promise<Store> {
  const name = `bpm_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await adminQuery(directUrl, `CREATE DATABASE ${name}`);
  const drop = () => adminQuery(directUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  let store: Store;
  try {
    store = await openStore({
      secretKey: TEST_SECRET_KEY,
      ...opts,
      databaseUrl: withDatabase(connectUrl, name),
    });
  } catch (err) {
    await drop();
    throw err;
  }
  return withCleanup(store, drop);
}

/** The same server URL pointing at another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

function withCleanup(store: Store, cleanup: () => Promise<void>): Store {
  const close = store.close;
  return Object.assign(store, {
    close: async () => {
      try {
        await close();
      } finally {
        await cleanup();
      }
    },
  });
}
