import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EmulatorClock } from './clock.ts';
import { handleControl } from './control.ts';
import { ApiError } from './errors.ts';
import { FaultBook } from './faults.ts';
import { inProcessFetch } from './in-process.ts';
import { DEFAULT_LIMITS, WeightLimiter } from './limits.ts';
import { ALL_ROUTES } from './routes/index.ts';
import type { Route } from './routes/types.ts';
import { loadScenario, type Scenario } from './scenario.ts';
import { type EmulatorCore, handleApi, sendError } from './server.ts';
import { Stats } from './stats.ts';
import { World } from './world.ts';

export {
  loadScenario,
  type ParsedScenario,
  parseScenario,
  type Scenario,
  ScenarioError,
  scenarioSchema,
} from './scenario.ts';

export interface StartEmulatorOptions {
  scenario: Scenario | string;
  /** 0 / undefined = a random free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Clock stopped at the scenario start (else it follows real time from the start). */
  frozen?: boolean;
  /** Rate limits on (default true). */
  enforceLimits?: boolean;
  /** Where the clock starts (epoch ms); default the scenario start. */
  startAt?: number;
  /** Real-time source for the rate-limit windows (tests replace it to step minutes without waiting). */
  wallClock?: () => number;
}

export interface RunningEmulator {
  url: string;
  port: number;
  now(): number;
  setTime(ms: number): void;
  advance(ms: number): void;
  /**
   * fetch answered by this emulator in-process, without a socket (for a client in the emulator's own process);
   * other URLs go to the global fetch.
   */
  fetch: typeof fetch;
  close(): Promise<void>;
}

function routeTable(): Map<string, Route> {
  return new Map(ALL_ROUTES.map((r) => [`${r.method} ${r.path}`, r]));
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

export async function startEmulator(opts: StartEmulatorOptions): Promise<RunningEmulator> {
  const scenario = loadScenario(opts.scenario);
  const world = new World(scenario);
  const wallClock = opts.wallClock ?? Date.now;
  const core: EmulatorCore = {
    world,
    clock: new EmulatorClock(opts.startAt ?? world.start, opts.frozen ?? false),
    limiter: new WeightLimiter(
      { ...DEFAULT_LIMITS, ...scenario.limits },
      opts.enforceLimits ?? true,
      wallClock,
    ),
    faults: new FaultBook(),
    stats: new Stats(),
    routes: routeTable(),
    held: new Set(),
    timers: new Set(),
  };
  const dispatch = (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const handler = url.pathname.startsWith('/__emulator/') ? handleControl : handleApi;
    handler(core, req, res, url).catch((err: unknown) => {
      const msg =
        err instanceof ApiError
          ? err.message
          : 'Internal error; unable to process your request. Please try again.';
      sendError(res, err instanceof ApiError ? err : new ApiError(500, -1000, msg));
    });
  };
  const server = createServer((req, res) => dispatch(req, res, new URL(req.url ?? '/', 'http://emulator')));
  server.keepAliveTimeout = 5_000;
  const host = opts.host ?? '127.0.0.1';
  const address = await listen(server, opts.port ?? 0, host);
  const shownHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | null = null;
  const url = `http://${shownHost}:${address.port}`;
  return {
    url,
    port: address.port,
    now: () => core.clock.now(),
    setTime: (ms) => core.clock.set(ms),
    advance: (ms) => core.clock.advance(ms),
    fetch: inProcessFetch(url, dispatch),
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const t of core.timers) clearTimeout(t);
        core.timers.clear();
        for (const res of core.held) res.destroy();
        core.held.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
