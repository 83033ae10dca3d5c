import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import Big from 'big.js';
import pg from 'pg';
import type { OptionValues } from '../../src/cli/command.ts';
import { command as importLegacyCommand } from '../../src/cli/commands/import-legacy.ts';
import { openStore } from '../../src/store/index.ts';
import { importLegacy } from '../../src/store/legacy-import.ts';
import { adminQuery, tempDir, testStores, withDatabase } from '../helpers/stores.ts';

async function runImport(values: OptionValues): Promise<{ code: number; out: string }> {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (d) => {
    out += d;
  });
  const code = await importLegacyCommand.run({
    values,
    positionals: [],
    env: {},
    stdout,
    stderr: new PassThrough(),
    signal: new AbortController().signal,
  });
  return { code, out };
}

const direct = process.env.TEST_DATABASE_URL;
const ALPHA = '11111111-1111-4111-8111-111111111111';
const BETA = '22222222-2222-4222-8222-222222222222';
const GHOST = '33333333-3333-4333-8333-333333333333';

const LEGACY_SCHEMA = `
CREATE TABLE binance_accounts (id uuid PRIMARY KEY, account_name text, api_key text, api_secret text);
CREATE TABLE benchmark_configs (account_id uuid, btc_units numeric, eth_units numeric, rebalance_day int,
  rebalance_hour int, initialized_at timestamptz);
CREATE TABLE nav_history (account_id uuid, timestamp timestamptz, nav numeric, benchmark_value numeric,
  btc_price numeric, eth_price numeric);
CREATE TABLE processed_transactions (account_id uuid, transaction_id text, type text, amount numeric,
  timestamp timestamptz, status text, metadata jsonb);
CREATE TABLE price_history (timestamp timestamptz, btc_price numeric, eth_price numeric);
INSERT INTO binance_accounts VALUES
  ('${ALPHA}', 'alpha', 'alpha-key', 'alpha-plain-secret'),
  ('${BETA}', 'beta', 'beta-key', 'beta-plain-secret');
INSERT INTO benchmark_configs VALUES
  ('${ALPHA}', 0.01000000, 0.30000000, 0, 17, '2025-06-02T10:00:00Z'),
  ('${BETA}', 0.5, 2, 2, 12, '2025-06-03T10:00:00Z');
INSERT INTO nav_history VALUES
  ('${ALPHA}', '2025-06-02T10:00:05Z', 1000.12345678, 1000.12345678, 67000.5, 2500.25),
  ('${ALPHA}', '2025-06-02T11:00:02Z', 1010.5, 1001, 67100, 2501),
  ('${ALPHA}', '2025-06-02T11:30:00Z', 1011, 1002, 67200, 2502),
  ('${BETA}', '2025-06-03T10:00:00Z', 50, 50, 67000, 2500),
  ('${GHOST}', '2025-06-03T10:00:00Z', 1, 1, 1, 1);
INSERT INTO processed_transactions VALUES
  ('${ALPHA}', '9001', 'DEPOSIT', 1000, '2025-06-02T10:30:00Z', 'SUCCESS', '{"coin": "USDT", "network": "TRX"}'),
  ('${ALPHA}', '9002', 'WITHDRAWAL', 0.1, '2025-06-02T12:30:00Z', 'SUCCESS', '{"coin": "BTC"}'),
  ('${BETA}', '9003', 'TRANSFER', 5, '2025-06-03T11:00:00Z', 'SUCCESS', NULL),
  ('${BETA}', '9004', 'DEPOSIT', 20, '2025-06-03T12:00:00Z', 'PENDING', '{"coin": "USDT"}');
INSERT INTO price_history VALUES
  ('2025-06-02T10:00:00Z', 67000.5, 2500.25),
  ('2025-06-02T11:00:00Z', 67100, 2501);
`;

describe('bpm import-legacy', { skip: direct ? false : 'TEST_DATABASE_URL not set' }, () => {
  const legacyDb = `bpm_legacy_${randomBytes(4).toString('hex')}`;
  let legacyUrl = '';
  before(async () => {
    if (!direct) return;
    await adminQuery(direct, `CREATE DATABASE ${legacyDb}`);
    legacyUrl = withDatabase(direct, legacyDb);
    const client = new pg.Client({ connectionString: legacyUrl });
    await client.connect();
    try {
      await client.query(LEGACY_SCHEMA);
    } finally {
      await client.end();
    }
  });
  after(async () => {
    if (direct) await adminQuery(direct, `DROP DATABASE IF EXISTS ${legacyDb} WITH (FORCE)`);
  });

  test('opening a store on the legacy database itself is refused with a pointer to import-legacy', async () => {
    await assert.rejects(
      openStore({ databaseUrl: legacyUrl }),
      /legacy system\?\): use a separate database .*import-legacy/,
    );
    const client = new pg.Client({ connectionString: legacyUrl });
    await client.connect();
    try {
      const { rows } = await client.query(
        "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'schema_migrations'",
      );
      assert.equal(rows[0].n, 0, 'nothing created');
    } finally {
      await client.end();
    }
  });

  test('bpm import-legacy prints what it imported and what it could not; a second run imports nothing', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const values = { from: legacyUrl, db: join(dir, 'monitor.db') };
      const first = await runImport(values);
      assert.equal(first.code, 0);
      assert.match(first.out, /^imported: 2 accounts, 2 benchmarks, 3 snapshots, 3 flows, 4 prices\n/);
      assert.match(
        first.out,
        /\nalready present: 0 accounts, 0 benchmarks, 0 snapshots, 0 flows, 0 prices\n/,
      );
      assert.match(first.out, /\nnot imported \/ caveats:\n/);
      assert.match(first.out, /\n {2}- 1 legacy transaction\(s\) with type TRANSFER: not imported/);
      assert.doesNotMatch(first.out, /plain-secret/, 'secrets never printed');
      const second = await runImport(values);
      assert.match(second.out, /^imported: 0 accounts, 0 benchmarks, 0 snapshots, 0 flows, 0 prices\n/);
      assert.match(
        second.out,
        /\nalready present: 2 accounts, 2 benchmarks, 3 snapshots, 3 flows, 4 prices\n/,
      );
    } finally {
      cleanup();
    }
  });

  for (const backend of testStores()) {
    test(`maps the legacy tables into the ${backend.name} store, reports the rest, and a second run adds nothing`, async () => {
      const store = await backend.open();
      try {
        const first = await importLegacy(store, legacyUrl);
        assert.deepEqual(first.imported, { accounts: 2, benchmarks: 2, snapshots: 3, flows: 3, prices: 4 });
        const notes = first.notes.join('\n');
        assert.match(notes, /legacy rebalance day 2 hour 12 mapped to weekly/);
        assert.doesNotMatch(notes, new RegExp(`benchmark of account ${ALPHA}`), 'Monday 17:00 needs no note');
        assert.match(notes, /1 legacy transaction\(s\) with type TRANSFER: not imported/);
        assert.match(notes, new RegExp(`NAV rows of unknown accounts ${GHOST}`));
        assert.match(notes, /1 NAV row\(s\) in an hour already taken/);
        assert.match(notes, /1 counted legacy flow\(s\) in a non-dollar asset imported without a USD value/);

        const alpha = await store.accounts.byName('alpha');
        assert.equal(alpha?.id, ALPHA);
        assert.equal((await store.accounts.credentials(ALPHA)).secret, 'alpha-plain-secret');
        const raw = await store.db.selectFrom('binance_accounts').select('api_secret_enc').execute();
        assert.equal(
          raw.some((r) => r.api_secret_enc.includes('plain')),
          false,
          'secrets encrypted',
        );

        const navs = await store.nav.range(ALPHA, 0, Date.UTC(2030, 0));
        assert.deepEqual(
          navs.map((n) => n.ts),
          [Date.UTC(2025, 5, 2, 10), Date.UTC(2025, 5, 2, 11)],
        );
        assert.ok(new Big(navs[0]!.nav).eq('1000.12345678'));
        assert.ok(new Big(navs[1]!.nav).eq('1010.5'), 'the first row of the hour is kept');
        assert.ok(new Big(navs[0]!.btcPrice!).eq('67000.5'));
        assert.equal(navs[0]!.status, 'complete');

        const bench = await store.benchmarks.get(ALPHA);
        assert.equal(bench?.config.rebalance, 'weekly');
        assert.deepEqual(
          bench?.config.assets.map((a) => a.asset),
          ['BTC', 'ETH'],
        );
        assert.ok(new Big(bench!.units!.BTC!).eq('0.01'));
        assert.ok(new Big(bench!.units!.ETH!).eq('0.3'));
        assert.equal(bench?.initializedAt, Date.UTC(2025, 5, 2, 10));

        const flows = await store.flows.list(ALPHA);
        assert.deepEqual(
          flows.map((f) => [f.source, f.externalId, f.asset, f.status]),
          [
            ['deposit', '9001', 'USDT', 'counted'],
            ['withdrawal', '9002', 'BTC', 'counted'],
          ],
        );
        assert.ok(new Big(flows[0]!.usdValue!).eq(1000));
        assert.ok(new Big(flows[1]!.quantity).eq('-0.1'));
        assert.equal(flows[1]!.usdValue, null);
        assert.equal((flows[0]!.metadata as { legacy: boolean }).legacy, true);
        assert.deepEqual(
          (await store.flows.pending(BETA)).map((f) => f.externalId),
          ['9004'],
        );

        const btc = await store.prices.range('BTCUSDT', 0, Date.UTC(2030, 0));
        assert.equal(btc.length, 2);
        assert.ok(
          new Big((await store.prices.at('ETHUSDT', Date.UTC(2025, 5, 2, 10, 30)))!.price).eq('2500.25'),
        );

        const second = await importLegacy(store, legacyUrl);
        assert.deepEqual(second.imported, { accounts: 0, benchmarks: 0, snapshots: 0, flows: 0, prices: 0 });
        assert.deepEqual(second.alreadyPresent, {
          accounts: 2,
          benchmarks: 2,
          snapshots: 3,
          flows: 3,
          prices: 4,
        });
        assert.equal(await store.nav.count(), 3);
      } finally {
        await store.close();
      }
    });
  }
});
