import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import { isTransientError, StoreError } from '../../src/store/errors.ts';
import { openStore } from '../../src/store/index.ts';
import { withRetry } from '../../src/store/retry.ts';
import { tempDir } from '../helpers/stores.ts';

const FAST = { tries: 5, baseMs: 5 };

function pgError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, severity: 'ERROR' });
}

test('transient errors are recognised: connection loss, serialization failure, deadlock, shutdown, SQLite busy', () => {
  for (const code of ['ECONNREFUSED', 'ECONNRESET', '40001', '40P01', '57P01']) {
    assert.equal(isTransientError(pgError(code, 'x')), true, code);
  }
  assert.equal(isTransientError(Object.assign(new Error('database is locked'), { errcode: 5 })), true);
  assert.equal(isTransientError(Object.assign(new Error('locked'), { errcode: 6 })), true);
  assert.equal(isTransientError(Object.assign(new Error('busy snapshot'), { errcode: 517 })), true);
  assert.equal(isTransientError(pgError('23505', 'duplicate key')), false);
  assert.equal(isTransientError(Object.assign(new Error('constraint'), { errcode: 19 })), false);
});

test('a transient failure is retried until it succeeds', async () => {
  let calls = 0;
  const result = await withRetry(
    'saving prices',
    async () => {
      calls++;
      if (calls < 3) throw pgError('40001', 'could not serialize access');
      return 'done';
    },
    FAST,
  );
  assert.equal(result, 'done');
  assert.equal(calls, 3);
});

test('retries are bounded: the last transient failure surfaces as a StoreError after the allowed tries', async () => {
  let calls = 0;
  const started = Date.now();
  await assert.rejects(
    withRetry(
      'reading NAV history of account alpha',
      async () => {
        calls++;
        throw pgError('ECONNRESET', 'read ECONNRESET');
      },
      { tries: 4, baseMs: 20 },
    ),
    (err: unknown) => {
      assert.ok(err instanceof StoreError);
      assert.equal(err.transient, true);
      assert.equal(err.message, 'reading NAV history of account alpha: read ECONNRESET');
      return true;
    },
  );
  assert.equal(calls, 4);
  // Back-offs of at most 20 + 40 + 80 ms.
  assert.ok(Date.now() - started < 1000);
});

test('a permanent failure surfaces at once, naming the work', async () => {
  let calls = 0;
  await assert.rejects(
    withRetry(
      'saving snapshot for account alpha at 2026-01-05T10:00Z',
      async () => {
        calls++;
        throw pgError('23503', 'insert violates foreign key constraint');
      },
      FAST,
    ),
    /^StoreError: saving snapshot for account alpha at 2026-01-05T10:00Z: insert violates foreign key constraint$/,
  );
  assert.equal(calls, 1);
});

test('SQLite: a write blocked by another connection past busy_timeout is retried and lands', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const dbPath = join(dir, 'monitor.db');
    const store = await openStore({ dbPath, busyTimeoutMs: 10, retry: { tries: 6, baseMs: 50 } });
    const other = new DatabaseSync(dbPath);
    try {
      other.exec('BEGIN IMMEDIATE');
      other.exec("INSERT INTO locks (name, holder, expires_at) VALUES ('other', 'x', 1)");
      const release = setTimeout(() => other.exec('COMMIT'), 150);
      const started = Date.now();
      await store.logs.write({ level: 'info', component: 'test', message: 'after the lock' });
      clearTimeout(release);
      assert.ok(Date.now() - started >= 100, 'it had to wait for the other writer');
      assert.equal((await store.logs.query())[0]?.message, 'after the lock');
      assert.equal((await store.locks.get('other'))?.holder, 'x');
    } finally {
      other.close();
      await store.close();
    }
  } finally {
    cleanup();
  }
});

test('PostgreSQL unreachable: bounded retries, then a StoreError naming the store and the cause', async () => {
  const started = Date.now();
  await assert.rejects(
    openStore({ databaseUrl: 'postgres://postgres@127.0.0.1:1/none', retry: { tries: 3, baseMs: 20 } }),
    (err: unknown) => {
      assert.ok(err instanceof StoreError);
      assert.equal(err.transient, true);
      assert.match(
        err.message,
        /^migrating the postgres store at postgres:\/\/postgres@127\.0\.0\.1:1\/none: /,
      );
      assert.match(err.message, /ECONNREFUSED/);
      return true;
    },
  );
  assert.ok(Date.now() - started < 3000);
});
