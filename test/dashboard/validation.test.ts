import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testStores } from '../helpers/stores.ts';
import { type Seeded, seededApp } from './fixtures.ts';

const backend = testStores()[0]!;

const BAD: Array<[string, RegExp]> = [
  ['/api/accounts/alpha?range=2w', /^range: /],
  ['/api/accounts/alpha?range=7d&from=2026-01-01', /either range or from\/to/],
  ['/api/accounts/alpha?from=yesterday', /^from: not a time/],
  ['/api/accounts/alpha?from=2026-02-01&to=2026-01-01', /from must be before to/],
  ['/api/accounts/alpha/series?points=0', /^points: /],
  ['/api/accounts/alpha/series?points=99999', /^points: /],
  ['/api/accounts/alpha/series?points=12abc', /^points: must be a whole number/],
  ['/api/accounts/alpha/series?zoom=1', /Unrecognized key/],
  ['/api/accounts/alpha/holdings?at=1', /Unrecognized key/],
  ['/api/accounts/alpha/flows?from=-5', /^from: /],
  ['/api/accounts/alpha/nav.csv?to=2026-13-45', /^to: /],
  ['/api/runs?status=great', /^status: /],
  ['/api/runs?limit=100000', /^limit: /],
  ['/api/logs?level=loud', /^level: /],
  ['/api/logs?beforeId=abc', /^beforeId: must be a log id/],
  [`/api/logs?component=${'x'.repeat(101)}`, /^component: /],
  ['/api/overview?debug=1', /Unrecognized key/],
  ['/api/status?x=', /Unrecognized key/],
  ['/metrics?x=1', /Unrecognized key/],
  ['/api/logs?component=a%00b', /^component: must not contain control characters/],
  ['/api/logs?account=%0A', /^account: must not contain control characters/],
];

describe('query validation', () => {
  let s: Seeded;
  before(async () => {
    s = await seededApp(backend, { hours: 48 });
  });
  after(() => s.close());

  test('every bad parameter is a 400 with a JSON message naming it', async () => {
    for (const [path, message] of BAD) {
      const res = await s.app.request(path);
      assert.equal(res.status, 400, path);
      assert.match(res.headers.get('content-type') ?? '', /application\/json/, path);
      const body = (await res.json()) as { error: string };
      assert.match(body.error, message, `${path}: ${body.error}`);
    }
  });

  test('an account name that cannot exist is simply not found', async () => {
    for (const path of ['/api/accounts/a%00b', '/api/accounts/a%00b/nav.csv', '/accounts/a%00b']) {
      assert.equal((await s.app.request(path)).status, 404, path);
    }
  });

  test('good parameters pass', async () => {
    for (const path of [
      '/api/accounts/alpha?range=ytd',
      '/api/accounts/alpha?from=2026-11-01',
      '/api/accounts/alpha?from=2026-11-01T00:00:00Z&to=1795000000000',
      '/api/accounts/alpha/series?range=1y&points=50',
      '/api/runs?status=ok&limit=10',
      '/api/logs?level=error&component=worker&limit=1',
    ]) {
      assert.equal((await s.app.request(path)).status, 200, path);
    }
  });
});
