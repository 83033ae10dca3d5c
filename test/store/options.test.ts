import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redactUrl } from '../../src/store/connect.ts';
import { DEFAULT_DB_PATH, storeOptionsFromEnv } from '../../src/store/index.ts';

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
