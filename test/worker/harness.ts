/**
 * A worker under test: the emulator on a random port (frozen scenario clock), a temp store, and clients that
 * share one weight limiter. Binance counts weight per minute of real time; the emulator and the limiter share a
 * wall clock here that moves a minute ahead before every step, so many runs in one test never wait for a minute.
 */
import { createWeightLimiter } from '../../src/binance/limiter.ts';
import type { RunningEmulator, Scenario } from '../../src/emulator/index.ts';
import type { Store } from '../../src/store/index.ts';
import { addAccount, type NewAccountInput } from '../../src/worker/account-service.ts';
import { createClientFactory } from '../../src/worker/clients.ts';
import { type RunCollectOptions, runCollect } from '../../src/worker/run.ts';
import type { RunSummary } from '../../src/worker/types.ts';
import { control, startTestEmulator } from '../helpers/emulator.ts';
import type { TestStore } from '../helpers/stores.ts';

export interface Harness {
  emu: RunningEmulator;
  store: Store;
  clientFactory: ReturnType<typeof createClientFactory>;
  /** Sets the emulator clock (ISO) and collects every enabled account as of then. */
  collect(iso: string, opts?: Partial<RunCollectOptions>): Promise<RunSummary>;
  add(
    input: Omit<NewAccountInput, 'keyType'> & { keyType?: 'hmac' | 'ed25519' },
    iso?: string,
  ): ReturnType<typeof addAccount>;
  fault(spec: {
    endpoint: string;
    account?: string;
    kind: string;
    count?: number;
    ms?: number;
  }): Promise<void>;
  /** Starts a fresh minute of request weight (before requests the harness does not make itself). */
  nextMinute(): void;
  clearFaults(): Promise<void>;
  close(): Promise<void>;
}

export async function openHarness(scenario: Scenario | string, testStore: TestStore): Promise<Harness> {
  let wall = Date.now();
  const wallClock = () => wall;
  const nextMinute = () => {
    wall += 60_000;
  };
  const emu = await startTestEmulator(scenario, { wallClock });
  const store = await testStore.open();
  const clientFactory = createClientFactory({
    baseUrl: emu.url,
    limiter: createWeightLimiter({ now: wallClock }),
    retry: { tries: 2, baseDelayMs: 5, maxDelayMs: 10, totalMs: 2000 },
  });
  return {
    emu,
    store,
    clientFactory,
    async collect(iso, opts = {}) {
      nextMinute();
      emu.setTime(Date.parse(iso));
      return runCollect({ store, clientFactory, at: emu.now(), ...opts });
    },
    async add(input, iso) {
      nextMinute();
      if (iso) emu.setTime(Date.parse(iso));
      return addAccount(
        { store, clientFactory },
        { keyType: 'hmac', backfill: false, at: emu.now(), ...input },
      );
    },
    async fault(spec) {
      await control(emu, 'POST', 'faults', spec);
    },
    nextMinute,
    async clearFaults() {
      await control(emu, 'DELETE', 'faults');
    },
    async close() {
      await store.close();
      await emu.close();
    },
  };
}

/** Every row the worker writes for an account, to prove a second run changed nothing. */
export async function dumpAccount(store: Store, accountId: string): Promise<unknown> {
  const db = store.db;
  const [nav, holdings, flows, benchmark] = await Promise.all([
    db.selectFrom('nav_history').selectAll().where('account_id', '=', accountId).orderBy('ts').execute(),
    db
      .selectFrom('holdings')
      .selectAll()
      .where('account_id', '=', accountId)
      .orderBy('ts')
      .orderBy('wallet')
      .orderBy('asset')
      .execute(),
    db
      .selectFrom('processed_transactions')
      .select([
        'source',
        'external_id',
        'asset',
        'quantity',
        'ts',
        'usd_value',
        'price',
        'status',
        'raw_status',
        'benchmark_before',
      ])
      .where('account_id', '=', accountId)
      .orderBy('source')
      .orderBy('external_id')
      .execute(),
    db.selectFrom('benchmark_configs').selectAll().where('account_id', '=', accountId).execute(),
  ]);
  const prices = await db.selectFrom('price_history').selectAll().orderBy('symbol').orderBy('ts').execute();
  return { nav, holdings, flows, benchmark, prices };
}
