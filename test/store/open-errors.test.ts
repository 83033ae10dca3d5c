/**
 * A SQLite store path that cannot be created is a StoreError at once, naming the directory, rather than a
 * process spinning forever (Node's recursive mkdir loops on /proc); a path whose directories are missing gets
 * them created.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openStore, StoreError } from '../../src/store/index.ts';

async function openFails(dbPath: string, directory: string): Promise<void> {
  const started = Date.now();
  await assert.rejects(openStore({ dbPath }), (err: unknown) => {
    assert.ok(err instanceof StoreError, String(err));
    assert.ok(err.message.includes(`creating the directory ${directory}`), err.message);
    assert.ok(err.message.includes(dbPath), err.message);
    return true;
  });
  assert.ok(Date.now() - started < 2000, 'the error comes at once');
}

describe('opening a SQLite store at an unusable path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bpm-open-errors-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('under a regular file: ENOTDIR', async () => {
    const file = join(dir, 'plain-file');
    writeFileSync(file, 'x');
    await openFails(join(file, 'x', 'm.db'), join(file, 'x'));
  });

  it('under /proc, where a directory cannot be made', { skip: !existsSync('/proc/self') }, async () => {
    await openFails('/proc/nope/m.db', '/proc/nope');
  });

  it('creates the missing directories of a usable path', async () => {
    const dbPath = join(dir, 'a', 'b', 'c', 'm.db');
    const store = await openStore({ dbPath });
    await store.close();
    assert.ok(existsSync(dbPath));
  });
});
