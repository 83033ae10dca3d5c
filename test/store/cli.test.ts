import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import type { Command, CommandContext, OptionValues } from '../../src/cli/command.ts';
import { command as backup } from '../../src/cli/commands/backup.ts';
import { command as db } from '../../src/cli/commands/db.ts';
import { command as exportCommand } from '../../src/cli/commands/export.ts';
import { command as secrets } from '../../src/cli/commands/secrets.ts';
import { backupStore } from '../../src/store/backup.ts';
import { csvField } from '../../src/store/export.ts';
import { openStore } from '../../src/store/index.ts';
import { tempDir, testStores } from '../helpers/stores.ts';

const H = 3_600_000;
const T0 = Date.UTC(2026, 0, 5, 10);

async function run(cmd: Command, positionals: string[], values: OptionValues, env: NodeJS.ProcessEnv = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => {
    out += d;
  });
  stderr.on('data', (d) => {
    err += d;
  });
  const ctx: CommandContext = {
    values,
    positionals,
    env,
    stdout,
    stderr,
    signal: new AbortController().signal,
  };
  const code = await cmd.run(ctx);
  return { code, out, err };
}

describe('store commands on an embedded database', () => {
  const { dir, cleanup } = tempDir();
  const dbPath = join(dir, 'monitor.db');
  let alphaId = '';
  before(async () => {
    const store = await openStore({ dbPath });
    alphaId = (
      await store.accounts.add({ name: 'alpha, "the first"', apiKey: 'k', secret: 's', keyType: 'hmac' })
    ).id;
    for (let i = 0; i < 3; i++) {
      await store.nav.save({
        accountId: alphaId,
        ts: T0 + i * H,
        status: i === 1 ? 'incomplete' : 'complete',
        kind: 'hourly',
        nav: `100${i}.000000010`,
        benchmarkValue: i === 0 ? '1000' : null,
        btcPrice: '91000.5',
        ethPrice: null,
        failedWallets: i === 1 ? ['usdm', 'coinm'] : [],
        notEnabledWallets: [],
        holdings: [
          { wallet: 'spot', asset: 'BTC', quantity: '0.01100000', price: '91000.5', value: '1001.0055' },
        ],
      });
    }
    await store.flows.upsert({
      accountId: alphaId,
      source: 'withdrawal',
      externalId: 'w-1',
      asset: 'BTC',
      quantity: '-0.0005',
      ts: T0 + 30 * 60_000,
      usdValue: '-45.50025',
      price: '91000.5',
      status: 'counted',
      rawStatus: '6',
    });
    await store.close();
  });
  after(() => cleanup());

  test('csvField quotes commas, quotes and newlines and leaves the rest alone', () => {
    assert.equal(csvField('1000.000000010'), '1000.000000010');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
    assert.equal(csvField(null), '');
  });

  test('db status shows backend, location, versions and row counts', async () => {
    const { code, out } = await run(db, ['status'], { db: dbPath });
    assert.equal(code, 0);
    assert.match(out, /backend: {2}SQLite \(embedded\)/);
    assert.match(out, new RegExp(`location: ${dbPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.match(out, /applied: {2}1 initial schema/);
    assert.match(out, /pending: {2}none/);
    assert.match(out, /nav_history +3\n/);
    assert.match(out, /holdings +3\n/);
    const json = JSON.parse((await run(db, ['status'], { db: dbPath, json: true })).out);
    assert.equal(json.rows.processed_transactions, 1);
    assert.equal((await run(db, ['migrate'], { db: dbPath })).out.includes('up to date'), true);
  });

  test('export nav as CSV: quoted names, exact decimals, ISO times, inclusive range', async () => {
    const { code, out } = await run(exportCommand, [], {
      db: dbPath,
      format: 'csv',
      what: 'nav',
      from: '2026-01-05T11:00Z',
      to: '2026-01-05T12:00Z',
    });
    assert.equal(code, 0);
    assert.equal(
      out,
      [
        'account,time,nav,benchmark_value,btc_price,eth_price,status,kind,failed_wallets',
        '"alpha, ""the first""",2026-01-05T11:00:00.000Z,1001.000000010,,91000.5,,incomplete,hourly,usdm;coinm',
        '"alpha, ""the first""",2026-01-05T12:00:00.000Z,1002.000000010,,91000.5,,complete,hourly,',
        '',
      ].join('\r\n'),
    );
  });

  test('export flows and holdings as JSON to a file', async () => {
    const file = join(dir, 'flows.json');
    const r = await run(exportCommand, [], { db: dbPath, format: 'json', what: 'flows', out: file });
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), [
      {
        account: 'alpha, "the first"',
        time: '2026-01-05T10:30:00.000Z',
        source: 'withdrawal',
        external_id: 'w-1',
        asset: 'BTC',
        quantity: '-0.0005',
        usd_value: '-45.50025',
        price: '91000.5',
        status: 'counted',
        raw_status: '6',
      },
    ]);
    const h = await run(exportCommand, [], {
      db: dbPath,
      format: 'json',
      what: 'holdings',
      account: 'alpha, "the first"',
      to: '2026-01-05T10:00Z',
    });
    assert.deepEqual(JSON.parse(h.out), [
      {
        account: 'alpha, "the first"',
        time: '2026-01-05T10:00:00.000Z',
        wallet: 'spot',
        asset: 'BTC',
        quantity: '0.01100000',
        price: '91000.5',
        value: '1001.0055',
      },
    ]);
  });

  test('export refuses bad arguments clearly', async () => {
    await assert.rejects(
      run(exportCommand, [], { db: dbPath, format: 'xml', what: 'nav' }),
      /--format must be one of csv, json/,
    );
    await assert.rejects(
      run(exportCommand, [], { db: dbPath, format: 'csv', what: 'nav', from: 'yesterday' }),
      /ISO-8601/,
    );
    await assert.rejects(
      run(exportCommand, [], { db: dbPath, format: 'csv', what: 'nav', account: 'nobody' }),
      /no account named "nobody"/,
    );
  });

  test('backup copies the live database; refuses to overwrite', async () => {
    const file = join(dir, 'backup.db');
    const r = await run(backup, [file], { db: dbPath });
    assert.equal(r.code, 0);
    assert.match(r.out, /remember the key file/);
    const copy = new DatabaseSync(file, { readOnly: true });
    try {
      assert.deepEqual({ ...copy.prepare('SELECT count(*) AS n FROM nav_history').get() }, { n: 3 });
    } finally {
      copy.close();
    }
    await assert.rejects(run(backup, [file], { db: dbPath }), /already exists/);
  });

  test('secrets rotate generate replaces the key file; check confirms every secret opens', async () => {
    const keyFile = join(dir, 'monitor.key');
    const before = readFileSync(keyFile, 'utf8');
    const r = await run(secrets, ['rotate', 'generate'], { db: dbPath });
    assert.equal(r.code, 0);
    assert.match(r.out, /re-encrypted 1 secret\(s\)/);
    assert.notEqual(readFileSync(keyFile, 'utf8'), before);
    const c = await run(secrets, ['check'], { db: dbPath });
    assert.equal(c.code, 0);
    assert.match(c.out, /1 of 1 secret\(s\) open with the current key/);
    const newKeyFile = join(dir, 'next.key');
    const withEnvKey = await run(secrets, ['rotate'], { db: dbPath, 'new-key-file': newKeyFile });
    assert.equal(withEnvKey.code, 0);
    assert.equal(existsSync(newKeyFile), true);
    assert.equal(readFileSync(keyFile, 'utf8'), readFileSync(newKeyFile, 'utf8'));
  });
});

test('backup on PostgreSQL refuses with a pg_dump hint', async (t) => {
  const pgStore = testStores().find((s) => s.name === 'postgres');
  if (!pgStore) {
    t.skip('TEST_DATABASE_URL not set');
    return;
  }
  const store = await pgStore.open();
  try {
    await assert.rejects(backupStore(store, '/tmp/never.db'), /pg_dump/);
  } finally {
    await store.close();
  }
});
