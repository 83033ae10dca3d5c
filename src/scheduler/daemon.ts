import type { Logger } from 'pino';
import { type AlertChannel, AlertNotifier, telegramChannel, webhookChannel } from '../alerts/index.ts';
import type { Config } from '../config/index.ts';
import type { Store } from '../store/index.ts';
import type { ChildCommand, StartChildOptions } from './child.ts';
import { childEnv } from './child-env.ts';
import { type Clock, systemClock } from './clock.ts';
import { collectCommand, serveCommand } from './commands.ts';
import { lastCollectedSlot } from './history.ts';
import { SchedulerLease, SchedulerLockedError } from './lease.ts';
import { DaemonEventLog } from './logger.ts';
import { recordRunOutcome } from './run-records.ts';
import { Scheduler } from './scheduler.ts';
import { SlotSchedule } from './slots.ts';
import { type BackoffPolicy, Supervisor } from './supervisor.ts';
import { ChildSlotRunner, type RunOutcome } from './worker-runner.ts';

export interface DaemonOptions {
  config: Config;
  store: Store;
  logger: Logger;
  clock?: Clock;
  /** The worker's command line per slot; default `node bin/bpm.js collect --at <slot>`. */
  workerCommand?: (slotTs: number) => ChildCommand;
  /** The dashboard's command line; default `node bin/bpm.js serve --port P --host H`; null for none. */
  dashboardCommand?: ChildCommand | null;
  /** Where the children's output goes (default: this process's stdout/stderr). */
  childOutput?: StartChildOptions;
  dashboardBackoff?: BackoffPolicy;
  lease?: { ttlMs?: number; renewEveryMs?: number; holder?: string };
  /** After SIGTERM to a child, how long before SIGKILL. */
  killAfterMs?: number;
  fetch?: typeof fetch;
  /** Told once the scheduler holds the lease and the dashboard was started. */
  onReady?: () => void;
}

const DAY_MS = 86_400_000;

/** The hint given at start (and by the dashboard) while the store has no account to collect. */
export const NO_ACCOUNT_HINT =
  'No Binance account is configured yet: the scheduler keeps running and will collect as soon as one is added. ' +
  'Add one with `bpm account add --name NAME --api-key KEY --api-secret SECRET` (or `--ed25519-key-file FILE`); ' +
  'a read-only API key is enough.';

function alertChannels(config: Config, fetchImpl: typeof fetch): AlertChannel[] {
  const channels: AlertChannel[] = [];
  if (config.alerts.webhookUrl) channels.push(webhookChannel(config.alerts.webhookUrl, fetchImpl));
  if (config.alerts.telegram) channels.push(telegramChannel(config.alerts.telegram, fetchImpl));
  return channels;
}

/** After each run: the run's record, alerts, and once a day the log retention. */
function afterRunChecks(o: DaemonOptions, events: DaemonEventLog, clock: Clock) {
  const { config, store } = o;
  const notifier = new AlertNotifier({
    db: store.db,
    writeLog: (e) => store.logs.write(e),
    channels: alertChannels(config, o.fetch ?? fetch),
    thresholds: config.alerts,
    repeatAfterMs: config.alerts.repeatAfterMs,
  });
  let lastPrune = 0;
  return async (outcome: RunOutcome): Promise<void> => {
    // The run's outcome must be in system_logs before the failed-runs rule reads it.
    await events.flush();
    await recordRunOutcome(store.runs, outcome);
    const result = await notifier.check(clock.now());
    for (const a of result.sent) {
      events.event('warn', 'alert', `alert sent: ${a.message}`, { kind: a.kind, account: a.accountName });
    }
    for (const u of result.undelivered) {
      events.event('error', 'alert', `alert not delivered: ${u.errors.join('; ')}`, { kind: u.alert.kind });
    }
    if (clock.now() - lastPrune >= DAY_MS) {
      lastPrune = clock.now();
      const removed = await store.logs.prune(config.log.retentionDays);
      if (removed > 0) events.event('info', 'prune', `removed ${removed} system_logs entries past retention`);
    }
  };
}

function dashboardSupervisor(
  o: DaemonOptions,
  env: NodeJS.ProcessEnv,
  events: DaemonEventLog,
  shutdown: AbortSignal,
): Supervisor | null {
  const { host, port } = o.config.dashboard;
  const command = o.dashboardCommand === undefined ? serveCommand(env, host, port) : o.dashboardCommand;
  if (!command) return null;
  return new Supervisor({
    name: 'dashboard',
    command,
    log: events,
    backoff: o.dashboardBackoff,
    killAfterMs: o.killAfterMs,
    childOptions: o.childOutput,
    shutdown,
  });
}

/** The lease, or null (after saying who holds it) when another scheduler runs on this store. */
async function takeLease(o: DaemonOptions, onLost: (why: string) => void): Promise<SchedulerLease | null> {
  try {
    return await SchedulerLease.acquire({
      locks: o.store.locks,
      ttlMs: o.lease?.ttlMs,
      renewEveryMs: o.lease?.renewEveryMs,
      holder: o.lease?.holder,
      onLost,
    });
  } catch (err) {
    if (!(err instanceof SchedulerLockedError)) throw err;
    o.logger.error({ component: 'scheduler', op: 'lock', holder: err.holder }, err.message);
    return null;
  }
}

/**
 * `bpm run`: holds the store's scheduler lease, keeps the dashboard alive, runs the worker at every slot and
 * checks alerts after each run, until `signal` aborts. Returns the exit code: 0 after a clean stop, 1 when
 * another scheduler holds the lease, the lease was lost, or the scheduler failed.
 */
export async function runDaemon(o: DaemonOptions, signal: AbortSignal): Promise<number> {
  const { config, store } = o;
  const clock = o.clock ?? systemClock;
  const lost = new AbortController();
  const lease = await takeLease(o, (why) => lost.abort(new Error(why)));
  if (!lease) return 1;
  const events = new DaemonEventLog(o.logger, store.logs, 'scheduler');
  const env = childEnv(config);
  let dashboard: Supervisor | null = null;
  let code = 0;
  try {
    events.event(
      'info',
      'start',
      `scheduler started (schedule "${config.schedule}" UTC, store ${store.location})`,
      {
        schedule: config.schedule,
        runTimeoutMs: config.runTimeoutMs,
        store: store.location,
        holder: lease.holder,
      },
    );
    if ((await store.accounts.list()).length === 0) events.event('warn', 'no_account', NO_ACCOUNT_HINT);
    const shutdown = AbortSignal.any([signal, lost.signal]);
    dashboard = dashboardSupervisor(o, env, events, shutdown);
    dashboard?.start();
    const scheduler = new Scheduler({
      clock,
      slots: new SlotSchedule(config.schedule),
      runner: new ChildSlotRunner({
        command: o.workerCommand ?? collectCommand(env),
        timeoutMs: config.runTimeoutMs,
        killAfterMs: o.killAfterMs,
        childOptions: o.childOutput,
      }),
      lastSlot: () => lastCollectedSlot(store.db),
      graceMs: config.shutdownGraceMs,
      log: events,
      afterRun: afterRunChecks(o, events, clock),
    });
    o.onReady?.();
    await scheduler.run(shutdown);
  } catch (err) {
    events.event('error', 'crash', `scheduler stopped on an error: ${(err as Error).message}`);
    code = 1;
  } finally {
    if (lost.signal.aborted) {
      events.event('error', 'lock_lost', `stopping: ${(lost.signal.reason as Error).message}`);
      code = 1;
    }
    await dashboard?.stop();
    await lease.release().catch((err: Error) => {
      events.event('warn', 'lock', `could not release the scheduler lease: ${err.message}`);
    });
    events.event('info', 'stop', 'scheduler stopped');
    await events.flush();
  }
  return code;
}
