import { loadConfig } from '../../config/load.ts';
import { openStore, type StoreOptions } from '../../store/index.ts';
import { migrate } from '../../store/migrate.ts';
import { DEFAULT_RETRY, withRetry } from '../../store/retry.ts';
import { formatStatus, storeStatus } from '../../store/status.ts';
import { type Command, type CommandContext, STORE_OPTIONS, stringOption, UsageError } from '../command.ts';

export const command: Command = {
  name: 'db',
  summary: 'Database migrations and status',
  usage: ['bpm db migrate [--db PATH]', 'bpm db status [--db PATH] [--json]'],
  description: [
    'The store is SQLite at ./data/monitor.db (or --db / MONITOR_DB) unless DATABASE_URL names a PostgreSQL',
    'database. Every command applies pending migrations when it opens the store; `db migrate` does only that.',
  ].join('\n'),
  subcommands: {
    migrate: 'Apply pending migrations',
    status: 'Backend, location (password hidden), applied and pending migrations, row counts',
  },
  options: {
    json: { type: 'boolean', description: 'status as JSON' },
    ...STORE_OPTIONS,
  },
  async run(ctx) {
    const [sub, ...extra] = ctx.positionals;
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    const store = await openStore({ ...commandStoreOptions(ctx), migrate: false });
    try {
      if (sub === 'migrate') {
        const applied = await withRetry(
          `migrating the ${store.dialect} store at ${store.location}`,
          () => migrate(store.db, store.dialect),
          DEFAULT_RETRY,
        );
        ctx.stdout.write(
          applied.length === 0
            ? `${store.location}: up to date\n`
            : `${store.location}: applied migration(s) ${applied.join(', ')}\n`,
        );
        return 0;
      }
      const status = await withRetry(
        `reading the status of the ${store.dialect} store at ${store.location}`,
        () => storeStatus(store),
        DEFAULT_RETRY,
      );
      ctx.stdout.write(
        ctx.values.json === true ? `${JSON.stringify(status, null, 2)}\n` : formatStatus(status),
      );
      return 0;
    } finally {
      await store.close();
    }
  },
};

/**
 * The store the store commands open: the same one `bpm run`, `bpm collect` and `bpm serve` use, from the config
 * file (BPM_CONFIG, else ./bpm.config.json) under the environment (DATABASE_URL, MONITOR_DB,
 * MONITOR_SECRET_KEY) under --db. Without the file, `bpm backup` or `bpm secrets rotate` would act on another
 * database than the monitor's.
 */
export function commandStoreOptions(ctx: CommandContext): StoreOptions {
  const config = loadConfig({
    env: ctx.env,
    overrides: { db: stringOption(ctx.values, 'db') },
    overrideSources: { db: '--db' },
  });
  const opts: StoreOptions = { dbPath: config.store.dbPath, logRetentionDays: config.log.retentionDays };
  if (config.store.databaseUrl) opts.databaseUrl = config.store.databaseUrl;
  if (config.store.secretKey) opts.secretKey = config.store.secretKey;
  return opts;
}
