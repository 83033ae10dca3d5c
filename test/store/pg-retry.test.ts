import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { adminQuery, testStores } from '../helpers/stores.ts';

const direct = process.env.TEST_DATABASE_URL;
// Without TEST_DATABASE_URL, testStores() has only SQLite and this file has nothing to run.

for (const backend of testStores().filter((s) => s.name !== 'sqlite')) {
  test(`${backend.name}: a transaction whose server connection is killed midway is re-run and commits once`, async () => {
    const store = await backend.open({ retry: { tries: 5, baseMs: 20 } });
    try {
      let attempts = 0;
      await store.transaction(async (tx) => {
        attempts++;
        await tx.locks.acquire('first', 'worker', 60_000);
        if (attempts === 1) {
          const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(tx.db);
          await adminQuery(direct!, `SELECT pg_terminate_backend(${Number(rows[0]!.pid)})`);
        }
        await tx.locks.acquire('second', 'worker', 60_000);
      }, 'saving two leases');
      assert.equal(attempts, 2);
      assert.equal((await store.locks.get('first'))?.holder, 'worker');
      assert.equal((await store.locks.get('second'))?.holder, 'worker');
      const count = await store.db
        .selectFrom('locks')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(count.n, 2);
    } finally {
      await store.close();
    }
  });
}
