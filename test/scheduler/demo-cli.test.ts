/**
 * `bpm demo` on the command line: its help names every option in the usage line, and its dashboard tells when
 * the next live run comes (every --live-every, on its multiples since the epoch), not the hourly schedule.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { nextLiveRun } from '../../src/scheduler/demo.ts';
import { cleanEnv, exitOf, freePort } from '../helpers/process.ts';

const BPM = fileURLToPath(new URL('../../bin/bpm.js', import.meta.url));

describe('bpm demo --help', () => {
  it('shows every option in the usage line, --scenario FILE included', () => {
    const help = execFileSync(process.execPath, [BPM, 'demo', '--help'], { encoding: 'utf8' });
    const usage = help.split('\n').find((l) => l.includes('bpm demo ['));
    assert.ok(usage, help);
    for (const option of ['--port', '--host', '--days', '--live-every', '--db PATH', '--scenario FILE']) {
      assert.ok(usage.includes(option), `${option} missing from: ${usage}`);
    }
  });
});

describe('nextLiveRun', () => {
  it('is the first multiple of the interval after now', () => {
    // 7 s = 7000 ms: 700_001 ms is past the 100th multiple (700_000), so the next is the 101st, 707_000.
    assert.equal(nextLiveRun(700_001, 7000), 707_000);
    // On a multiple, the next one, not itself (that run is under way).
    assert.equal(nextLiveRun(700_000, 7000), 707_000);
  });
});

describe('bpm demo dashboard', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bpm-demo-cli-'));
  const children: ChildProcess[] = [];
  after(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the next live run, within --live-every, as the next run', async () => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [
        BPM,
        'demo',
        '--days',
        '1',
        '--db',
        join(dir, 'demo.db'),
        '--port',
        String(port),
        '--live-every',
        '7s',
      ],
      { env: cleanEnv({ BPM_LOG_LEVEL: 'warn' }), stdio: ['ignore', 'ignore', 'pipe'] },
    );
    children.push(child);
    let stderr = '';
    child.stderr?.on('data', (b: Buffer) => {
      stderr += b.toString();
    });
    let status: { now: number; nextRunAt: number | null } | undefined;
    const end = Date.now() + 20_000;
    while (!status && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 250));
      status = await fetch(`http://127.0.0.1:${port}/api/status`)
        .then((r) => (r.ok ? r.json() : undefined))
        .catch(() => undefined);
    }
    assert.ok(status, `no /api/status within 20 s:\n${stderr}`);
    assert.ok(status.nextRunAt !== null);
    const wait = status.nextRunAt - status.now;
    // The hourly schedule would say up to an hour; the demo's runs come every 7 s.
    assert.ok(wait > 0 && wait <= 7000, `next run in ${wait} ms`);
    assert.equal(status.nextRunAt % 7000, 0);
    child.kill('SIGTERM');
    assert.equal(await exitOf(child), 0, stderr);
  });
});
