import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { redactUrl } from '../../src/store/connect.ts';
import { DEFAULT_DB_PATH, openStore, StoreError, storeOptionsFromEnv } from '../../src/store/index.ts';
import { tempDir } from '../helpers/stores.ts';

test('store options from the environment: DATABASE_URL wins over --db and MONITOR_DB', () => {
  assert.deepEqual(storeOptionsFromEnv({}), { dbPath: DEFAULT_DB_PATH });
  assert.equal(DEFAULT_DB_PATH, './data/monitor.db');
  assert.deepEqual(storeOptionsFromEnv({ MONITOR_DB: '/var/lib/bpm/m.db' }), { dbPath: '/var/lib/bpm/m.db' });
  assert.deepEqual(storeOptionsFromEnv({ MONITOR_DB: '/var/lib/bpm/m.db' }, 'cli.db'), { dbPath: 'cli.db' });
  assert.deepEqual(storeOptionsFromEnv({ DATABASE_URL: 'postgres://h/db', MONITOR_DB: 'x.db' }, 'cli.db'), {
    databaseUrl: 'postgres://h/db',
  });
  assert.deepEqual(storeOptionsFromEnv({ MONITOR_SECRET_KEY: 'k', MONITOR_LOG_RETENTION_DAYS: '7' }), {
    dbPath: DEFAULT_DB_PATH,
    secretKey: 'k',
    logRetentionDays: 7,
  });
  assert.equal(storeOptionsFromEnv({ MONITOR_LOG_RETENTION_DAYS: 'soon' }).logRetentionDays, undefined);
});

test('locations are shown without passwords', () => {
  const shown = redactUrl('postgres://postgres.abc:s3cr3t@aws-0-eu.pooler.supabase.com:6543/postgres');
  assert.equal(shown.includes('s3cr3t'), false);
  assert.equal(shown, 'postgres://postgres.abc:***@aws-0-eu.pooler.supabase.com:6543/postgres');
  assert.equal(
    redactUrl('postgres://postgres@127.0.0.1:5432/test'),
    'postgres://postgres@127.0.0.1:5432/test',
  );
});

test('embedded store: WAL with a bounded WAL file, a busy timeout, foreign keys; the WAL is folded back at close', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const dbPath = join(dir, 'monitor.db');
    const store = await openStore({ dbPath, busyTimeoutMs: 1234 });
    const pragma = (name: string) => Object.values(store.sqlite!.prepare(`PRAGMA ${name}`).get()!)[0];
    assert.equal(pragma('journal_mode'), 'wal');
    assert.equal(pragma('busy_timeout'), 1234);
    assert.equal(pragma('journal_size_limit'), 67108864);
    assert.equal(pragma('foreign_keys'), 1);
    await store.accounts.add({ name: 'a', apiKey: 'k', secret: 's', keyType: 'hmac' });
    assert.ok(existsSync(`${dbPath}-wal`));
    await store.close();
    assert.equal(existsSync(`${dbPath}-wal`), false, 'the last connection checkpoints and removes the WAL');
  } finally {
    cleanup();
  }
});

test('embedded store: a file that is not a database is a StoreError naming the store, at once', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const dbPath = join(dir, 'notes.db');
    writeFileSync(dbPath, 'these are my notes, not a database\n'.repeat(40));
    const started = Date.now();
    await assert.rejects(
      openStore({ dbPath }),
      (e: Error) =>
        e instanceof StoreError &&
        e.message.startsWith(`opening the SQLite store at ${dbPath}: file is not a database`) &&
        !e.transient,
    );
    assert.ok(Date.now() - started < 1000, 'not retried as if it were busy');
    assert.equal(readFileSync(dbPath, 'utf8').startsWith('these are my notes'), true, 'left alone');
  } finally {
    cleanup();
  }
});
