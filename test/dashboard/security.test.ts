import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  createDashboardApp,
  InsecureBindError,
  isLoopback,
  startDashboard,
} from '../../src/dashboard/index.ts';
import { testStores } from '../helpers/stores.ts';
import { HOSTILE_NAME, type Seeded, seededApp } from './fixtures.ts';

const backend = testStores()[0]!;

const PATHS = [
  '/',
  '/runs',
  '/status',
  '/accounts/alpha',
  `/accounts/${encodeURIComponent(HOSTILE_NAME)}`,
  '/static/overview.js',
  '/static/style.css',
  '/vendor/uplot/uPlot.iife.min.js',
  '/api/status',
  '/api/overview',
  '/api/accounts',
  '/api/accounts/alpha',
  '/api/accounts/alpha/series?range=all',
  '/api/accounts/alpha/holdings',
  '/api/accounts/alpha/flows',
  '/api/accounts/alpha/fees',
  '/api/accounts/alpha/nav.csv',
  '/api/accounts/alpha/flows.csv',
  '/api/runs',
  '/api/logs',
  '/total',
  '/api/total?range=all',
  '/api/total/series',
  `/api/accounts/${encodeURIComponent(HOSTILE_NAME)}`,
  `/api/accounts/${encodeURIComponent(HOSTILE_NAME)}/holdings`,
  '/healthz',
  '/metrics',
  '/api/accounts/alpha?range=nope',
  '/api/missing',
];

describe('dashboard security', () => {
  let s: Seeded;
  before(async () => {
    s = await seededApp(backend, { hours: 24 * 10 });
  });
  after(() => s.close());

  test('every response carries the security headers and no CORS headers', async () => {
    for (const path of PATHS) {
      const res = await s.app.request(path, { headers: { origin: 'https://evil.example' } });
      const csp = res.headers.get('content-security-policy') ?? '';
      assert.match(csp, /script-src 'self'(;|$)/, path);
      assert.match(csp, /frame-ancestors 'none'/, path);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/, path);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
      assert.equal(res.headers.get('referrer-policy'), 'no-referrer', path);
      assert.equal(res.headers.get('x-frame-options'), 'DENY', path);
      for (const name of res.headers.keys())
        assert.ok(!name.startsWith('access-control-'), `${path}: ${name}`);
    }
  });

  test('no response contains an API key or secret, or their column names', async () => {
    const secrets = s.seed.accounts.flatMap((a) => [a.apiKey, a.secret]);
    for (const path of PATHS) {
      const body = await (await s.app.request(path)).text();
      for (const secret of secrets) assert.ok(!body.includes(secret), `${path} leaks a secret`);
      assert.doesNotMatch(body, /api_key|api_secret|apiKey|secret_enc/, path);
    }
  });

  test('pages contain no inline script and escape account names', async () => {
    for (const path of ['/', '/runs', '/status', `/accounts/${encodeURIComponent(HOSTILE_NAME)}`]) {
      const html = await (await s.app.request(path)).text();
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      assert.ok(scripts.length > 0);
      for (const [, attrs, body] of scripts) {
        assert.match(attrs ?? '', /\ssrc="\/(static|vendor)\//, `${path}: scripts are files`);
        assert.equal(body, '', `${path}: no inline code`);
      }
      assert.doesNotMatch(html, /\son[a-z]+=/i, `${path}: no inline handlers`);
      assert.match(html, /<html lang="en">/);
    }
    const html = await (await s.app.request(`/accounts/${encodeURIComponent(HOSTILE_NAME)}`)).text();
    assert.ok(!html.includes('<script>alert'), 'the name is not markup');
    assert.ok(html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;co&quot;'));
    const notFound = await (await s.app.request('/accounts/%3Cimg%20src%3Dx%3E')).text();
    assert.ok(!notFound.includes('<img src=x>'));
  });

  test('page scripts are served as JavaScript with their types stripped', async () => {
    const res = await s.app.request('/static/account.js');
    assert.equal(res.headers.get('content-type'), 'text/javascript; charset=utf-8');
    const js = await res.text();
    assert.match(js, /from '\.\/charts\.js'/);
    assert.doesNotMatch(js, /from '\.\/[a-z-]+\.ts'/);
    assert.doesNotMatch(js, /^import type/m);
    new Function(js.replace(/^import .*$/gm, '').replace(/^export /gm, ''));
  });

  test('with a token, every path but /healthz needs it (bearer, or as the basic-auth password)', async () => {
    const app = createDashboardApp({ store: s.store, auth: { token: 'tok-3141' }, onError: () => {} });
    assert.equal((await app.request('/api/overview')).status, 401);
    assert.equal((await app.request('/')).status, 401);
    assert.match((await app.request('/')).headers.get('www-authenticate') ?? '', /^Basic realm=/);
    assert.equal(
      (await app.request('/api/overview', { headers: { authorization: 'Bearer nope' } })).status,
      401,
    );
    assert.equal(
      (await app.request('/api/overview', { headers: { authorization: 'Bearer tok-3141' } })).status,
      200,
    );
    const basic = `Basic ${Buffer.from('anyone:tok-3141').toString('base64')}`;
    assert.equal((await app.request('/metrics', { headers: { authorization: basic } })).status, 200);
    assert.equal((await app.request('/healthz')).status, 200);
  });

  test('basic auth checks user and password', async () => {
    const app = createDashboardApp({
      store: s.store,
      auth: { basic: { user: 'ops', password: 'pw:with:colons' } },
    });
    const header = (u: string, p: string) => ({
      authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`,
    });
    assert.equal(
      (await app.request('/api/status', { headers: header('ops', 'pw:with:colons') })).status,
      200,
    );
    assert.equal((await app.request('/api/status', { headers: header('ops', 'pw') })).status, 401);
    assert.equal(
      (await app.request('/api/status', { headers: header('root', 'pw:with:colons') })).status,
      401,
    );
    assert.equal((await app.request('/api/status', { headers: { authorization: 'Basic !!!' } })).status, 401);
  });

  test('refuses to listen beyond loopback without authentication', async () => {
    await assert.rejects(startDashboard({ store: s.store, host: '0.0.0.0', port: 0 }), InsecureBindError);
    await assert.rejects(startDashboard({ store: s.store, host: '::', port: 0 }), /without authentication/);
    assert.ok(
      isLoopback('127.0.0.1') && isLoopback('::1') && isLoopback('localhost') && isLoopback('127.1.2.3'),
    );
    assert.ok(!isLoopback('0.0.0.0') && !isLoopback('192.168.1.2') && !isLoopback('::'));
    const withToken = await startDashboard({
      store: s.store,
      host: '0.0.0.0',
      port: 0,
      auth: { token: 't' },
    });
    try {
      const res = await fetch(`http://127.0.0.1:${withToken.port}/api/status`);
      assert.equal(res.status, 401);
    } finally {
      await withToken.close();
    }
  });

  test('serves on loopback by default', async () => {
    const d = await startDashboard({ store: s.store, port: 0 });
    try {
      assert.match(d.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${d.url}/healthz`);
      assert.equal(res.status, 200);
    } finally {
      await d.close();
    }
  });
});
