/**
 * Each long-running or collecting command validates the whole configuration before it does anything: every
 * problem in one message on stderr, exit code 1, no stack trace, nothing started and no store created.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cleanEnv } from '../helpers/process.ts';

const BPM = fileURLToPath(new URL('../../bin/bpm.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'bpm-config-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function bpm(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BPM, ...args], { cwd: dir, env: cleanEnv(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const BAD_ENV = {
  BPM_PORT: '80000',
  BPM_SCHEDULE: 'every hour',
  DATABASE_URL: 'mysql://db.example/monitor',
  BPM_RUN_TIMEOUT: 'soon',
};

describe('validation at start', () => {
  for (const command of ['run', 'serve', 'collect']) {
    it(`bpm ${command} lists every problem at once, exits 1, no stack trace`, async () => {
      const db = join(dir, `${command}.db`);
      const r = await bpm([command, '--db', db], BAD_ENV);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, new RegExp(`^bpm ${command}: invalid configuration, 4 problems:`));
      assert.match(r.stderr, /- dashboard\.port \(from BPM_PORT\): expected a whole number from 0 to 65535/);
      assert.match(r.stderr, /- schedule \(from BPM_SCHEDULE\): invalid cron expression/);
      assert.match(
        r.stderr,
        /- databaseUrl \(from DATABASE_URL\): expected a postgres:\/\/ or postgresql:\/\/ URL/,
      );
      assert.match(r.stderr, /- runTimeout \(from BPM_RUN_TIMEOUT\): expected a duration/);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'a stack trace was printed');
      assert.equal(r.stdout, '');
      assert.equal(existsSync(db), false, 'the store was opened before the configuration was valid');
    });
  }

  it('bpm run names the config file and the command-line option each bad value came from', async () => {
    const file = join(dir, 'bpm.config.json');
    writeFileSync(
      file,
      JSON.stringify({ alerts: { drawdown: 3, telegram: { botToken: 'x' } }, nonsense: 1 }),
    );
    try {
      const r = await bpm(
        ['run', '--port', 'http', '--host', '0.0.0.0', '--schedule', '61 * * * *', '--db', join(dir, 'f.db')],
        {},
      );
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /invalid configuration, 6 problems:/);
      // The dashboard child would refuse this address and be restarted forever: refused at start instead.
      assert.match(
        r.stderr,
        /- dashboard\.host \(from --host\): listening on 0\.0\.0\.0 \(beyond loopback\) needs/,
      );
      assert.match(r.stderr, /- dashboard\.port \(from --port\):/);
      assert.match(r.stderr, /- schedule \(from --schedule\): invalid cron expression/);
      assert.match(r.stderr, new RegExp(`- alerts\\.drawdown \\(from ${file.replaceAll('.', '\\.')}\\):`));
      assert.match(r.stderr, /- alerts\.telegram\.botToken .*must be set together/);
      assert.match(r.stderr, /- nonsense .*unknown setting/);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    } finally {
      rmSync(file);
    }
  });
});
