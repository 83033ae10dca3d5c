/** CSV downloads: the full-resolution NAV history (every snapshot, with its status) and the flows. */
import { Hono } from 'hono';
import { z } from 'zod';
import { flowRows } from '../../store/read-models/flows.ts';
import { toCsv } from '../csv.ts';
import { accountNavCsv, findAccount } from '../model/account-views.ts';
import type { DashboardContext } from '../model/context.ts';
import { instant, parseQuery } from '../validate.ts';

const csvQuery = z.strictObject({ from: instant.optional(), to: instant.optional() });

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function filename(account: string, what: string): string {
  const safe = account.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80) || 'account';
  return `attachment; filename="${safe}-${what}.csv"`;
}

export function accountCsvRoutes(ctx: DashboardContext): Hono {
  const r = new Hono();
  r.get('/:name/nav.csv', async (c) => {
    const q = parseQuery(csvQuery, c.req.query());
    const { account, csv } = await accountNavCsv(ctx, c.req.param('name'), q, (rows) =>
      toCsv(
        ['time_utc', 'ts_ms', 'nav_usd', 'benchmark_usd', 'status', 'kind', 'failed_wallets'],
        rows.map((n) => [
          iso(n.ts),
          n.ts,
          n.nav,
          n.benchmarkValue,
          n.status,
          n.kind,
          n.failedWallets.join(' '),
        ]),
      ),
    );
    c.header('Content-Disposition', filename(account.name, 'nav'));
    return c.body(csv, 200, { 'Content-Type': 'text/csv; charset=utf-8' });
  });
  r.get('/:name/flows.csv', async (c) => {
    const q = parseQuery(csvQuery, c.req.query());
    const account = await findAccount(ctx, c.req.param('name'));
    const rows = await flowRows(ctx.db, account.id, q);
    const csv = toCsv(
      [
        'time_utc',
        'ts_ms',
        'source',
        'external_id',
        'asset',
        'quantity',
        'price_usd',
        'value_usd',
        'status',
        'raw_status',
      ],
      rows.map((f) => [
        iso(f.ts),
        f.ts,
        f.source,
        f.externalId,
        f.asset,
        f.quantity,
        f.price,
        f.usdValue,
        f.status,
        f.rawStatus,
      ]),
    );
    c.header('Content-Disposition', filename(account.name, 'flows'));
    return c.body(csv, 200, { 'Content-Type': 'text/csv; charset=utf-8' });
  });
  return r;
}
