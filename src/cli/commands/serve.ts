import { Cron } from 'croner';
import {
  type Config,
  type DashboardAuth as ConfigAuth,
  ConfigError,
  loadConfig,
  parseDuration,
} from '../../config/index.ts';
import {
  assertSafeBind,
  type DashboardAuth,
  InsecureBindError,
  startDashboard,
} from '../../dashboard/index.ts';
import { LIVE_EVERY_ENV, nextLiveRun } from '../../scheduler/demo.ts';
import { openStore } from '../../store/index.ts';
import {
  CONFIG_OPTIONS,
  type Command,
  type CommandContext,
  STORE_OPTIONS,
  stringOption,
  UsageError,
} from '../command.ts';

function toAuth(auth: ConfigAuth): DashboardAuth | undefined {
  if (auth.kind === 'token') return { token: auth.token };
  if (auth.kind === 'basic') return { basic: { user: auth.user, password: auth.password } };
  return undefined;
}

function nextRunFrom(schedule: string): (now: number) => number | null {
  const cron = new Cron(schedule, { timezone: 'UTC', paused: true });
  return (now) => cron.nextRun(new Date(now))?.getTime() ?? null;
}

/**
 * The configuration, a dashboard beyond loopback without auth counted among its problems and said in serve's
 * own words (naming --token). Alone, it stays the usage error it always was (exit 2); with other problems it is
 * listed with them (exit 1, as any invalid configuration).
 */
function loadServeConfig(ctx: CommandContext): Config {
  try {
    return loadConfig({
      env: ctx.env,
      file: stringOption(ctx.values, 'config'),
      servesDashboard: true,
      overrides: {
        'dashboard.port': stringOption(ctx.values, 'port'),
        'dashboard.host': stringOption(ctx.values, 'host'),
        'dashboard.token': stringOption(ctx.values, 'token'),
        db: stringOption(ctx.values, 'db'),
      },
      overrideSources: { 'dashboard.port': '--port', 'dashboard.host': '--host', db: '--db' },
    });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const issues = err.issues.map((i) =>
      i.insecureHost === undefined ? i : { ...i, message: new InsecureBindError(i.insecureHost).message },
    );
    const [only] = issues;
    if (issues.length === 1 && only?.insecureHost !== undefined) throw new UsageError(only.message);
    throw new ConfigError(issues);
  }
}

export const command: Command = {
  name: 'serve',
  summary: 'Serve the read-only dashboard and JSON API',
  usage: ['bpm serve [--port 8000] [--host 127.0.0.1] [--token T] [--db PATH] [--config FILE]'],
  description: [
    'Serves the dashboard pages, the JSON API (docs/api.md), CSV downloads, /healthz and /metrics. It only reads',
    'the store. It listens on 127.0.0.1 unless told otherwise; any other address needs an access token',
    '(--token or BPM_DASHBOARD_TOKEN: `Authorization: Bearer T`, or T as the basic-auth password) or basic auth',
    '(BPM_DASHBOARD_USER and BPM_DASHBOARD_PASSWORD), and it refuses to start without one.',
  ].join('\n'),
  options: {
    port: {
      type: 'string',
      placeholder: 'PORT',
      description: 'Port (default 8000, or BPM_PORT; 0 picks a free one)',
    },
    host: {
      type: 'string',
      placeholder: 'HOST',
      description: 'Listen address (default 127.0.0.1, or BPM_HOST)',
    },
    token: {
      type: 'string',
      placeholder: 'T',
      description: 'Access token required on every request (or BPM_DASHBOARD_TOKEN)',
    },
    ...CONFIG_OPTIONS,
    ...STORE_OPTIONS,
  },
  async run(ctx) {
    const config = loadServeConfig(ctx);
    // Under `bpm demo` the runs come every --live-every, not on the schedule.
    const demoLiveEvery = parseDuration(ctx.env[LIVE_EVERY_ENV]);
    const auth = toAuth(config.dashboard.auth);
    try {
      assertSafeBind(config.dashboard.host, auth);
    } catch (err) {
      if (err instanceof InsecureBindError) throw new UsageError(err.message);
      throw err;
    }
    const store = await openStore({
      databaseUrl: config.store.databaseUrl,
      dbPath: config.store.dbPath,
      secretKey: config.store.secretKey,
    });
    try {
      const dashboard = await startDashboard({
        store,
        auth,
        host: config.dashboard.host,
        port: config.dashboard.port,
        nextRunAt: demoLiveEvery ? (now) => nextLiveRun(now, demoLiveEvery) : nextRunFrom(config.schedule),
      });
      ctx.stdout.write(`Dashboard at ${dashboard.url}${auth ? ' (authentication required)' : ''}\n`);
      await new Promise<void>((resolve) => {
        if (ctx.signal.aborted) resolve();
        else ctx.signal.addEventListener('abort', () => resolve(), { once: true });
      });
      await dashboard.close();
      return 0;
    } finally {
      await store.close();
    }
  },
};
