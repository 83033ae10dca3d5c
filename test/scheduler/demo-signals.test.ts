/**
 * `bpm demo` as a user starts it, stopped by SIGTERM while it builds the history: it stops between two slots,
 * exits 0 at once, and leaves a whole prefix of hours in its store (every snapshot with its holdings, every
 * account at the same hours), which the next demo resumes.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../src/store/index.ts';
import { cleanEnv, exitOf, freePort } from '../helpers/process.ts';

const BPM = fileURLToPath(new URL('../../bin/bpm.js', import.meta.url));
const HOUR = 3_600_000;
/** 30 days of slots take far longer than this on any machine: the stop must cut the build short. */
const EXIT_WITHIN_MS = 5_000;

/** Resolves once stderr reports at least `slots` history slots done. */
function progressReaches(child: ChildProcess, slots: number, stderr: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no progress past ${slots} slots:\n${stderr.join('')}`)),
      20_000,
    );
    child.stderr?.on('data', (b: Buffer) => {
      stderr.push(b.toString());
      for (const m of stderr.join('').matchAll(/demo history: (\d+)\//g)) {
        if (Number(m[1]) >= slots) {
          clearTimeout(timer);
          resolve();
          return;
        }
      }
    });
  });
}

describe('bpm demo stopped during the history build', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bpm-demo-signals-'));
  const dbPath = join(dir, 'demo.db');
  const children: ChildProcess[] = [];
  after(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits 0 within seconds of SIGTERM, leaving whole slots behind', async () => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [BPM, 'demo', '--days', '30', '--db', dbPath, '--port', String(port), '--live-every', '1m'],
      { env: cleanEnv({ BPM_LOG_LEVEL: 'warn' }), stdio: ['ignore', 'ignore', 'pipe'] },
    );
    children.push(child);
    const stderr: string[] = [];
    // 30 days: 721 slots, progress every tenth; the first line says 1 slot, the second about 73.
    await progressReaches(child, 2, stderr);
    const sentAt = Date.now();
    child.kill('SIGTERM');
    const code = await exitOf(child);
    const tookMs = Date.now() - sentAt;
    assert.equal(code, 0, stderr.join(''));
    assert.ok(tookMs < EXIT_WITHIN_MS, `exit took ${tookMs} ms`);
    assert.doesNotMatch(stderr.join(''), /history ready/);

    const store = await openStore({ dbPath });
    let built = 0;
    try {
      const navs = await store.db
        .selectFrom('nav_history')
        .select(['account_id', 'ts'])
        .where('kind', '=', 'hourly')
        .orderBy('ts')
        .execute();
      const holdings = await store.db
        .selectFrom('holdings')
        .select(['account_id', 'ts'])
        .distinct()
        .execute();
      const withHoldings = new Set(holdings.map((h) => `${h.account_id}@${Number(h.ts)}`));
      assert.ok(navs.length > 0, 'some slots were built');
      for (const n of navs) {
        assert.ok(
          withHoldings.has(`${n.account_id}@${Number(n.ts)}`),
          `snapshot ${n.account_id}@${n.ts} has holdings`,
        );
      }
      // Every account at the same hours, one after the other with no gap, and short of the 721 slots.
      const byAccount = new Map<string, number[]>();
      for (const n of navs)
        byAccount.set(n.account_id, [...(byAccount.get(n.account_id) ?? []), Number(n.ts)]);
      assert.equal(byAccount.size, 2);
      const [first, second] = [...byAccount.values()] as [number[], number[]];
      assert.deepEqual(second, first);
      for (let i = 1; i < first.length; i++) assert.equal(first[i]! - first[i - 1]!, HOUR);
      assert.ok(first.length < 721, `${first.length} slots: the build was not cut short`);
      const runs = await store.db.selectFrom('worker_runs').select('slot_ts').execute();
      assert.equal(runs.length, first.length, 'one finished run per slot built');
      built = first.length;
    } finally {
      await store.close();
    }

    // Run again: it builds only the slots after the last one built (one more if the hour turned meanwhile).
    const again = spawn(
      process.execPath,
      [BPM, 'demo', '--days', '30', '--db', dbPath, '--port', String(await freePort()), '--live-every', '1m'],
      { env: cleanEnv({ BPM_LOG_LEVEL: 'warn' }), stdio: ['ignore', 'ignore', 'pipe'] },
    );
    children.push(again);
    const againErr: string[] = [];
    await progressReaches(again, 1, againErr);
    again.kill('SIGTERM');
    assert.equal(await exitOf(again), 0, againErr.join(''));
    const todo = Number(/building (\d+) hourly slots/.exec(againErr.join(''))?.[1]);
    assert.ok(todo === 721 - built || todo === 722 - built, `${todo} slots to build after ${built} built`);
  });
});
