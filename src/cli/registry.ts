import type { Command } from './command.ts';

/** Every command, loaded lazily so that `bpm <command>` only imports what it uses. */
export interface CommandEntry {
  summary: string;
  load: () => Promise<{ command: Command }>;
}

export const COMMANDS: Record<string, CommandEntry> = {
  run: {
    summary: 'Run the monitor: a worker run every slot, the dashboard alongside',
    load: () => import('./commands/run.ts'),
  },
  demo: {
    summary: 'Start the emulator with the demo scenario, build 90 days of history, then run live',
    load: () => import('./commands/demo.ts'),
  },
  collect: {
    summary: 'One worker run: snapshot every account now (or --at a time)',
    load: () => import('./commands/collect.ts'),
  },
  serve: { summary: 'Serve the read-only dashboard and JSON API', load: () => import('./commands/serve.ts') },
  account: {
    summary: 'Add, list, check, enable, disable or remove Binance accounts',
    load: () => import('./commands/account.ts'),
  },
  report: {
    summary: 'Returns, risk and alpha for an account or all accounts',
    load: () => import('./commands/report.ts'),
  },
  fees: {
    summary: 'Performance fees accrued per period (high-water mark)',
    load: () => import('./commands/fees.ts'),
  },
  db: { summary: 'Database migrations and status', load: () => import('./commands/db.ts') },
  secrets: {
    summary: 'Re-encrypt stored API secrets with a new key',
    load: () => import('./commands/secrets.ts'),
  },
  export: {
    summary: 'Export NAV history, flows and holdings as CSV or JSON',
    load: () => import('./commands/export.ts'),
  },
  backup: {
    summary: 'Online backup of the embedded SQLite database',
    load: () => import('./commands/backup.ts'),
  },
  'import-legacy': {
    summary: 'Import accounts and history from the legacy Python system (PostgreSQL)',
    load: () => import('./commands/import-legacy.ts'),
  },
  emulator: {
    summary: 'Start the Binance REST emulator on a loopback port',
    load: () => import('./commands/emulator.ts'),
  },
};
