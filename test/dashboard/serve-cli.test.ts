import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { tempDir } from '../helpers/stores.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'bpm.js');

function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env))
    if (k.startsWith('BPM_') || k === 'DATABASE_URL' || k === 'MONITOR_DB') delete env[k];
  return env;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function run(args: string[]): {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exit: Promise<number | null>;
} {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], {
    env: cleanEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  return {
    child,
    out: () => out,
    err: () => err,
    exit: new Promise((r) => child.once('exit', (code) => r(code))),
  };
}

async function waitFor(check: () => boolean, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('bpm serve', () => {
  const tmp = tempDir('bpm-serve-');
  after(() => tmp.cleanup());

  test('refuses a non-loopback address without authentication, before touching the store', async () => {
    const db = join(tmp.dir, 'refused.db');
    const p = run(['--host', '0.0.0.0', '--db', db]);
    assert.equal(await p.exit, 2);
    assert.match(p.err(), /refusing to listen on 0\.0\.0\.0 without authentication/);
    assert.match(p.err(), /--token/);
    assert.ok(!existsSync(db));
  });

  test('serves on loopback, answers /healthz, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const p = run(['--port', String(port), '--db', join(tmp.dir, 'ok.db')]);
    await waitFor(() => p.out().includes('Dashboard at'));
    assert.match(p.out(), new RegExp(`Dashboard at http://127\\.0\\.0\\.1:${port}\\n`));
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(res.status, 200);
    p.child.kill('SIGTERM');
    assert.equal(await p.exit, 0);
  });

  test('with --token it may listen on every address, and requires the token', async () => {
    const port = await freePort();
    const p = run([
      '--host',
      '0.0.0.0',
      '--port',
      String(port),
      '--token',
      'tok-serve',
      '--db',
      join(tmp.dir, 't.db'),
    ]);
    await waitFor(() => p.out().includes('Dashboard at'));
    assert.match(p.out(), /authentication required/);
    assert.ok(!p.out().includes('tok-serve'), 'the token is never printed');
    assert.equal((await fetch(`http://127.0.0.1:${port}/api/status`)).status, 401);
    const ok = await fetch(`http://127.0.0.1:${port}/api/status`, {
      headers: { authorization: 'Bearer tok-serve' },
    });
    assert.equal(ok.status, 200);
    p.child.kill('SIGTERM');
    assert.equal(await p.exit, 0);
  });
});
