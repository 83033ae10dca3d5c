import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError, loadConfig, parseDuration, SETTINGS } from '../../src/config/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'bpm-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function expectConfigError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected loadConfig to throw');
}

describe('loadConfig', () => {
  it('gives the documented defaults with an empty environment and no file', () => {
    const c = loadConfig({ env: {}, cwd: dir });
    assert.equal(c.store.dbPath, './data/monitor.db');
    assert.equal(c.store.databaseUrl, undefined);
    assert.equal(c.schedule, '0 * * * *');
    assert.equal(c.runTimeoutMs, 5 * 60_000);
    assert.equal(c.shutdownGraceMs, 30_000);
    assert.equal(c.concurrency, 4);
    assert.equal(c.lookbackDays, 90);
    assert.deepEqual(c.log, { level: 'info', format: 'auto', retentionDays: 30 });
    assert.deepEqual(c.dashboard, { host: '127.0.0.1', port: 8000, auth: { kind: 'none' } });
    assert.equal(c.alerts.telegram, undefined);
    assert.equal(c.alerts.failedRuns, 3);
    assert.equal(c.alerts.repeatAfterMs, 6 * 3_600_000);
    assert.equal(c.alerts.underperformancePeriodMs, 30 * 86_400_000);
  });

  it('layers defaults < file < environment < overrides', () => {
    const file = join(dir, 'layers.json');
    writeFileSync(
      file,
      JSON.stringify({
        schedule: '*/5 * * * *',
        runTimeout: '2m',
        dashboard: { port: 9001, host: '0.0.0.0' },
        alerts: { telegram: { botToken: '1:abc', chatId: '42' }, drawdown: 0.1 },
      }),
    );
    const c = loadConfig({
      env: { BPM_PORT: '9002', BPM_RUN_TIMEOUT: '90s', MONITOR_DB: '/var/lib/bpm/m.db' },
      file,
      overrides: { 'dashboard.port': '9003', schedule: undefined },
    });
    assert.equal(c.schedule, '*/5 * * * *');
    assert.equal(c.runTimeoutMs, 90_000);
    assert.equal(c.dashboard.port, 9003);
    assert.equal(c.dashboard.host, '0.0.0.0');
    assert.equal(c.store.dbPath, '/var/lib/bpm/m.db');
    assert.equal(c.alerts.drawdown, 0.1);
    assert.deepEqual(c.alerts.telegram, {
      botToken: '1:abc',
      chatId: '42',
      apiUrl: 'https://api.telegram.org',
    });
    assert.equal(c.file, file);
  });

  it('finds BPM_CONFIG, and ./bpm.config.json when present', () => {
    const named = join(dir, 'named.json');
    writeFileSync(named, JSON.stringify({ concurrency: 7 }));
    assert.equal(loadConfig({ env: { BPM_CONFIG: named }, cwd: dir }).concurrency, 7);
    const sub = mkdtempSync(join(dir, 'cwd-'));
    writeFileSync(join(sub, 'bpm.config.json'), JSON.stringify({ concurrency: 5 }));
    assert.equal(loadConfig({ env: {}, cwd: sub }).concurrency, 5);
  });

  it('reads dashboard auth as a token or as basic credentials', () => {
    assert.deepEqual(loadConfig({ env: { BPM_DASHBOARD_TOKEN: 't0k' }, cwd: dir }).dashboard.auth, {
      kind: 'token',
      token: 't0k',
    });
    assert.deepEqual(
      loadConfig({ env: { BPM_DASHBOARD_USER: 'ann', BPM_DASHBOARD_PASSWORD: 'pw' }, cwd: dir }).dashboard
        .auth,
      { kind: 'basic', user: 'ann', password: 'pw' },
    );
  });

  it('takes port 0 as "any free port", as bpm serve documents', () => {
    assert.equal(loadConfig({ env: { BPM_PORT: '0' }, cwd: dir }).dashboard.port, 0);
    assert.throws(() => loadConfig({ env: { BPM_PORT: '-1' }, cwd: dir }), /dashboard\.port/);
  });

  it('for a command serving the dashboard, refuses an address beyond loopback without dashboard auth', () => {
    const open = { BPM_HOST: '0.0.0.0' };
    assert.equal(loadConfig({ env: open, cwd: dir }).dashboard.host, '0.0.0.0');
    assert.throws(
      () => loadConfig({ env: { ...open, BPM_PORT: 'x' }, cwd: dir, servesDashboard: true }),
      (err: Error) => {
        assert.match(err.message, /2 problems/);
        assert.match(
          err.message,
          /dashboard\.host \(from BPM_HOST\): listening on 0\.0\.0\.0 \(beyond loopback\) needs/,
        );
        return true;
      },
    );
    const withToken = { ...open, BPM_DASHBOARD_TOKEN: 't0k' };
    assert.equal(
      loadConfig({ env: withToken, cwd: dir, servesDashboard: true }).dashboard.auth.kind,
      'token',
    );
    const withBasic = { ...open, BPM_DASHBOARD_USER: 'ann', BPM_DASHBOARD_PASSWORD: 'pw' };
    assert.equal(
      loadConfig({ env: withBasic, cwd: dir, servesDashboard: true }).dashboard.auth.kind,
      'basic',
    );
    for (const host of ['127.0.0.1', 'localhost', '::1']) {
      assert.equal(
        loadConfig({ env: { BPM_HOST: host }, cwd: dir, servesDashboard: true }).dashboard.host,
        host,
      );
    }
  });

  it('lists every problem in one error, each with its key and source', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ concurency: 3, alerts: { drawdown: 'lots' } }));
    const err = expectConfigError(() =>
      loadConfig({
        file,
        env: {
          BPM_PORT: 'eighty',
          BPM_SCHEDULE: 'every hour',
          BPM_RUN_TIMEOUT: '5 minutes',
          BPM_LOG_LEVEL: 'loud',
          BPM_DASHBOARD_USER: 'ann',
          BPM_TELEGRAM_BOT_TOKEN: '123:secret-token',
          DATABASE_URL: 'mysql://x',
          BPM_ALERT_WEBHOOK_URL: 'ftp://hooks',
        },
      }),
    );
    const byPath = new Map(err.issues.map((i) => [i.path, i]));
    assert.deepEqual([...byPath.keys()].sort(), [
      'alerts.drawdown',
      'alerts.telegram.botToken',
      'alerts.webhookUrl',
      'concurency',
      'dashboard.port',
      'dashboard.user',
      'databaseUrl',
      'logLevel',
      'runTimeout',
      'schedule',
    ]);
    assert.equal(byPath.get('dashboard.port')?.source, 'BPM_PORT');
    assert.equal(byPath.get('alerts.drawdown')?.source, file);
    assert.equal(byPath.get('concurency')?.message, 'unknown setting');
    assert.match(err.message, /^invalid configuration, 10 problems:/);
    assert.match(err.message, /dashboard\.port \(from BPM_PORT\): expected a whole number from 0 to 65535/);
    assert.match(err.message, /schedule \(from BPM_SCHEDULE\): invalid cron expression/);
    assert.doesNotMatch(err.message, /secret-token/);
  });

  it('names the command-line option an override came from', () => {
    const err = expectConfigError(() =>
      loadConfig({
        env: {},
        cwd: dir,
        overrides: { 'dashboard.port': '99999' },
        overrideSources: { 'dashboard.port': '--port' },
      }),
    );
    assert.match(err.message, /dashboard\.port \(from --port\): expected a whole number from 0 to 65535/);
  });

  it('reports an unreadable or malformed file together with the other problems', () => {
    const err = expectConfigError(() =>
      loadConfig({ file: join(dir, 'missing.json'), env: { BPM_CONCURRENCY: '0' } }),
    );
    assert.equal(err.issues.length, 2);
    assert.match(err.issues[0]!.message, /cannot read the config file/);
    assert.equal(err.issues[1]!.path, 'concurrency');
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ "schedule": ');
    assert.match(expectConfigError(() => loadConfig({ file: broken, env: {} })).message, /not valid JSON/);
  });

  it('refuses a secret key that is not 32 bytes of base64', () => {
    const err = expectConfigError(() => loadConfig({ env: { MONITOR_SECRET_KEY: 'c2hvcnQ=' }, cwd: dir }));
    assert.equal(err.issues[0]?.path, 'secretKey');
    const key = Buffer.alloc(32, 7).toString('base64');
    assert.equal(loadConfig({ env: { MONITOR_SECRET_KEY: key }, cwd: dir }).store.secretKey, key);
  });

  it('accepts the secret key as 64 hex digits too, and still exactly 32 bytes', () => {
    // 32 bytes of 0xab: 64 hex digits, as `openssl rand -hex 32` prints them.
    const hex = 'ab'.repeat(32);
    assert.equal(loadConfig({ env: { MONITOR_SECRET_KEY: hex }, cwd: dir }).store.secretKey, hex);
    assert.equal(
      loadConfig({ env: { MONITOR_SECRET_KEY: hex.toUpperCase() }, cwd: dir }).store.secretKey,
      hex.toUpperCase(),
    );
    // 31 and 33 bytes in hex (62 and 66 digits) are refused, as is a 64-character text with a non-hex digit.
    for (const wrong of ['ab'.repeat(31), 'ab'.repeat(33), `${'ab'.repeat(31)}ag`]) {
      const err = expectConfigError(() => loadConfig({ env: { MONITOR_SECRET_KEY: wrong }, cwd: dir }));
      assert.equal(err.issues[0]?.path, 'secretKey', wrong);
      assert.match(err.issues[0]!.message, /64 hex digits/);
      assert.ok(!err.message.includes(wrong), 'the key text is not echoed');
    }
  });
});

describe('parseDuration', () => {
  it('reads units and plain milliseconds', () => {
    assert.equal(parseDuration('500ms'), 500);
    assert.equal(parseDuration('30s'), 30_000);
    assert.equal(parseDuration('5m'), 300_000);
    assert.equal(parseDuration('1.5h'), 5_400_000);
    assert.equal(parseDuration('2d'), 172_800_000);
    assert.equal(parseDuration(1234), 1234);
    assert.equal(parseDuration('1234'), 1234);
    assert.equal(parseDuration('5 minutes'), null);
    assert.equal(parseDuration(-1), null);
  });
});

describe('docs/configuration.md', () => {
  it('documents every setting by config key and environment variable', () => {
    const doc = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
    for (const s of SETTINGS) {
      assert.ok(doc.includes(`\`${s.key}\``), `config key ${s.key} missing from docs`);
      assert.ok(doc.includes(`\`${s.env}\``), `env var ${s.env} missing from docs`);
    }
  });
});
