import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createDashboardApp } from '../../src/dashboard/index.ts';
import { escapeLabelValue, renderMetrics } from '../../src/dashboard/prometheus.ts';
import { testStores } from '../helpers/stores.ts';
import { HOSTILE_NAME, type Seeded, seededApp } from './fixtures.ts';

const backend = testStores()[0]!;

/** Parses exposition text strictly enough to catch format mistakes. */
function parseExposition(text: string): Map<string, { help: string; type: string; samples: string[] }> {
  assert.ok(text.endsWith('\n'), 'ends with a newline');
  const families = new Map<string, { help: string; type: string; samples: string[] }>();
  let current: string | null = null;
  for (const line of text.slice(0, -1).split('\n')) {
    const help = /^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (gauge|counter|histogram|summary|untyped)$/.exec(line);
    if (help) {
      assert.ok(!families.has(help[1]!), `HELP once for ${help[1]}`);
      families.set(help[1]!, { help: help[2]!, type: '', samples: [] });
      current = help[1]!;
      continue;
    }
    if (type) {
      assert.equal(type[1], current, 'TYPE follows its HELP');
      families.get(type[1]!)!.type = type[2]!;
      continue;
    }
    const sample =
      /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\["\\n])*",?)*\})? (-?[0-9.e+-]+|NaN|\+Inf|-Inf)$/.exec(
        line,
      );
    assert.ok(sample, `a valid sample line: ${JSON.stringify(line)}`);
    assert.equal(sample[1], current, 'samples follow their family header');
    families.get(current!)!.samples.push(line);
  }
  return families;
}

describe('metrics and health', () => {
  let s: Seeded;
  before(async () => {
    s = await seededApp(backend, { hours: 72 });
  });
  after(() => s.close());

  test('/metrics is valid Prometheus text with run, account and weight metrics', async () => {
    const res = await s.app.request('/metrics');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
    const families = parseExposition(await res.text());
    for (const name of [
      'bpm_last_run_start_time_seconds',
      'bpm_last_run_duration_seconds',
      'bpm_last_run_accounts',
      'bpm_last_run_weight_used',
      'bpm_weight_used_24h',
      'bpm_account_nav_usd',
    ]) {
      assert.ok(families.get(name)?.samples.length, name);
      assert.equal(families.get(name)?.type, 'gauge');
    }
    const nav = families.get('bpm_account_nav_usd')!.samples;
    assert.equal(nav.length, 3);
    assert.ok(
      nav.includes(
        `bpm_account_nav_usd{account="${escapeLabelValue(HOSTILE_NAME)}"} ${nav
          .find((l) => l.includes('script'))!
          .split(' ')
          .at(-1)}`,
      ),
    );
    assert.ok(
      nav.some((l) => l.includes('\\"x\\"')),
      'quotes in label values are escaped',
    );
    assert.deepEqual(families.get('bpm_last_run_accounts')!.samples, [
      'bpm_last_run_accounts{result="ok"} 3',
      'bpm_last_run_accounts{result="failed"} 0',
    ]);
    assert.equal(families.get('bpm_weight_used_24h')!.samples[0], `bpm_weight_used_24h ${24 * 130}`);
  });

  test('label values escape backslash, quote and newline; HELP escapes backslash and newline', () => {
    const text = renderMetrics([
      { name: 'm', help: 'a\\b\nc', type: 'gauge', samples: [{ labels: { a: 'x"y\\z\nw' }, value: 1.5 }] },
    ]);
    assert.equal(text, '# HELP m a\\\\b\\nc\n# TYPE m gauge\nm{a="x\\"y\\\\z\\nw"} 1.5\n');
    parseExposition(text);
  });

  test('/healthz reports the store and the age of the last run', async () => {
    const res = await s.app.request('/healthz');
    assert.equal(res.status, 200);
    const body = (await res.json()) as { status: string; lastRun: { ageSeconds: number; status: string } };
    assert.equal(body.status, 'ok');
    assert.equal(body.lastRun.status, 'ok');
    assert.equal(
      body.lastRun.ageSeconds,
      30 * 60 - 4,
      'now is half past; the run started 4 s after the slot',
    );
  });

  test('/healthz is 503 when the store is unreachable', async () => {
    const other = await backend.open();
    const app = createDashboardApp({ store: other, onError: () => {} });
    await other.close();
    const res = await app.request('/healthz');
    assert.equal(res.status, 503);
    assert.deepEqual(((await res.json()) as { status: string }).status, 'unavailable');
  });
});
