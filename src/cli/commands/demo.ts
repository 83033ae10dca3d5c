import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, parseDuration } from '../../config/index.ts';
import { childEnv } from '../../scheduler/child-env.ts';
import { serveCommand } from '../../scheduler/commands.ts';
import { LIVE_EVERY_ENV, runDemo } from '../../scheduler/demo.ts';
import { SchedulerLease, SchedulerLockedError } from '../../scheduler/lease.ts';
import { createLogger, DaemonEventLog, resolveLogFormat } from '../../scheduler/logger.ts';
import { openStore } from '../../store/index.ts';
import { type Command, stringOption, UsageError } from '../command.ts';

const DEMO_SCENARIO = fileURLToPath(new URL('../../../scenarios/demo.json', import.meta.url));

function positiveInt(text: string, name: string, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new UsageError(`--${name} must be a whole number from 1 to ${max}`);
  return n;
}

export const command: Command = {
  name: 'demo',
  summary: 'Start the emulator with the demo scenario, build 90 days of history, then run live',
  usage: [
    'bpm demo [--port 8000] [--host 127.0.0.1] [--days 90] [--live-every 5m] [--db PATH] [--scenario FILE]',
  ],
  description: [
    'Everything on this machine, no Binance account needed: the Binance emulator runs in this process with',
    'the demo scenario (scenarios/demo.json), its accounts are registered in a separate demo store, and',
    '--days of hourly history are built in seconds by moving the emulator clock slot by slot and running the',
    'worker for each. Then a run every --live-every with the emulator clock on real time, and the dashboard',
    'at http://HOST:PORT. Ctrl-C stops it; running it again resumes where it left off.',
  ].join('\n'),
  options: {
    port: { type: 'string', placeholder: 'PORT', description: 'Dashboard port', default: '8000' },
    host: {
      type: 'string',
      placeholder: 'HOST',
      description: 'Dashboard listen address',
      default: '127.0.0.1',
    },
    days: { type: 'string', placeholder: 'N', description: 'Days of hourly history to build', default: '90' },
    'live-every': {
      type: 'string',
      placeholder: 'DURATION',
      description: 'Interval of the live runs after the history',
      default: '5m',
    },
    db: {
      type: 'string',
      placeholder: 'PATH',
      description: 'The demo store (SQLite)',
      default: './data/demo.db',
    },
    scenario: {
      type: 'string',
      placeholder: 'FILE',
      description: 'Emulator scenario',
      default: DEMO_SCENARIO,
    },
  },
  async run(ctx) {
    const days = positiveInt(stringOption(ctx.values, 'days') ?? '90', 'days', 3650);
    const liveEveryMs = parseDuration(stringOption(ctx.values, 'live-every') ?? '5m');
    if (liveEveryMs === null || liveEveryMs < 1000) {
      throw new UsageError('--live-every must be a duration of at least 1s, e.g. 30s or 5m');
    }
    // The demo never touches the real store: only its own SQLite file, whatever DATABASE_URL says.
    const env = { ...ctx.env, DATABASE_URL: undefined, MONITOR_SECRET_KEY: undefined, BPM_CONFIG: undefined };
    const loaded = loadConfig({
      env,
      cwd: '/',
      overrides: {
        db: stringOption(ctx.values, 'db'),
        'dashboard.port': stringOption(ctx.values, 'port'),
        'dashboard.host': stringOption(ctx.values, 'host'),
      },
    });
    const format = resolveLogFormat(loaded.log.format, ctx.stdout as { isTTY?: boolean });
    // An absolute path: the dashboard runs in the demo's data directory (below), away from any
    // ./bpm.config.json of the real installation.
    const dbPath = resolve(loaded.store.dbPath);
    const config = { ...loaded, store: { dbPath }, log: { ...loaded.log, format } };
    const logger = createLogger({ level: config.log.level, format, stream: ctx.stdout });
    const store = await openStore({ dbPath: config.store.dbPath });
    let lease: SchedulerLease;
    try {
      lease = await SchedulerLease.acquire({ locks: store.locks });
    } catch (err) {
      await store.close();
      if (err instanceof SchedulerLockedError) {
        ctx.stderr.write(`bpm demo: ${err.message}\n`);
        return 1;
      }
      throw err;
    }
    const events = new DaemonEventLog(logger, store.logs, 'demo');
    const { host, port } = config.dashboard;
    try {
      return await runDemo(
        {
          store,
          scenario: stringOption(ctx.values, 'scenario') ?? DEMO_SCENARIO,
          days,
          liveEveryMs,
          dashboardCommand: {
            ...serveCommand({ ...childEnv(config, env), [LIVE_EVERY_ENV]: String(liveEveryMs) }, host, port),
            cwd: dirname(dbPath),
          },
          events,
          logger,
          progressOut: ctx.stderr,
          onStart: ({ emulatorUrl, slots }) =>
            ctx.stderr.write(
              `demo: dashboard at http://${host.includes(':') ? `[${host}]` : host}:${port}, emulator at ` +
                `${emulatorUrl}; building ${slots} hourly slots of history. Ctrl-C stops.\n`,
            ),
          onLive: () =>
            ctx.stderr.write(
              `demo: history ready; a live run every ${stringOption(ctx.values, 'live-every')}.\n`,
            ),
        },
        ctx.signal,
      );
    } finally {
      await events.flush();
      await lease.release().catch(() => {});
      await store.close();
    }
  },
};
