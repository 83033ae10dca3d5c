/** Online backup of the embedded database: consistent while the worker and dashboard keep running. */
import { existsSync } from 'node:fs';
import { backup } from 'node:sqlite';
import type { Store } from './index.ts';

export class BackupError extends Error {
  override name = 'BackupError';
}

/** Copies the live SQLite database to `file` (which must not exist); returns the number of pages copied. */
export async function backupStore(store: Store, file: string): Promise<number> {
  if (store.dialect !== 'sqlite' || !store.sqlite) {
    throw new BackupError(
      'bpm backup copies the embedded SQLite database; for PostgreSQL use pg_dump, e.g. pg_dump --format=custom --file=monitor.dump "$DATABASE_URL"',
    );
  }
  if (existsSync(file)) throw new BackupError(`${file} already exists; choose a new file name`);
  return backup(store.sqlite, file);
}
