/** /healthz for orchestrators and /metrics for Prometheus. */
import { Hono } from 'hono';
import { sql } from 'kysely';
import type { DashboardContext } from '../model/context.ts';
import { metricFamilies } from '../model/metrics.ts';
import { PROMETHEUS_CONTENT_TYPE, renderMetrics } from '../prometheus.ts';
import { noQuery, parseQuery } from '../validate.ts';

export function opsRoutes(ctx: DashboardContext): Hono {
  const r = new Hono();
  r.get('/healthz', async (c) => {
    c.header('Cache-Control', 'no-store');
    try {
      await sql`select 1`.execute(ctx.db);
      const run = await ctx.latestRun();
      const now = ctx.now();
      return c.json({
        status: 'ok',
        store: 'reachable',
        lastRun: run && {
          startedAt: run.startedAt,
          finishedAt: run.finishedAt,
          status: run.status,
          ageSeconds: Math.round((now - run.startedAt) / 1000),
        },
      });
    } catch (err) {
      return c.json({ status: 'unavailable', store: 'unreachable', error: (err as Error).name }, 503);
    }
  });

  r.get('/metrics', async (c) => {
    parseQuery(noQuery, c.req.query());
    const body = renderMetrics(await metricFamilies(ctx));
    return c.body(body, 200, { 'Content-Type': PROMETHEUS_CONTENT_TYPE, 'Cache-Control': 'no-store' });
  });
  return r;
}
