/** A seeded store and a dashboard app over it, shared by the dashboard's server-side tests. */
import type { Hono } from 'hono';
import { createDashboardApp, type DashboardOptions } from '../../src/dashboard/index.ts';
import type { Store } from '../../src/store/index.ts';
import { HOUR, type SeedOptions, type SeedResult, seedStore } from '../helpers/seed.ts';
import type { TestStore } from '../helpers/stores.ts';

/** Written into an account name so tests can check it is escaped everywhere it is shown. */
export const HOSTILE_NAME = '<script>alert("x")</script> & "co"';

export interface Seeded {
  store: Store;
  seed: SeedResult;
  app: Hono;
  now: number;
  close(): Promise<void>;
}

export async function seededApp(
  backend: TestStore,
  seed: SeedOptions = {},
  app: Omit<DashboardOptions, 'store'> = {},
): Promise<Seeded> {
  const store = await backend.open();
  const until = Date.UTC(2026, 10, 20, 12);
  const result = await seedStore(store, {
    accounts: ['alpha', 'beta', HOSTILE_NAME],
    hours: 24 * 40,
    until,
    incompleteEvery: 200,
    ...seed,
  });
  const now = result.lastTs + HOUR / 2;
  return {
    store,
    seed: result,
    now,
    app: createDashboardApp({ store, now: () => now, onError: () => {}, ...app }),
    close: () => store.close(),
  };
}

export async function getJson<T = unknown>(app: Hono, path: string, init?: RequestInit): Promise<T> {
  const res = await app.request(path, init);
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
