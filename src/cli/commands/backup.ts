import { existsSync } from 'node:fs';
import { backupStore } from '../../store/backup.ts';
import { openStore } from '../../store/index.ts';
import { type Command, STORE_OPTIONS, UsageError } from '../command.ts';
import { commandStoreOptions } from './db.ts';

export const command: Command = {
  name: 'backup',
  summary: 'Online backup of the embedded SQLite database',
  usage: ['bpm backup FILE [--db PATH]'],
  description: [
    'Copies the live SQLite database to FILE with SQLite’s online backup: safe while the monitor runs.',
    'The secret key file (e.g. data/monitor.key) is NOT included: keep it apart from the backup, and safe —',
    'without it the API secrets in the backup cannot be read. With DATABASE_URL set, use pg_dump instead.',
  ].join('\n'),
  options: { ...STORE_OPTIONS },
  allowPositionals: true,
  async run(ctx) {
    const [file, ...extra] = ctx.positionals;
    if (!file) throw new UsageError('the backup FILE is required');
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    const store = await openStore(commandStoreOptions(ctx));
    try {
      const pages = await backupStore(store, file);
      ctx.stdout.write(`backed up ${store.location} to ${file} (${pages} pages)\n`);
      if (store.keys.source.kind === 'file' && existsSync(store.keys.source.path)) {
        ctx.stdout.write(`remember the key file ${store.keys.source.path}: it is not part of the backup\n`);
      }
    } finally {
      await store.close();
    }
    return 0;
  },
};
