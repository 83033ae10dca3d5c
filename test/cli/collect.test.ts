/**
 * `bpm collect` as the scheduler runs it: the real CLI in a child process, against the emulator over HTTP,
 * with a temporary SQLite store: summary lines, exit codes, worker_runs and system_logs.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunningEmulator, Scenario } from '../../src/emulator/index.ts';
import { openStore } from '../../src/store/index.ts';
import { runBpm } from '../helpers/cli.ts';
import { control, startTestEmulator } from '../helpers/emulator.ts';
import { TEST_SECRET_KEY, tempDir } from '../helpers/stores.ts';

const SCENARIO: Scenario = {
  start: '2026-01-05T00:00:00Z',
  symbols: ['BTCUSDT', 'ETHUSDT'],
  prices: { BTCUSDT: [['2026-01-05T00:00:00Z', '100000']], ETHUSDT: [['2026-01-05T00:00:00Z', '4000']] },
  accounts: [
    {
      name: 'one',
      apiKey: 'collectOneKey',
      apiSecret: 'collectOneSecret',
      spot: { BTC: '0.1', USDT: '500' },
    },
    {
      name: 'two',
      apiKey: 'collectTwoKey',
      apiSecret: 'collectTwoSecret',
      spot: { ETH: '1' },
      crossMargin: { USDT: { free: '100' } },
    },
  ],
};

describe('bpm collect', () => {
  let emu: RunningEmulator;
  let dir: { dir: string; cleanup: () => void };
  let env: NodeJS.ProcessEnv;
  const bpm = (...args: string[]) => runBpm(args, env);

  before(async () => {
    emu = await startTestEmulator(SCENARIO, { enforceLimits: false });
    emu.setTime(Date.parse('2026-01-05T10:00:05Z'));
    dir = tempDir('bpm-cli-collect-');
    env = {
      PATH: process.env.PATH,
      BINANCE_BASE_URL: emu.url,
      MONITOR_DB: join(dir.dir, 'monitor.db'),
      MONITOR_SECRET_KEY: TEST_SECRET_KEY,
      BPM_LOG_LEVEL: 'silent',
    };
    for (const [name, key, secret] of [
      ['one', 'collectOneKey', 'collectOneSecret'],
      ['two', 'collectTwoKey', 'collectTwoSecret'],
    ] as const) {
      const r = await bpm(
        'account',
        'add',
        '--name',
        name,
        '--api-key',
        key,
        '--api-secret',
        secret,
        '--no-backfill',
      );
      assert.equal(r.code, 0, r.stderr);
    }
  });
  after(async () => {
    await emu.close();
    dir.cleanup();
  });

  it('prints one line per account, exits 0, and records the run and its logs', async () => {
    const r = await bpm('collect', '--at', '2026-01-05T10:00:05Z');
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    // one: 0.1 × 100000 + 500 = 10500; two: 1 × 4000 + 100 = 4100.
    assert.match(
      lines[0] ?? '',
      /^one {2}nav=10500\.00 {2}benchmark=10500\.00 {2}status=ok {2}flows=0 {2}\d+\.\d\ds$/,
    );
    assert.match(
      lines[1] ?? '',
      /^two {2}nav=4100\.00 {2}benchmark=4100\.00 {2}status=ok {2}flows=0 {2}\d+\.\d\ds$/,
    );
    const store = await openStore({ dbPath: env.MONITOR_DB as string, secretKey: TEST_SECRET_KEY });
    try {
      const [latest] = await store.runs.list({ limit: 1 });
      assert.equal(latest?.status, 'ok');
      assert.equal(latest?.slotTs, Date.parse('2026-01-05T10:00:00Z'));
      assert.equal(latest?.accountsOk, 2);
      assert.ok((latest?.weightUsed ?? 0) > 0);
      const logs = await store.logs.query({ component: 'worker' });
      const ops = logs.map((l) => l.operation).sort();
      assert.deepEqual(ops, ['collect', 'collect', 'run']);
      assert.ok(logs.every((l) => typeof l.durationMs === 'number'));
      assert.ok(logs.filter((l) => l.operation === 'collect').every((l) => l.accountId !== null));
    } finally {
      await store.close();
    }
  });

  it('prunes system_logs past the retention period (30 days by default)', async () => {
    const day = 86_400_000;
    const seed = await openStore({ dbPath: env.MONITOR_DB as string, secretKey: TEST_SECRET_KEY });
    try {
      await seed.logs.write([
        { ts: Date.now() - 31 * day, level: 'info', component: 'test', message: 'old enough to go' },
        { ts: Date.now() - 29 * day, level: 'info', component: 'test', message: 'still kept' },
      ]);
    } finally {
      await seed.close();
    }
    const r = await bpm('collect', '--at', '2026-01-05T10:20:00Z');
    assert.equal(r.code, 0, r.stderr);
    const store = await openStore({ dbPath: env.MONITOR_DB as string, secretKey: TEST_SECRET_KEY });
    try {
      const left = await store.logs.query({ component: 'test' });
      assert.deepEqual(
        left.map((l) => l.message),
        ['still kept'],
      );
    } finally {
      await store.close();
    }
  });

  it('a second run in the same slot is skipped; --account collects one account', async () => {
    const r = await bpm('collect', '--at', '2026-01-05T10:30:00Z', '--account', 'two');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^two {2}nav=4100\.00 .*status=skipped/);
    assert.doesNotMatch(r.stdout, /^one/m);
  });

  it('exits 1 and names the failed wallet when a wallet cannot be read', async () => {
    emu.setTime(Date.parse('2026-01-05T11:00:05Z'));
    await control(emu, 'POST', 'faults', {
      endpoint: '/sapi/v1/margin/account',
      account: 'two',
      kind: '5xx',
    });
    try {
      const r = await bpm('collect', '--at', '2026-01-05T11:00:05Z');
      assert.equal(r.code, 1);
      assert.match(r.stdout, /^one .*status=ok/m);
      // Partial sum 4000 without the margin wallet, flagged incomplete.
      assert.match(
        r.stdout,
        /^two {2}nav=4000\.00 {2}benchmark=\S+ {2}status=incomplete .*failed=crossMargin/m,
      );
    } finally {
      await control(emu, 'DELETE', 'faults');
    }
  });

  it('rejects a malformed --at and an unknown account', async () => {
    const bad = await bpm('collect', '--at', 'yesterday');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--at must be an ISO date-time/);
    const missing = await bpm('collect', '--account', 'nobody', '--at', '2026-01-05T12:00:00Z');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /"nobody" does not exist/);
  });
});
