/** HTML pages and static files. */
import { Hono } from 'hono';
import { accountViewByName } from '../../store/read-models/accounts.ts';
import type { Asset } from '../assets.ts';
import type { DashboardContext } from '../model/context.ts';
import {
  accountPage,
  notFoundPage,
  overviewPage,
  type PageSettings,
  runsPage,
  statusPage,
  totalPage,
} from '../pages/pages.ts';
import { plausibleName } from '../validate.ts';

function serveAsset(assets: Map<string, Asset>) {
  return (c: import('hono').Context) => {
    const a = assets.get(c.req.param('file') ?? '');
    if (!a) return c.text('not found', 404);
    c.header('ETag', a.etag);
    c.header('Cache-Control', 'no-cache');
    if (c.req.header('if-none-match') === a.etag) return c.body(null, 304);
    return c.body(a.body, 200, { 'Content-Type': a.contentType });
  };
}

export function pageRoutes(
  ctx: DashboardContext,
  settings: PageSettings,
  assets: { own: Map<string, Asset>; uplot: Map<string, Asset> },
): Hono {
  const r = new Hono();
  const html = (body: string, status: 200 | 404 = 200) =>
    new Response(body, {
      status,
      headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  r.get('/', () => html(overviewPage(settings)));
  r.get('/runs', () => html(runsPage(settings)));
  r.get('/status', () => html(statusPage(settings)));
  r.get('/total', () => html(totalPage(settings)));
  r.get('/accounts/:name', async (c) => {
    const name = c.req.param('name');
    const account = plausibleName(name) ? await accountViewByName(ctx.db, name) : null;
    if (!account) return html(notFoundPage(settings, `There is no account named “${name}”.`), 404);
    return html(accountPage(settings, account.name));
  });
  r.get('/static/:file', serveAsset(assets.own));
  r.get('/vendor/uplot/:file', serveAsset(assets.uplot));
  return r;
}
