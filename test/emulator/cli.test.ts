import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';

const BIN = new URL('../../bin/bpm.js', import.meta.url).pathname;
const DEMO = new URL('../../scenarios/demo.json', import.meta.url).pathname;

test('bpm emulator prints its URL, serves, and stops cleanly on SIGTERM', async () => {
  const child = spawn(
    process.execPath,
    [
      BIN,
      'emulator',
      '--scenario',
      DEMO,
      '--port',
      '0',
      '--frozen',
      '--at',
      '2026-11-23T00:00:00Z',
      '--no-limits',
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  try {
    let out = '';
    child.stdout.setEncoding('utf8');
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: string) => {
        out += chunk;
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${out}`)));
    });
    const time = (await (await fetch(`${url}/api/v3/time`)).json()) as { serverTime: number };
    assert.equal(time.serverTime, Date.parse('2026-11-23T00:00:00Z'));
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = await exited;
    assert.equal(code, 0);
    assert.match(out, /emulator stopped/);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

test('bpm emulator without --scenario is a usage error (exit 2)', async () => {
  const child = spawn(process.execPath, [BIN, 'emulator'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (c: string) => {
    err += c;
  });
  const [code] = await once(child, 'exit');
  assert.equal(code, 2);
  assert.match(err, /--scenario is required/);
});

test('a bad scenario file is reported with its problems (exit 1)', async () => {
  const child = spawn(process.execPath, [BIN, 'emulator', '--scenario', BIN], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (c: string) => {
    err += c;
  });
  const [code] = await once(child, 'exit');
  assert.equal(code, 1);
  assert.match(err, /invalid scenario/);
});
