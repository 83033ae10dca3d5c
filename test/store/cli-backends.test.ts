/**
 * The store commands as a user runs them, on every backend: `bpm db migrate` / `bpm db status` output and
 * `bpm export` with exact decimals; on SQLite, a `bpm backup` copy that opens as a store with its rows.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, test } from 'node:test';
import type { Command, CommandContext, OptionValues } from '../../src/cli/command.ts';
import { command as backup } from '../../src/cli/commands/backup.ts';
import { command as db } from '../../src/cli/commands/db.ts';
import { command as exportCommand } from '../../src/cli/commands/export.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { TEST_SECRET_KEY, tempDir, testStores } from '../helpers/stores.ts';

const H = 3_600_000;
const T0 = Date.UTC(2026, 0, 5, 10);

async function run(cmd: Command, positionals: string[], values: OptionValues, env: NodeJS.ProcessEnv) {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (d) => {
    out += d;
  });
  const ctx: CommandContext = {
    values,
    positionals,
    env,
    stdout,
    stderr: new PassThrough(),
    signal: new AbortController().signal,
  };
  const code = await cmd.run(ctx);
  return { code, out };
}

/** How a user points the commands at this store: --db for SQLite, DATABASE_URL for PostgreSQL. */
function target(store: Store): { values: OptionValues; env: NodeJS.ProcessEnv } {
  return store.dialect === 'sqlite'
    ? { values: { db: store.location }, env: {} }
    : { values: {}, env: { DATABASE_URL: store.location, MONITOR_SECRET_KEY: TEST_SECRET_KEY } };
}

async function seed(store: Store): Promise<string> {
  const { id } = await store.accounts.add({
    name: 'desk, "main"',
    apiKey: 'k',
    secret: 's',
    keyType: 'hmac',
  });
  for (let i = 0; i < 3; i++) {
    await store.nav.save({
      accountId: id,
      ts: T0 + i * H,
      status: 'complete',
      kind: 'hourly',
      nav: ['1e-8', '-0', '1234.500000000000000000000001'][i]!,
      benchmarkValue: '1000.10',
      btcPrice: '91000.5',
      ethPrice: null,
      failedWallets: [],
      notEnabledWallets: [],
      holdings: [
        { wallet: 'spot', asset: 'BTC', quantity: '0.01100000', price: '91000.5', value: '1001.0055' },
      ],
    });
  }
  await store.flows.upsert({
    accountId: id,
    source: 'withdrawal',
    externalId: 'w,1',
    asset: 'BTC',
    quantity: '-5E-4',
    ts: T0 + 30 * 60_000,
    usdValue: '-45.50025',
    price: '91000.5',
    status: 'counted',
    rawStatus: '6',
  });
  return id;
}

for (const backend of testStores()) {
  describe(`store commands on ${backend.name}`, () => {
    test('db migrate and db status as a user sees them', async () => {
      const store = await backend.open({ migrate: false });
      try {
        const { values, env } = target(store);
        const before = await run(db, ['status'], values, env);
        assert.match(before.out, /applied: {2}none\n/);
        assert.match(before.out, /pending: {2}1 initial schema, 2 flow benchmark_before, account base_url\n/);
        assert.match(before.out, /nav_history +\(not created\)\n/);

        const first = await run(db, ['migrate'], values, env);
        assert.equal(first.out, `${store.location}: applied migration(s) 1, 2\n`);
        assert.equal((await run(db, ['migrate'], values, env)).out, `${store.location}: up to date\n`);

        await seed(store);
        const after = await run(db, ['status'], values, env);
        assert.equal(after.code, 0);
        assert.match(
          after.out,
          new RegExp(`^backend: {2}${store.dialect === 'sqlite' ? 'SQLite \\(embedded\\)' : 'PostgreSQL'}\n`),
        );
        assert.ok(after.out.includes(`location: ${store.location}\n`));
        assert.match(after.out, /applied: {2}1 initial schema \(\d{4}-\d\d-\d\dT[\d:.]+Z\), 2 flow/);
        assert.match(after.out, /pending: {2}none\n/);
        assert.match(after.out, /binance_accounts +1\n/);
        assert.match(after.out, /nav_history +3\n/);
        assert.match(after.out, /holdings +3\n/);
        assert.match(after.out, /processed_transactions +1\n/);
      } finally {
        await store.close();
      }
    });

    test('export: CSV quoting and exact decimals, the same text on every backend', async () => {
      const store = await backend.open();
      try {
        await seed(store);
        const { values, env } = target(store);
        const nav = await run(exportCommand, [], { ...values, format: 'csv', what: 'nav' }, env);
        assert.equal(
          nav.out,
          [
            'account,time,nav,benchmark_value,btc_price,eth_price,status,kind,failed_wallets',
            '"desk, ""main""",2026-01-05T10:00:00.000Z,0.00000001,1000.10,91000.5,,complete,hourly,',
            '"desk, ""main""",2026-01-05T11:00:00.000Z,0,1000.10,91000.5,,complete,hourly,',
            '"desk, ""main""",2026-01-05T12:00:00.000Z,1234.500000000000000000000001,1000.10,91000.5,,complete,hourly,',
            '',
          ].join('\r\n'),
        );
        const flows = await run(
          exportCommand,
          [],
          { ...values, format: 'csv', what: 'flows', account: 'desk, "main"', from: '2026-01-05T10:30Z' },
          env,
        );
        assert.equal(
          flows.out,
          [
            'account,time,source,external_id,asset,quantity,usd_value,price,status,raw_status',
            '"desk, ""main""",2026-01-05T10:30:00.000Z,withdrawal,"w,1",BTC,-0.0005,-45.50025,91000.5,counted,6',
            '',
          ].join('\r\n'),
        );
        const holdings = await run(
          exportCommand,
          [],
          { ...values, format: 'json', what: 'holdings', from: '2026-01-05T11:00Z', to: '2026-01-05T11:00Z' },
          env,
        );
        assert.deepEqual(JSON.parse(holdings.out), [
          {
            account: 'desk, "main"',
            time: '2026-01-05T11:00:00.000Z',
            wallet: 'spot',
            asset: 'BTC',
            quantity: '0.01100000',
            price: '91000.5',
            value: '1001.0055',
          },
        ]);
      } finally {
        await store.close();
      }
    });

    if (backend.name === 'sqlite') {
      test('backup: the copy opens as a store, with every row and the secret readable with the key', async () => {
        const store = await backend.open();
        try {
          const id = await seed(store);
          const file = join(dirname(store.location), 'copy.db');
          const r = await run(backup, [file], { db: store.location }, {});
          assert.equal(r.code, 0);
          assert.match(r.out, /backed up .* to .*copy\.db \(\d+ pages\)/);
          // Restoring means the copy plus the key file kept apart from it.
          const key = readFileSync(join(dirname(store.location), 'monitor.key'), 'utf8');
          const copy = await openStore({ dbPath: file, secretKey: key });
          try {
            assert.deepEqual(
              (await copy.nav.range(id, 0, Number.MAX_SAFE_INTEGER)).map((n) => n.nav),
              (await store.nav.range(id, 0, Number.MAX_SAFE_INTEGER)).map((n) => n.nav),
            );
            assert.equal(await copy.nav.count(), 3);
            assert.equal((await copy.nav.holdings(id, T0 + H)).length, 1);
            assert.deepEqual(
              (await copy.flows.list(id)).map((f) => [f.externalId, f.quantity]),
              [['w,1', '-0.0005']],
            );
            assert.equal((await copy.accounts.credentials(id)).secret, 's');
          } finally {
            await copy.close();
          }
        } finally {
          await store.close();
        }
      });
    }
  });
}

test('the store commands open the database the config file names, as bpm run and bpm collect do; --db wins', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const dbPath = join(dir, 'elsewhere', 'monitor.db');
    const store = await openStore({ dbPath });
    await seed(store);
    await store.close();
    const configFile = join(dir, 'bpm.config.json');
    writeFileSync(configFile, JSON.stringify({ db: dbPath }));
    const env = { BPM_CONFIG: configFile };

    const status = await run(db, ['status'], {}, env);
    assert.ok(status.out.includes(`location: ${dbPath}\n`), status.out);
    assert.match(status.out, /nav_history +3\n/);
    const exported = await run(exportCommand, [], { format: 'csv', what: 'flows' }, env);
    assert.match(exported.out, /withdrawal,"w,1",BTC,-0\.0005/);
    const copy = join(dir, 'copy.db');
    assert.match((await run(backup, [copy], {}, env)).out, new RegExp(`backed up ${dbPath} to`));

    const other = join(dir, 'other.db');
    assert.ok((await run(db, ['status'], { db: other }, env)).out.includes(`location: ${other}\n`));
  } finally {
    cleanup();
  }
});
