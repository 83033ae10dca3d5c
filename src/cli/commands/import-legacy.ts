import { openStore } from '../../store/index.ts';
import { formatImportReport, importLegacy } from '../../store/legacy-import.ts';
import { type Command, requiredOption, STORE_OPTIONS, UsageError } from '../command.ts';
import { commandStoreOptions } from './db.ts';

export const command: Command = {
  name: 'import-legacy',
  summary: 'Import accounts and history from the legacy Python system (PostgreSQL)',
  usage: ['bpm import-legacy --from postgres://USER:PASS@HOST:PORT/DB [--db PATH]'],
  description: [
    'Reads the legacy tables binance_accounts, benchmark_configs, nav_history, processed_transactions and',
    'price_history and writes them into this store in one transaction (API secrets encrypted). Running it again',
    'imports nothing new. Prints what was imported and what could not be. Mapping details: docs/store.md.',
  ].join('\n'),
  options: {
    from: { type: 'string', placeholder: 'URL', description: 'PostgreSQL URL of the legacy database' },
    ...STORE_OPTIONS,
  },
  async run(ctx) {
    const from = requiredOption(ctx.values, 'from');
    if (!/^postgres(ql)?:\/\//.test(from)) throw new UsageError('--from must be a postgres:// URL');
    const store = await openStore(commandStoreOptions(ctx));
    try {
      ctx.stdout.write(formatImportReport(await importLegacy(store, from)));
    } finally {
      await store.close();
    }
    return 0;
  },
};
