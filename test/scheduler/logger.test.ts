import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config/index.ts';
import { childEnv } from '../../src/scheduler/child-env.ts';
import { createLogger, DaemonEventLog, prettyLine } from '../../src/scheduler/logger.ts';
import type { Store } from '../../src/store/index.ts';
import { testStores } from '../helpers/stores.ts';

function sink(isTTY = false) {
  const chunks: string[] = [];
  return {
    chunks,
    stream: { isTTY, write: (c: string) => chunks.push(String(c)) > 0 } as unknown as NodeJS.WritableStream,
  };
}

describe('createLogger', () => {
  it('writes JSON lines when stdout is not a terminal, with secrets redacted', () => {
    const out = sink(false);
    createLogger({ level: 'info', stream: out.stream }).info(
      { op: 'x', token: 'hunter2', alerts: { botToken: 'b0t' } },
      'hello',
    );
    const entry = JSON.parse(out.chunks.join('')) as Record<string, unknown>;
    assert.equal(entry.msg, 'hello');
    assert.equal(entry.token, '[redacted]');
    assert.deepEqual(entry.alerts, { botToken: '[redacted]' });
  });

  it('writes one readable line per entry on a terminal', () => {
    const out = sink(true);
    createLogger({ level: 'info', stream: out.stream })
      .child({ component: 'scheduler' })
      .warn({ op: 'late', slot: 'S' }, 'slot starts late');
    assert.equal(out.chunks.length, 1);
    assert.match(
      out.chunks[0]!,
      /^\d\d:\d\d:\d\d\.\d{3} WARN {2}scheduler\/late: slot starts late {2}slot=S\n$/,
    );
  });

  it('leaves text that is not JSON as it is', () => {
    assert.equal(prettyLine('plain'), 'plain');
  });
});

describe('childEnv', () => {
  it('hands the resolved settings to the children and drops what is unset', () => {
    const config = loadConfig({
      env: { BPM_DASHBOARD_TOKEN: 'tok', BPM_PORT: '9100' },
      overrides: { db: '/srv/m.db', concurrency: '2' },
      cwd: '/',
    });
    const env = childEnv(config, { PATH: '/bin', DATABASE_URL: '', BPM_DASHBOARD_USER: 'old' });
    assert.equal(env.PATH, '/bin');
    assert.equal(env.MONITOR_DB, '/srv/m.db');
    assert.equal(env.BPM_CONCURRENCY, '2');
    assert.equal(env.BPM_DASHBOARD_TOKEN, 'tok');
    assert.equal('DATABASE_URL' in env, false);
    assert.equal('BPM_DASHBOARD_USER' in env, false);
    assert.equal('BPM_CONFIG' in env, false);
  });
});

for (const ts of testStores()) {
  describe(`DaemonEventLog (${ts.name})`, () => {
    let store: Store;
    before(async () => {
      store = await ts.open();
    });
    after(() => store.close());

    it('logs every event and keeps info and above in system_logs, in order', async () => {
      const out = sink(false);
      const events = new DaemonEventLog(
        createLogger({ level: 'debug', stream: out.stream }),
        store.logs,
        'scheduler',
      );
      events.event('debug', 'wait', 'next slot');
      events.event('info', 'run_start', 'worker run', { slot: 'S' });
      events.event('error', 'run_failed', 'worker run failed', { detail: 'boom' });
      await events.flush();
      assert.equal(out.chunks.length, 3);
      const rows = await store.logs.query({ component: 'scheduler' });
      assert.deepEqual(
        rows.map((r) => [r.level, r.operation]),
        [
          ['error', 'run_failed'],
          ['info', 'run_start'],
        ],
      );
      assert.deepEqual(rows[0]!.data, { detail: 'boom' });
    });
  });
}
