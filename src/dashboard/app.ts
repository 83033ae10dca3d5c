/**
 * The dashboard: a read-only Hono app over the store. createDashboardApp builds it (tests call app.request());
 * startDashboard serves it on @hono/node-server, refusing a non-loopback address without authentication.
 */

import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { loadStaticAssets, loadUplotAssets } from './assets.ts';
import { DashboardHttpError } from './errors.ts';
import { createContext, type DashboardContext } from './model/context.ts';
import { keepWarm } from './model/warm.ts';
import { apiRoutes } from './routes/api.ts';
import { opsRoutes } from './routes/ops.ts';
import { pageRoutes } from './routes/pages.ts';
import { assertSafeBind, type DashboardAuth, requireAuth, securityHeaders } from './security.ts';

export interface DashboardOptions {
  /** Only the query builder and dialect are used: the dashboard never writes. */
  store: { db: Kysely<Database>; dialect: string };
  auth?: DashboardAuth;
  /** The clock (tests pin it). */
  now?: () => number;
  /** Pages re-render at least this often (default 60 s)… */
  refreshMs?: number;
  /** …and poll /api/status for a new run this often (default 15 s). */
  pollMs?: number;
  /** The next scheduled run, when the schedule is known. */
  nextRunAt?: (now: number) => number | null;
  /** Where unexpected errors are reported (default: stderr, one line). */
  onError?: (err: Error) => void;
}

export function createDashboardApp(opts: DashboardOptions): Hono {
  return buildDashboard(opts).app;
}

function reporter(opts: DashboardOptions): (err: Error) => void {
  return opts.onError ?? ((err: Error) => process.stderr.write(`dashboard: ${err.name}: ${err.message}\n`));
}

function buildDashboard(opts: DashboardOptions): { app: Hono; ctx: DashboardContext } {
  const ctx = createContext(opts.store.db, opts.store.dialect, opts.now ?? Date.now);
  const settings = { refreshMs: opts.refreshMs ?? 60_000, pollMs: opts.pollMs ?? 15_000 };
  const report = reporter(opts);
  const app = new Hono();
  app.use('*', securityHeaders());
  app.use('*', requireAuth(opts.auth));
  app.route('/', opsRoutes(ctx));
  app.route('/api', apiRoutes(ctx, opts.nextRunAt));
  app.route('/', pageRoutes(ctx, settings, { own: loadStaticAssets(), uplot: loadUplotAssets() }));
  app.notFound((c) =>
    c.req.path.startsWith('/api/')
      ? c.json({ error: `no such endpoint: ${c.req.path}` }, 404)
      : c.text('not found', 404),
  );
  app.onError((err, c) => {
    if (err instanceof DashboardHttpError) return c.json({ error: err.message }, err.status);
    report(err);
    return c.json({ error: 'internal error' }, 500);
  });
  return { app, ctx };
}

export interface StartDashboardOptions extends DashboardOptions {
  port?: number;
  host?: string;
  /** Reload accounts whose data changed this often in the background (default 15 s; 0 = only on request). */
  warmEveryMs?: number;
}

export interface RunningDashboard {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startDashboard(opts: StartDashboardOptions): Promise<RunningDashboard> {
  const host = opts.host ?? '127.0.0.1';
  assertSafeBind(host, opts.auth);
  const { app, ctx } = buildDashboard(opts);
  const warmEveryMs = opts.warmEveryMs ?? 15_000;
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, port: opts.port ?? 8000, hostname: host },
      (info: AddressInfo) => {
        const shown = info.family === 'IPv6' ? `[${info.address}]` : info.address;
        const stopWarming = warmEveryMs > 0 ? keepWarm(ctx, warmEveryMs, reporter(opts)) : () => {};
        resolve({
          url: `http://${shown}:${info.port}`,
          port: info.port,
          close: () =>
            new Promise<void>((done) => {
              stopWarming();
              server.close(() => done());
              if ('closeAllConnections' in server) server.closeAllConnections();
            }),
        });
      },
    );
    server.once('error', reject);
  });
}
