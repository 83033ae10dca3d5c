import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { openStore, type Store, type StoreOptions } from '../../src/store/index.ts';
import { migrate, migrationState, tableExists } from '../../src/store/migrate.ts';
import { MIGRATIONS } from '../../src/store/migrations.ts';
import { TEST_SECRET_KEY, testStores } from '../helpers/stores.ts';

function sameDatabase(store: Store): StoreOptions {
  return store.dialect === 'sqlite'
    ? { dbPath: store.location }
    : { databaseUrl: store.location, secretKey: TEST_SECRET_KEY };
}

for (const backend of testStores()) {
  describe(`migrations on ${backend.name}`, () => {
    test('migrate:false leaves the database alone; status lists pending versions', async () => {
      const store = await backend.open({ migrate: false });
      try {
        assert.equal(await tableExists(store.db, store.dialect, 'nav_history'), false);
        const state = await migrationState(store.db, store.dialect);
        assert.deepEqual(state.applied, []);
        assert.deepEqual(
          state.pending.map((p) => p.version),
          MIGRATIONS.map((m) => m.version),
        );
      } finally {
        await store.close();
      }
    });

    test('several processes opening a fresh database at once: each migration applied exactly once', async () => {
      const holder = await backend.open({ migrate: false });
      try {
        const opened = await Promise.all([1, 2, 3].map(() => openStore(sameDatabase(holder))));
        await Promise.all(opened.map((s) => s.close()));
        const state = await migrationState(holder.db, holder.dialect);
        assert.deepEqual(
          state.applied.map((a) => a.version),
          MIGRATIONS.map((m) => m.version),
        );
        assert.deepEqual(state.pending, []);
        assert.deepEqual(await migrate(holder.db, holder.dialect), [], 'a second run applies nothing');
        for (const table of ['binance_accounts', 'nav_history', 'holdings', 'system_logs', 'locks']) {
          assert.equal(await tableExists(holder.db, holder.dialect, table), true, table);
        }
      } finally {
        await holder.close();
      }
    });

    test('version 2 adds processed_transactions.benchmark_before (exact) and binance_accounts.base_url', async () => {
      const store = await backend.open({ migrate: false });
      try {
        const onlyFirst = MIGRATIONS.filter((m) => m.version === 1);
        assert.deepEqual(await migrate(store.db, store.dialect, onlyFirst), [1]);
        // A row written before the upgrade keeps its data and reads null in the new columns.
        await sql`INSERT INTO binance_accounts (id, name, api_key, api_secret_enc, key_type, created_at)
          VALUES ('a1', 'old', 'k', 'enc', 'hmac', 1)`.execute(store.db);
        await sql`INSERT INTO processed_transactions (account_id, source, external_id, asset, quantity, ts,
          status, raw_status, first_seen_at, updated_at)
          VALUES ('a1', 'deposit', 'd1', 'USDT', '5', 2, 'counted', '1', 3, 3)`.execute(store.db);
        assert.deepEqual(await migrate(store.db, store.dialect), [2]);
        const before = await store.db
          .selectFrom('processed_transactions')
          .select('benchmark_before')
          .execute();
        assert.deepEqual(
          before.map((r) => r.benchmark_before),
          [null],
        );
        const exact = '12345678901234.123456789012345678';
        await store.db.updateTable('processed_transactions').set({ benchmark_before: exact }).execute();
        const row = await store.db
          .selectFrom('processed_transactions')
          .select('benchmark_before')
          .executeTakeFirst();
        assert.equal(row?.benchmark_before, exact, 'stored as an exact decimal, not a float');
        const account = await store.db.selectFrom('binance_accounts').select('base_url').executeTakeFirst();
        assert.equal(account?.base_url, null);
      } finally {
        await store.close();
      }
    });

    test('a later migration is applied on the next open, earlier ones are not repeated', async () => {
      const store = await backend.open();
      try {
        const extra = [
          ...MIGRATIONS,
          {
            version: 999,
            name: 'test column',
            statements: () => ['CREATE TABLE test_extra (id INTEGER PRIMARY KEY)'],
          },
        ];
        assert.deepEqual(await migrate(store.db, store.dialect, extra), [999]);
        assert.deepEqual(await migrate(store.db, store.dialect, extra), []);
        const state = await migrationState(store.db, store.dialect, extra);
        assert.deepEqual(
          state.applied.map((a) => a.version),
          [...MIGRATIONS.map((m) => m.version), 999],
        );
      } finally {
        await store.close();
      }
    });

    test('a failing migration changes nothing', async () => {
      const store = await backend.open();
      try {
        const broken = [
          ...MIGRATIONS,
          {
            version: 1000,
            name: 'broken',
            statements: () => ['CREATE TABLE half_done (id INTEGER)', 'THIS IS NOT SQL'],
          },
        ];
        await assert.rejects(migrate(store.db, store.dialect, broken));
        assert.equal(await tableExists(store.db, store.dialect, 'half_done'), false);
        const state = await migrationState(store.db, store.dialect, broken);
        assert.deepEqual(
          state.pending.map((p) => p.version),
          [1000],
        );
      } finally {
        await store.close();
      }
    });
  });
}
