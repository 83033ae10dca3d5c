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
      runChild('writer.ts', [dbPath, 'w1', String(PER_WRITER), 'w2']),
      runChild('writer.ts', [dbPath, 'w2', String(PER_WRITER), 'w1']),
      runChild('reader.ts', [dbPath, String(2 * PER_WRITER)]),
    ]);
    assert.match(outputs[2], /reader ok/);
    // The two writers' commits interleave in time: each one's first commit precedes the other's last.
    const [w1, w2] = outputs.slice(0, 2).map((o) => o.trim().split(' ').slice(-2).map(Number)) as [
      [number, number],
      [number, number],
    ];
    assert.ok(w1[0] < w2[1] && w2[0] < w1[1], `writers overlapped: ${outputs[0]} ${outputs[1]}`);
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
        assert.deepEqual(
          (await store.flows.list(account.id)).map((f) => f.externalId),
          Array.from({ length: PER_WRITER }, (_, i) => `${name}-${i}`),
        );
        // Every snapshot's holdings, not only the last one's.
        for (const [i, row] of rows.entries()) {
          assert.deepEqual(
            (await store.nav.holdings(account.id, row.ts)).map((h) => [h.asset, h.quantity]).sort(),
            Array.from({ length: 8 }, (_, k) => [`A${k}`, `${i}.${k}`]),
            `${name} holdings at ${i}`,
          );
        }
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
