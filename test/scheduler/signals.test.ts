import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SCHEDULER_LOCK } from '../../src/scheduler/lease.ts';
import { openStore } from '../../src/store/index.ts';
import { scriptDir } from './helpers.ts';

const scripts = scriptDir();
after(() => scripts.cleanup());
const FIXTURE = new URL('./fixtures/daemon-process.ts', import.meta.url).pathname;

async function until(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.fail('condition not met in time');
}

/** Starts the daemon process whose worker takes `workMs`; resolves once a run is in progress. */
async function startDaemon(name: string, workMs: number, grace: string, ownGroup = false) {
  const started = join(scripts.dir, `${name}.started`);
  const finished = join(scripts.dir, `${name}.finished`);
  const worker = scripts.script(
    `${name}-worker.mjs`,
    `import { writeFileSync } from 'node:fs';
     writeFileSync(${JSON.stringify(started)}, String(process.pid));
     setTimeout(() => writeFileSync(${JSON.stringify(finished)}, 'done'), ${workMs});`,
  );
  const dashPid = join(scripts.dir, `${name}.dashboard`);
  const dashboard = scripts.script(
    `${name}-dash.mjs`,
    `import { writeFileSync } from 'node:fs'; writeFileSync(${JSON.stringify(dashPid)}, String(process.pid));
     setInterval(() => {}, 1000);`,
  );
  const dbPath = join(scripts.dir, `${name}.db`);
  const child = spawn(
    process.execPath,
    [FIXTURE, JSON.stringify({ dbPath, worker, dashboard, grace, schedule: '0 0 * * *' })],
    // ownGroup: a process group of its own, as a shell gives a foreground job, so a "terminal" Ctrl-C can be sent.
    { stdio: ['ignore', 'pipe', 'pipe'], detached: ownGroup },
  );
  let output = '';
  child.stdout.on('data', (c: Buffer) => {
    output += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    output += c.toString();
  });
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  // A fresh store: the current slot is caught up at once, so a run is in progress right after start.
  await until(() => existsSync(started) && existsSync(dashPid));
  return { child, exit, started, finished, dbPath, dashPid, output: () => output };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('bpm run and signals', () => {
  it('on SIGTERM lets the run in progress finish, stops the dashboard, frees the lease, exits 0', async () => {
    const d = await startDaemon('graceful', 600, '10s');
    d.child.kill('SIGTERM');
    assert.equal(await d.exit, 0, d.output());
    assert.ok(existsSync(d.finished), 'the worker run was cut short');
    assert.equal(alive(Number(readFileSync(d.dashPid, 'utf8'))), false);
    const store = await openStore({ dbPath: d.dbPath });
    try {
      assert.equal(await store.locks.get(SCHEDULER_LOCK), undefined);
      const ops = (await store.logs.query({ component: 'scheduler' })).map((l) => l.operation);
      assert.ok(ops.includes('grace'));
      assert.ok(ops.includes('run_ok'));
      assert.equal(ops[0], 'stop');
    } finally {
      await store.close();
    }
  });

  it('on a Ctrl-C to the whole foreground group, the run finishes and the dashboard is not started again', async () => {
    const d = await startDaemon('ctrl-c', 1500, '10s', true);
    const dashPid = Number(readFileSync(d.dashPid, 'utf8'));
    process.kill(-d.child.pid!, 'SIGINT');
    assert.equal(await d.exit, 0, d.output());
    assert.ok(existsSync(d.finished), 'the worker run was cut short');
    assert.equal(alive(dashPid), false);
    const store = await openStore({ dbPath: d.dbPath });
    try {
      const ops = (await store.logs.query({ component: 'scheduler' })).map((l) => l.operation);
      assert.ok(ops.includes('run_ok'));
      // The dashboard got the Ctrl-C too and ended on its own: no crash reported, no restart.
      assert.ok(!ops.includes('dashboard_exit'), `taken for a crash: ${ops.join(', ')}`);
      assert.ok(ops.includes('dashboard_end'));
      assert.equal(ops.filter((o) => o === 'dashboard_start').length, 1);
    } finally {
      await store.close();
    }
  });

  it('kills the run when the grace period is over, and still exits 0', async () => {
    const d = await startDaemon('impatient', 30_000, '300ms');
    const workerPid = Number(readFileSync(d.started, 'utf8'));
    const t = Date.now();
    d.child.kill('SIGINT');
    assert.equal(await d.exit, 0, d.output());
    assert.ok(Date.now() - t < 5000);
    assert.equal(existsSync(d.finished), false);
    assert.equal(alive(workerPid), false);
    const store = await openStore({ dbPath: d.dbPath });
    try {
      const runs = await store.runs.list();
      assert.equal(runs.length, 1);
      assert.equal(runs[0]!.status, 'failed');
      assert.equal(runs[0]!.message, 'killed at shutdown');
    } finally {
      await store.close();
    }
  });
});
