/**
 * `bpm serve` reports a dashboard address beyond loopback without auth together with the configuration's other
 * problems (exit 1, one message, no store opened); alone it remains the usage error it was (exit 2).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cleanEnv } from '../helpers/process.ts';

const BPM = fileURLToPath(new URL('../../bin/bpm.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'bpm-serve-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function serve(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BPM, 'serve', ...args], { cwd: dir, env: cleanEnv(env) });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('bpm serve on an address beyond loopback without auth', () => {
  it('is listed with the other problems of the configuration', async () => {
    const db = join(dir, 'both.db');
    const r = await serve(['--host', '0.0.0.0', '--db', db], { BPM_CONCURRENCY: 'many' });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /^bpm serve: invalid configuration, 2 problems:/);
    assert.match(
      r.stderr,
      /- dashboard\.host \(from --host\): refusing to listen on 0\.0\.0\.0 without authentication.*--token/,
    );
    assert.match(r.stderr, /- concurrency \(from BPM_CONCURRENCY\): expected a whole number/);
    assert.equal(existsSync(db), false);
  });

  it('alone is a usage error, and auth from the environment lifts it', async () => {
    const db = join(dir, 'alone.db');
    const r = await serve(['--host', '0.0.0.0', '--db', db], {});
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^bpm serve: refusing to listen on 0\.0\.0\.0 without authentication/);
    assert.equal(existsSync(db), false);
    const withAuth = await serve(['--host', '0.0.0.0', '--db', db], {
      BPM_DASHBOARD_TOKEN: 'tok',
      BPM_CONCURRENCY: 'many',
    });
    assert.equal(withAuth.code, 1);
    assert.match(withAuth.stderr, /invalid configuration, 1 problem:/);
    assert.doesNotMatch(withAuth.stderr, /refusing/);
  });
});
