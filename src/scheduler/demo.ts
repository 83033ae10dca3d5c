import type { Logger } from 'pino';
import { createWeightLimiter } from '../binance/limiter.ts';
import { loadScenario, type ParsedScenario, type RunningEmulator, startEmulator } from '../emulator/index.ts';
import type { Store } from '../store/index.ts';
import { addAccount } from '../worker/account-service.ts';
import { BenchmarkMemo } from '../worker/benchmark-memo.ts';
import { createClientFactory } from '../worker/clients.ts';
import { type ClientFactory, runCollect } from '../worker/run.ts';
import type { MarketsCache } from '../worker/run-market.ts';
import type { RunSummary, WorkerLogger } from '../worker/types.ts';
import type { ChildCommand } from './child.ts';
import { delay } from './clock.ts';
import type { EventLog } from './events.ts';
import { lastCollectedSlot } from './history.ts';
import { Progress } from './progress.ts';
import { Supervisor } from './supervisor.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface DemoOptions {
  store: Store;
  scenario: string;
  days: number;
  liveEveryMs: number;
  /** The dashboard process (bpm serve on the demo store); null for none. */
  dashboardCommand: ChildCommand | null;
  events: EventLog;
  logger: Logger;
  progressOut: NodeJS.WritableStream & { isTTY?: boolean };
  /** Real time (tests pin it). */
  now?: () => number;
  /** Told the emulator's URL when the history starts being built. */
  onStart?: (info: { emulatorUrl: string; slots: number }) => void;
  /** Told once the history is built and the live phase begins. */
  onLive?: (info: { emulatorUrl: string; slots: number }) => void;
}

/**
 * The demo's live runs fall on the multiples of `everyMs` since the epoch, so that its dashboard, a process of
 * its own, can tell when the next one comes: the first multiple after `now`.
 */
export const LIVE_EVERY_ENV = 'BPM_DEMO_LIVE_EVERY';

export function nextLiveRun(now: number, everyMs: number): number {
  return (Math.floor(now / everyMs) + 1) * everyMs;
}

/** The hourly slots of the history: the last `days` days up to the current hour, never before the scenario. */
export function historySlots(scenarioStart: number, days: number, now: number): number[] {
  const end = Math.floor(now / HOUR) * HOUR;
  const start = Math.max(Math.ceil(scenarioStart / HOUR) * HOUR, end - days * DAY);
  const slots: number[] = [];
  for (let t = start; t <= end; t += HOUR) slots.push(t);
  return slots;
}

function workerLogger(logger: Logger): WorkerLogger {
  const child = logger.child({ component: 'worker' });
  return {
    info: () => {},
    warn: (o, m) => child.warn(o, m),
    error: (o, m) => child.error(o, m),
  };
}

/**
 * Lets the event loop take its turn. A history slot runs against the in-process emulator and the SQLite store
 * without ever waiting on a socket or timer, so without this a SIGINT/SIGTERM is not even delivered until the
 * whole history is built.
 */
function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The scenario's accounts in the demo store (once; a second demo on the same store reuses them). */
async function registerAccounts(
  store: Store,
  scenario: ParsedScenario,
  clientFactory: ClientFactory,
  at: number,
  events: EventLog,
): Promise<void> {
  for (const a of scenario.accounts) {
    if (await store.accounts.byName(a.name)) continue;
    if (a.keyType !== 'hmac' || !a.apiSecret) {
      events.event(
        'warn',
        'demo_account',
        `demo account "${a.name}" skipped: only HMAC keys can be registered`,
      );
      continue;
    }
    const r = await addAccount(
      { store, clientFactory },
      { name: a.name, apiKey: a.apiKey, secret: a.apiSecret, keyType: 'hmac', backfill: false, at },
    );
    events.event('info', 'demo_account', `demo account "${a.name}" registered`, { wallets: r.wallets });
  }
}

/**
 * `bpm demo`: the emulator in this process with a frozen clock, the scenario's accounts in the demo store,
 * `days` of hourly history built by moving the emulator's clock slot by slot and running the worker for each,
 * then a live run every `liveEveryMs` with the emulator's clock set to real time, the dashboard alongside.
 */
export async function runDemo(o: DemoOptions, signal: AbortSignal): Promise<number> {
  const now = o.now ?? Date.now;
  const scenario = loadScenario(o.scenario);
  const slots = historySlots(Date.parse(scenario.start), o.days, now());
  const first = slots[0] ?? Math.floor(now() / HOUR) * HOUR;
  // Both sides' rate-limit windows follow the emulator's clock, so months of slots pass in seconds legitimately.
  let emulator: RunningEmulator | undefined;
  const emulatorNow = () => emulator?.now() ?? first;
  emulator = await startEmulator({ scenario, frozen: true, startAt: first, wallClock: emulatorNow });
  const emu = emulator;
  const clientFactory = createClientFactory({
    baseUrl: emu.url,
    // The emulator lives in this process: its answers come without a socket (the same bytes as over HTTP).
    fetch: emu.fetch,
    limiter: createWeightLimiter({ now: emulatorNow }),
  });
  const { store, events } = o;
  const logger = workerLogger(o.logger);
  // exchangeInfo does not change within a demo: read once, not once per slot.
  const marketsCache: MarketsCache = {};
  // Each slot's benchmark continues the previous slot's replay unless an event or a restatement changed it.
  const benchmarkMemo = new BenchmarkMemo();
  // The dashboard is up from the start: the history can be watched as it grows.
  const dashboard = o.dashboardCommand
    ? new Supervisor({ name: 'dashboard', command: o.dashboardCommand, log: o.events })
    : null;
  dashboard?.start();
  try {
    events.event('info', 'demo_start', `emulator at ${emu.url}; building ${slots.length} hourly slots`, {
      emulator: emu.url,
      from: new Date(first).toISOString(),
      slots: slots.length,
    });
    await registerAccounts(store, scenario, clientFactory, first, events);
    const done = await lastCollectedSlot(store.db);
    const todo = slots.filter((s) => done === null || s > done);
    o.onStart?.({ emulatorUrl: emu.url, slots: todo.length });

    /**
     * One worker run as of `at`, the emulator's clock put at `clockAt`; null when stopped meanwhile. A run
     * given no signal is not interrupted: it finishes its slot whatever happens.
     */
    const collectAt = async (
      at: number,
      clockAt: number,
      runSignal?: AbortSignal,
    ): Promise<RunSummary | null> => {
      emu.setTime(clockAt);
      // The clients' estimate of the server clock is measured again at once, rather than found stale by a
      // wave of -1021 rejections; a failed measurement is met again, and reported, by the run itself.
      await clientFactory()
        .syncClock({ signal: runSignal })
        .catch(() => {});
      try {
        return await runCollect({
          store,
          clientFactory,
          at,
          logger,
          signal: runSignal,
          marketsCache,
          benchmarkMemo,
        });
      } catch (err) {
        if (runSignal?.aborted) return null;
        throw err;
      }
    };

    const progress = new Progress(o.progressOut, todo.length, 'demo history');
    let failedRuns = 0;
    for (const [i, slot] of todo.entries()) {
      await yieldToEvents();
      // A stop is honoured between slots: the history stays a whole prefix of hours, resumed by the next demo.
      if (signal.aborted) break;
      // Just after the slot, as a scheduler's run would be.
      const summary = await collectAt(slot, slot + 20_000);
      if (summary && summary.exitCode !== 0) failedRuns += 1;
      progress.update(i + 1, failedRuns ? `(${failedRuns} with failures)` : '');
    }
    if (signal.aborted) return 0;
    events.event('info', 'demo_history', `history built: ${todo.length} slots, ${failedRuns} with failures`);

    o.onLive?.({ emulatorUrl: emu.url, slots: todo.length });
    while (!signal.aborted) {
      const waitFrom = now();
      await delay(nextLiveRun(waitFrom, o.liveEveryMs) - waitFrom, signal);
      if (signal.aborted) break;
      const t = now();
      const summary = await collectAt(t, t, signal);
      if (!summary) break;
      events.event(
        summary.exitCode === 0 ? 'info' : 'warn',
        'demo_live',
        `live run at ${new Date(t).toISOString()}`,
        {
          exitCode: summary.exitCode,
          accounts: summary.accounts.map((a) => ({ account: a.account, status: a.status, nav: a.nav })),
        },
      );
    }
    return 0;
  } finally {
    await dashboard?.stop();
    await emu.close();
  }
}
