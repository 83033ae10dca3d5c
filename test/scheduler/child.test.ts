import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, describe, it } from 'node:test';
import { MemoryEventLog } from '../../src/scheduler/events.ts';
import { Supervisor } from '../../src/scheduler/supervisor.ts';
import { ChildSlotRunner } from '../../src/scheduler/worker-runner.ts';
import { at, scriptDir } from './helpers.ts';

const scripts = scriptDir();
after(() => scripts.cleanup());
const quiet = { stdout: new PassThrough().resume(), stderr: new PassThrough().resume() };

/** The worker's command line shape, with a script standing in for bin/bpm.js. */
function workerCommand(script: string) {
  return (slotTs: number) => ({
    command: process.execPath,
    args: [script, 'collect', '--at', new Date(slotTs).toISOString()],
  });
}

describe('ChildSlotRunner', () => {
  const slot = at('2026-03-01T11:00:00Z');

  it('passes the slot as --at and reports a clean exit as ok', async () => {
    const out = join(scripts.dir, 'args.json');
    const script = scripts.script(
      'ok.mjs',
      `import { writeFileSync } from 'node:fs'; writeFileSync(${JSON.stringify(out)}, JSON.stringify(process.argv.slice(2)));`,
    );
    const runner = new ChildSlotRunner({
      command: workerCommand(script),
      timeoutMs: 10_000,
      childOptions: quiet,
    });
    const o = await runner.run(slot, new AbortController().signal);
    assert.equal(o.status, 'ok');
    assert.equal(o.exitCode, 0);
    assert.deepEqual(JSON.parse(readFileSync(out, 'utf8')), ['collect', '--at', '2026-03-01T11:00:00.000Z']);
  });

  it('reports a non-zero exit as failed, with the end of stderr', async () => {
    const script = scripts.script('fail.mjs', `console.error('no accounts reachable'); process.exit(3);`);
    const runner = new ChildSlotRunner({
      command: workerCommand(script),
      timeoutMs: 10_000,
      childOptions: quiet,
    });
    const o = await runner.run(slot, new AbortController().signal);
    assert.equal(o.status, 'failed');
    assert.equal(o.exitCode, 3);
    assert.equal(o.detail, 'exited with code 3: no accounts reachable');
  });

  it('kills a run at its time limit with SIGTERM and reports it as timed out', async () => {
    const script = scripts.script('hang.mjs', 'setInterval(() => {}, 1000);');
    const runner = new ChildSlotRunner({
      command: workerCommand(script),
      timeoutMs: 300,
      childOptions: quiet,
    });
    const started = Date.now();
    const o = await runner.run(slot, new AbortController().signal);
    assert.equal(o.status, 'timeout');
    assert.equal(o.signal, 'SIGTERM');
    assert.match(o.detail ?? '', /killed after the 300ms time limit/);
    assert.ok(Date.now() - started < 3000);
  });

  it('follows with SIGKILL when the child ignores SIGTERM', async () => {
    const script = scripts.script(
      'stubborn.mjs',
      `process.on('SIGTERM', () => {}); console.log('ready'); setInterval(() => {}, 1000);`,
    );
    const runner = new ChildSlotRunner({
      command: workerCommand(script),
      timeoutMs: 300,
      killAfterMs: 200,
      childOptions: quiet,
    });
    const o = await runner.run(slot, new AbortController().signal);
    assert.equal(o.status, 'timeout');
    assert.equal(o.signal, 'SIGKILL');
  });

  it('ends the run at once when told to (shutdown grace over)', async () => {
    const script = scripts.script('long.mjs', 'setTimeout(() => {}, 60_000);');
    const runner = new ChildSlotRunner({
      command: workerCommand(script),
      timeoutMs: 60_000,
      childOptions: quiet,
    });
    const kill = new AbortController();
    setTimeout(() => kill.abort(), 100);
    const o = await runner.run(slot, kill.signal);
    assert.equal(o.status, 'killed');
  });

  it('reports a command that cannot start as failed', async () => {
    const runner = new ChildSlotRunner({
      command: () => ({ command: join(scripts.dir, 'no-such-binary'), args: [] }),
      timeoutMs: 1000,
      childOptions: quiet,
    });
    const o = await runner.run(slot, new AbortController().signal);
    assert.equal(o.status, 'failed');
    assert.match(o.detail ?? '', /ENOENT/);
  });
});

describe('Supervisor', () => {
  it('restarts a crashed dashboard with growing delays, and stops it on request', async () => {
    // The first three starts crash at once; the fourth stays up.
    const starts = join(scripts.dir, 'starts.log');
    const script = scripts.script(
      'dash.mjs',
      `import { appendFileSync, readFileSync } from 'node:fs';
       appendFileSync(${JSON.stringify(starts)}, Date.now() + '\\n');
       const n = readFileSync(${JSON.stringify(starts)}, 'utf8').trim().split('\\n').length;
       if (n <= 3) { console.error('port in use'); process.exit(1); }
       setInterval(() => {}, 1000);`,
    );
    const log = new MemoryEventLog();
    const sup = new Supervisor({
      name: 'dashboard',
      command: { command: process.execPath, args: [script] },
      log,
      backoff: { initialMs: 100, maxMs: 1000, resetAfterMs: 10_000 },
      childOptions: quiet,
    });
    sup.start();
    const deadline = Date.now() + 8000;
    while (Date.now() < deadline) {
      const n = (() => {
        try {
          return readFileSync(starts, 'utf8').trim().split('\n').length;
        } catch {
          return 0;
        }
      })();
      if (n >= 4) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const times = readFileSync(starts, 'utf8').trim().split('\n').map(Number);
    assert.equal(times.length, 4);
    assert.equal(sup.restarts, 3);
    const waits = log.entries.filter((e) => e.operation === 'dashboard_exit').map((e) => e.data?.restartInMs);
    assert.deepEqual(waits, [100, 200, 400]);
    // Each restart came no sooner than its announced delay.
    assert.ok(times[1]! - times[0]! >= 100);
    assert.ok(times[3]! - times[2]! >= 400);
    await sup.stop();
    const stopped = log.entries.find((e) => e.operation === 'dashboard_stop');
    assert.equal(stopped?.data?.signal, 'SIGTERM');
    assert.equal(sup.restarts, 3);
  });
});
