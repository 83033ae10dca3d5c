import { CONFIG_OPTIONS, type CommandContext, stringOption, UsageError } from '../cli/command.ts';
import { type Config, loadConfig } from '../config/index.ts';
import { parseInstant } from '../domain/periods.ts';
import { openStore, type Store } from '../store/index.ts';
import { createClientFactory } from './clients.ts';
import type { ClientFactory } from './run.ts';

/** Options shared by `bpm collect` and `bpm account`. */
export const BINANCE_OPTIONS = {
  'base-url': {
    type: 'string',
    placeholder: 'URL',
    description:
      "One base URL for every Binance host, e.g. the emulator (default BINANCE_BASE_URL, else Binance's hosts)",
  },
  ...CONFIG_OPTIONS,
} as const;

export interface WorkerEnvironment {
  config: Config;
  store: Store;
  clientFactory: ClientFactory;
}

/** Settings (file, environment, command line), the store and a client factory sharing one weight limiter. */
export async function openWorkerEnvironment(ctx: CommandContext): Promise<WorkerEnvironment> {
  const config = loadConfig({
    env: ctx.env,
    file: stringOption(ctx.values, 'config'),
    overrides: {
      binanceBaseUrl: stringOption(ctx.values, 'base-url'),
      db: stringOption(ctx.values, 'db'),
      concurrency: stringOption(ctx.values, 'concurrency'),
    },
  });
  const store = await openStore({
    databaseUrl: config.store.databaseUrl,
    dbPath: config.store.dbPath,
    secretKey: config.store.secretKey,
    logRetentionDays: config.log.retentionDays,
  });
  return { config, store, clientFactory: createClientFactory({ baseUrl: config.binanceBaseUrl }) };
}

export function instantOption(ctx: CommandContext, name: string): number | undefined {
  const text = stringOption(ctx.values, name);
  if (text === undefined) return undefined;
  const ts = parseInstant(text);
  if (ts === null) throw new UsageError(`--${name} must be an ISO date-time such as 2026-01-05T10:00:00Z`);
  return ts;
}
