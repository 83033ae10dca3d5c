/**
 * `bpm account` as a user runs it: the real CLI in a child process, against the emulator over HTTP
 * (BINANCE_BASE_URL), with a temporary SQLite store.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunningEmulator, Scenario } from '../../src/emulator/index.ts';
import { openStore } from '../../src/store/index.ts';
import { runBpm } from '../helpers/cli.ts';
import { startTestEmulator } from '../helpers/emulator.ts';
import { TEST_SECRET_KEY, tempDir } from '../helpers/stores.ts';

const ed = generateKeyPairSync('ed25519');
const ED_PUBLIC = ed.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const ED_PRIVATE = ed.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

const SCENARIO: Scenario = {
  start: '2026-01-05T00:00:00Z',
  symbols: ['BTCUSDT', 'ETHUSDT'],
  prices: { BTCUSDT: [['2026-01-05T00:00:00Z', '100000']], ETHUSDT: [['2026-01-05T00:00:00Z', '4000']] },
  accounts: [
    { name: 'reader', apiKey: 'cliReaderKey', apiSecret: 'cliReaderSecretXYZ', spot: { BTC: '0.1' } },
    {
      name: 'risky',
      apiKey: 'cliRiskyKey',
      apiSecret: 'cliRiskySecretXYZ',
      permissions: { enableReading: true, enableWithdrawals: true, enableSpotAndMarginTrading: true },
      spot: { USDT: '100' },
    },
    {
      name: 'edkey',
      apiKey: 'cliEdKey',
      keyType: 'ed25519',
      publicKey: ED_PUBLIC,
      spot: { ETH: '2' },
      usdm: { wallet: { USDT: '50' } },
    },
    { name: 'pinned', apiKey: 'cliPinnedKey', apiSecret: 'cliPinnedSecretXYZ', spot: { USDT: '5' } },
  ],
};

describe('bpm account', () => {
  let emu: RunningEmulator;
  let dir: { dir: string; cleanup: () => void };
  let env: NodeJS.ProcessEnv;
  const bpm = (...args: string[]) => runBpm(args, env);

  before(async () => {
    emu = await startTestEmulator(SCENARIO, { enforceLimits: false });
    emu.setTime(Date.parse('2026-01-05T10:00:00Z'));
    dir = tempDir('bpm-cli-account-');
    env = {
      PATH: process.env.PATH,
      BINANCE_BASE_URL: emu.url,
      MONITOR_DB: join(dir.dir, 'monitor.db'),
      MONITOR_SECRET_KEY: TEST_SECRET_KEY,
      BPM_LOG_LEVEL: 'silent',
    };
  });
  after(async () => {
    await emu.close();
    dir.cleanup();
  });

  it('adds a read-only account, finds its wallets, and never prints the secret', async () => {
    const r = await bpm(
      'account',
      'add',
      '--name',
      'reader',
      '--api-key',
      'cliReaderKey',
      '--api-secret',
      'cliReaderSecretXYZ',
      '--no-backfill',
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /added account reader \(wallets: spot,funding,earnFlexible,earnLocked; benchmark BTC:0.5,ETH:0.5 \(weekly\)\)/,
    );
    assert.doesNotMatch(r.stdout + r.stderr, /cliReaderSecretXYZ/);
    // Futures answered -2015 and the key cannot use futures: the owner is told futures may be hidden.
    assert.match(r.stderr, /usdm and coinm answered as not enabled and the key has no futures permission/);
    const again = await bpm(
      'account',
      'add',
      '--name',
      'reader',
      '--api-key',
      'cliReaderKey',
      '--api-secret',
      'cliReaderSecretXYZ',
    );
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already exists/);
  });

  it('refuses a key that can withdraw unless --allow-unsafe-key, and warns about trading', async () => {
    const args = [
      'account',
      'add',
      '--name',
      'risky',
      '--api-key',
      'cliRiskyKey',
      '--api-secret',
      'cliRiskySecretXYZ',
      '--no-backfill',
    ];
    const refused = await bpm(...args);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /can withdraw funds.*--allow-unsafe-key/);
    const allowed = await bpm(
      ...args,
      '--allow-unsafe-key',
      '--benchmark',
      'BTC:0.25,ETH:0.75',
      '--rebalance',
      'monthly',
    );
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.match(allowed.stderr, /WITHDRAW/);
    assert.match(allowed.stderr, /can trade/);
    assert.match(allowed.stdout, /benchmark BTC:0.25,ETH:0.75 \(monthly\)/);
  });

  it('accepts an Ed25519 key from a PEM file', async () => {
    const file = join(dir.dir, 'ed25519.pem');
    writeFileSync(file, ED_PRIVATE, { mode: 0o600 });
    const r = await bpm(
      'account',
      'add',
      '--name',
      'edkey',
      '--api-key',
      'cliEdKey',
      '--ed25519-key-file',
      file,
      '--no-backfill',
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /wallets: spot,funding,usdm,earnFlexible,earnLocked/);
    assert.doesNotMatch(r.stdout + r.stderr, /PRIVATE KEY/);
  });

  it('rejects bad arguments with a usage error', async () => {
    const both = await bpm(
      'account',
      'add',
      '--name',
      'x',
      '--api-key',
      'k',
      '--api-secret',
      's',
      '--ed25519-key-file',
      '/nope',
    );
    assert.equal(both.code, 2);
    assert.match(both.stderr, /exactly one of --api-secret/);
    const weights = await bpm(
      'account',
      'add',
      '--name',
      'x',
      '--api-key',
      'k',
      '--api-secret',
      's',
      '--benchmark',
      'BTC:0.5,ETH:0.6',
    );
    assert.equal(weights.code, 2);
    assert.match(weights.stderr, /sum to 1.1, not 1/);
    const unknown = await bpm(
      'account',
      'add',
      '--name',
      'reader2',
      '--api-key',
      'cliReaderKey',
      '--api-secret',
      'cliReaderSecretXYZ',
      '--benchmark',
      'BTC:0.5,NOPE:0.5',
    );
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /without a USD price on Binance: NOPE/);
    const rule = await bpm(
      'account',
      'add',
      '--name',
      'x',
      '--api-key',
      'k',
      '--api-secret',
      's',
      '--rebalance',
      'hourly',
    );
    assert.equal(rule.code, 2);
    const noName = await bpm('account', 'check');
    assert.equal(noName.code, 2);
    const missing = await bpm('account', 'check', 'nobody');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /"nobody" does not exist/);
  });

  it("add --base-url keeps the URL as the account's own: it is checked there whatever BINANCE_BASE_URL says", async () => {
    const bad = await bpm(
      'account',
      'add',
      '--name',
      'x',
      '--api-key',
      'k',
      '--api-secret',
      's',
      '--base-url',
      'ftp://x',
    );
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /binanceBaseUrl \(from command line\): expected an http\(s\) URL/);
    const added = await bpm(
      'account',
      'add',
      '--name',
      'pinned',
      '--api-key',
      'cliPinnedKey',
      '--api-secret',
      'cliPinnedSecretXYZ',
      '--base-url',
      `${emu.url}/`,
      '--no-backfill',
    );
    assert.equal(added.code, 0, added.stderr);
    // Nothing listens on port 9: only the stored URL can reach the emulator.
    const saved = env;
    env = { ...env, BINANCE_BASE_URL: 'http://127.0.0.1:9' };
    try {
      const r = await bpm('account', 'check', 'pinned');
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /wallet spot: ok/);
    } finally {
      env = saved;
    }
  });

  it('checks an account: clock skew, permissions, wallets and weight per snapshot', async () => {
    const r = await bpm('account', 'check', 'reader');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /clock skew: -?\d+ ms/);
    assert.match(r.stdout, /key: reading=true trading=false withdrawals=false/);
    assert.match(r.stdout, /wallet crossMargin: not_enabled/);
    assert.match(r.stdout, /wallet spot: ok/);
    assert.match(r.stdout, /GET \/sapi\/v1\/simple-earn\/flexible\/position\s+150 of 12000\/min/);
    // The tightest budget: 12000 per minute for each Earn endpoint at 150 per account → 80 accounts a minute.
    assert.match(r.stdout, /at most 80 accounts per minute/);
  });

  it('sets and removes the performance fee, and changes the benchmark', async () => {
    const stored = async () => {
      const store = await openStore({ dbPath: env.MONITOR_DB as string, secretKey: TEST_SECRET_KEY });
      try {
        const a = await store.accounts.byName('reader');
        const b = a && (await store.benchmarks.get(a.id));
        return { fee: a?.feeConfig, benchmark: b?.config, t0: b?.initializedAt };
      } finally {
        await store.close();
      }
    };
    let r = await bpm('account', 'fee', 'reader', '--rate', '0.2', '--period', 'quarterly', '--alpha-only');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      'account reader: performance fee 20 % quarterly, only on positive alpha; accrued after each run\n',
    );
    assert.deepEqual((await stored()).fee, { rate: '0.2', period: 'quarterly', alphaOnly: true });
    r = await bpm('account', 'fee', 'reader', '--rate', '0.15');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((await stored()).fee, { rate: '0.15', period: 'monthly', alphaOnly: false });
    for (const bad of [
      ['--rate', '1'],
      ['--rate', '0'],
      ['--rate', '20%'],
      ['--rate', '0.2', '--period', 'weekly'],
      ['--off', '--rate', '0.2'],
      [],
    ]) {
      const e = await bpm('account', 'fee', 'reader', ...bad);
      assert.equal(e.code, 2, `${bad.join(' ')}: ${e.stderr}`);
    }
    assert.equal((await bpm('account', 'fee', 'nobody', '--rate', '0.2')).code, 1);
    r = await bpm('account', 'fee', 'reader', '--off');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /no performance fee/);
    assert.equal((await stored()).fee, null);

    r = await bpm('account', 'benchmark', 'reader', '--benchmark', 'btc:0.6,ETH:0.4');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /benchmark BTC:0.6,ETH:0.4 \(weekly\); it starts at the first complete snapshot/);
    r = await bpm('account', 'benchmark', 'reader', '--rebalance', 'monthly');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((await stored()).benchmark, {
      assets: [
        { asset: 'BTC', weight: '0.6' },
        { asset: 'ETH', weight: '0.4' },
      ],
      rebalance: 'monthly',
    });
    r = await bpm('account', 'benchmark', 'reader', '--rebalance', 'monthly');
    assert.match(r.stdout, /\(unchanged\)/);
    assert.equal((await bpm('account', 'benchmark', 'reader', '--benchmark', 'BTC:0.6,ETH:0.3')).code, 2);
    assert.equal((await bpm('account', 'benchmark', 'reader')).code, 2);
    // An asset Binance cannot price would fail every run: refused, the config kept.
    r = await bpm('account', 'benchmark', 'reader', '--benchmark', 'NOPE:1');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /without a USD price on Binance: NOPE/);
    assert.equal((await stored()).benchmark?.rebalance, 'monthly');
    assert.match((await bpm('account', '--help')).stdout, /bpm account fee NAME --rate 0.2/);
    assert.match((await bpm('account', '--help')).stdout, /bpm account benchmark NAME/);
    // Back to the default for the listing below.
    r = await bpm(
      'account',
      'benchmark',
      'reader',
      '--benchmark',
      'BTC:0.5,ETH:0.5',
      '--rebalance',
      'weekly',
    );
    assert.equal(r.code, 0, r.stderr);
  });

  it('lists, disables, enables and removes accounts', async () => {
    let r = await bpm('account', 'list');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^NAME\s+STATE/m);
    assert.match(
      r.stdout,
      /^reader\s+enabled\s+-\s+spot,funding,earnFlexible,earnLocked\s+BTC:0.5,ETH:0.5 \(weekly\)\s+never collected$/m,
    );
    r = await bpm('account', 'disable', 'reader');
    assert.equal(r.code, 0);
    assert.match((await bpm('account', 'list')).stdout, /^reader\s+disabled/m);
    r = await bpm('account', 'enable', 'reader');
    assert.match((await bpm('account', 'list')).stdout, /^reader\s+enabled/m);
    r = await bpm('account', 'remove', 'risky');
    assert.equal(r.code, 0);
    assert.doesNotMatch((await bpm('account', 'list')).stdout, /risky/);
    assert.equal((await bpm('account', 'remove', 'risky')).code, 1);
  });
});
