import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { openStore } from '../../src/store/index.ts';
import { tempDir } from '../helpers/stores.ts';

const PER_WRITER = 60;

function runChild(script: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(import.meta.dirname, 'processes', script), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${script} exited ${code}: ${err}`)),
    );
  });
}

test('two writer processes and a reader on one fresh SQLite file: every committed row is there, no torn reads', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const dbPath = join(dir, 'monitor.db');
    // All three open the same not-yet-created database at once: the migration race is part of the test.
    const outputs = await Promise.all([
      runChild('writer.ts', [dbPath, 'w1', String(PER_WRITER)]),
      runChild('writer.ts', [dbPath, 'w2', String(PER_WRITER)]),
      runChild('reader.ts', [dbPath, String(2 * PER_WRITER)]),
    ]);
    assert.match(outputs[2], /reader ok/);
    const store = await openStore({ dbPath });
    try {
      for (const name of ['w1', 'w2']) {
        const account = await store.accounts.byName(name);
        assert.ok(account, name);
        const rows = await store.nav.range(account.id, 0, Number.MAX_SAFE_INTEGER);
        assert.equal(rows.length, PER_WRITER);
        assert.deepEqual(
          rows.map((r) => r.nav),
          Array.from({ length: PER_WRITER }, (_, i) => `${1000 + i}.25`),
        );
        assert.equal((await store.flows.list(account.id)).length, PER_WRITER);
        assert.equal((await store.nav.holdings(account.id, rows[PER_WRITER - 1]!.ts)).length, 8);
      }
    } finally {
      await store.close();
    }
  } finally {
    cleanup();
  }
});

test('two stores on one file in one process share its connection: a writer waits for the other’s transaction, no stall', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const dbPath = join(dir, 'monitor.db');
    const a = await openStore({ dbPath });
    const b = await openStore({ dbPath });
    try {
      const started = Date.now();
      const order: string[] = [];
      await Promise.all([
        a.transaction(async (tx) => {
          await tx.locks.acquire('a', 'a', 60_000);
          await new Promise((r) => setTimeout(r, 100));
          order.push('a committed');
        }),
        (async () => {
          await new Promise((r) => setTimeout(r, 10));
          await b.locks.acquire('b', 'b', 60_000);
          order.push('b wrote');
        })(),
      ]);
      assert.deepEqual(order, ['a committed', 'b wrote']);
      assert.ok(Date.now() - started < 2000, 'no busy-timeout stall');
      await a.close();
      assert.equal((await b.locks.get('a'))?.holder, 'a', 'closing one store leaves the other working');
    } finally {
      await a.close();
      await b.close();
    }
  } finally {
    cleanup();
  }
});
