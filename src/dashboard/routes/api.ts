/** The JSON API (docs/api.md). Every query parameter is validated; unknown parameters are refused. */
import { Hono } from 'hono';
import { z } from 'zod';
import { listAccountViews } from '../../store/read-models/accounts.ts';
import { LOG_LEVELS, type LogLevel } from '../../store/read-models/logs.ts';
import {
  accountFees,
  accountFlows,
  accountHoldings,
  accountSeriesJson,
  accountSummary,
} from '../model/account-views.ts';
import type { DashboardContext } from '../model/context.ts';
import { logsView, runsView, statusView } from '../model/ops-views.ts';
import { buildOverview } from '../model/overview.ts';
import { statusEtag } from '../model/status-etag.ts';
import { totalSeriesJson, totalSummary } from '../model/total-views.ts';
import { instant, limit, noQuery, parseQuery, plainText, rangeQuery } from '../validate.ts';
import { accountCsvRoutes } from './csv-routes.ts';

const flowQuery = z.strictObject({ from: instant.optional(), to: instant.optional() });

const runsQuery = z.strictObject({
  status: z.enum(['running', 'ok', 'failed', 'timeout']).optional(),
  from: instant.optional(),
  to: instant.optional(),
  limit: limit(1000, 100),
});

const logsQuery = z.strictObject({
  level: z.enum(LOG_LEVELS as [LogLevel, ...LogLevel[]]).optional(),
  component: plainText(100).optional(),
  account: plainText(200).optional(),
  from: instant.optional(),
  to: instant.optional(),
  beforeId: z
    .string()
    .regex(/^\d{1,15}$/, 'must be a log id')
    .transform(Number)
    .optional(),
  limit: limit(1000, 200),
});

/** A JSON answer already encoded (the chart series). */
function jsonBytes(body: Buffer): Response {
  return new Response(body as Uint8Array<ArrayBuffer>, {
    status: 200,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
  });
}

export function apiRoutes(ctx: DashboardContext, nextRunAt?: (now: number) => number | null): Hono {
  const api = new Hono();
  api.use('*', async (c, next) => {
    await next();
    if (!c.res.headers.has('cache-control')) c.header('Cache-Control', 'no-store');
  });

  api.get('/status', async (c) => {
    parseQuery(noQuery, c.req.query());
    const etag = await statusEtag(ctx);
    c.header('ETag', etag);
    c.header('Cache-Control', 'no-cache');
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    const status = await statusView(ctx);
    if (nextRunAt) status.nextRunAt = nextRunAt(status.now);
    return c.json(status);
  });

  api.get('/overview', async (c) => {
    parseQuery(noQuery, c.req.query());
    return c.json(await buildOverview(ctx));
  });

  api.get('/accounts', async (c) => {
    parseQuery(noQuery, c.req.query());
    const accounts = await listAccountViews(ctx.db);
    return c.json({
      accounts: accounts.map((a) => ({ name: a.name, enabled: a.enabled, subAccountOf: a.subAccountOf })),
    });
  });

  api.get('/accounts/:name', async (c) =>
    c.json(await accountSummary(ctx, c.req.param('name'), parseQuery(rangeQuery, c.req.query()))),
  );
  api.get('/accounts/:name/series', async (c) =>
    jsonBytes(await accountSeriesJson(ctx, c.req.param('name'), parseQuery(rangeQuery, c.req.query()))),
  );
  api.get('/total', async (c) => c.json(await totalSummary(ctx, parseQuery(rangeQuery, c.req.query()))));
  api.get('/total/series', async (c) =>
    jsonBytes(await totalSeriesJson(ctx, parseQuery(rangeQuery, c.req.query()))),
  );
  api.get('/accounts/:name/holdings', async (c) => {
    parseQuery(noQuery, c.req.query());
    return c.json(await accountHoldings(ctx, c.req.param('name')));
  });
  api.get('/accounts/:name/flows', async (c) =>
    c.json(await accountFlows(ctx, c.req.param('name'), parseQuery(flowQuery, c.req.query()))),
  );
  api.get('/accounts/:name/fees', async (c) => {
    parseQuery(noQuery, c.req.query());
    return c.json(await accountFees(ctx, c.req.param('name')));
  });
  api.route('/accounts', accountCsvRoutes(ctx));

  api.get('/runs', async (c) => c.json(await runsView(ctx, parseQuery(runsQuery, c.req.query()))));
  api.get('/logs', async (c) => c.json(await logsView(ctx, parseQuery(logsQuery, c.req.query()))));
  return api;
}
