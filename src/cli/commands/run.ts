import { loadConfig } from '../../config/index.ts';
import { runDaemon } from '../../scheduler/daemon.ts';
import { createLogger, resolveLogFormat } from '../../scheduler/logger.ts';
import { openStore } from '../../store/index.ts';
import { CONFIG_OPTIONS, type Command, STORE_OPTIONS, stringOption } from '../command.ts';

export const command: Command = {
  name: 'run',
  summary: 'Run the monitor: a worker run every slot, the dashboard alongside',
  usage: [
    'bpm run [--port 8000] [--host 127.0.0.1] [--schedule CRON] [--timeout 5m] [--db PATH] [--config FILE]',
  ],
  description: [
    'Waits for each slot of the schedule (UTC cron, default every hour on the hour) and runs the worker',
    '(`bpm collect --at <slot>`) as a child process with a time limit; a slot missed while the monitor was down',
    'is run once at start. The dashboard (`bpm serve`) runs as a separate process and is restarted if it dies.',
    'Only one `bpm run` per store. SIGTERM/SIGINT: the run in progress may finish (grace period), then exit 0.',
    'Every setting, its environment variable and config key: docs/configuration.md.',
  ].join('\n'),
  options: {
    port: { type: 'string', placeholder: 'PORT', description: 'Dashboard port (default 8000, or BPM_PORT)' },
    host: {
      type: 'string',
      placeholder: 'HOST',
      description: 'Dashboard listen address (default 127.0.0.1, or BPM_HOST)',
    },
    schedule: {
      type: 'string',
      placeholder: 'CRON',
      description: 'Cron expression of the slots, UTC (default "0 * * * *", or BPM_SCHEDULE)',
    },
    timeout: {
      type: 'string',
      placeholder: 'DURATION',
      description: 'Time limit of one worker run, e.g. 5m (default 5m, or BPM_RUN_TIMEOUT)',
    },
    ...CONFIG_OPTIONS,
    ...STORE_OPTIONS,
  },
  async run(ctx) {
    const loaded = loadConfig({
      env: ctx.env,
      file: stringOption(ctx.values, 'config'),
      servesDashboard: true,
      overrides: {
        'dashboard.port': stringOption(ctx.values, 'port'),
        'dashboard.host': stringOption(ctx.values, 'host'),
        schedule: stringOption(ctx.values, 'schedule'),
        runTimeout: stringOption(ctx.values, 'timeout'),
        db: stringOption(ctx.values, 'db'),
      },
      overrideSources: {
        'dashboard.port': '--port',
        'dashboard.host': '--host',
        schedule: '--schedule',
        runTimeout: '--timeout',
        db: '--db',
      },
    });
    // The children write through pipes: they follow the format decided here for this process's stdout.
    const format = resolveLogFormat(loaded.log.format, ctx.stdout as { isTTY?: boolean });
    const config = { ...loaded, log: { ...loaded.log, format } };
    const logger = createLogger({ level: config.log.level, format, stream: ctx.stdout });
    const store = await openStore({
      databaseUrl: config.store.databaseUrl,
      dbPath: config.store.dbPath,
      secretKey: config.store.secretKey,
      logRetentionDays: config.log.retentionDays,
    });
    try {
      return await runDaemon({ config, store, logger }, ctx.signal);
    } finally {
      await store.close();
    }
  },
};
