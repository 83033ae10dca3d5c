import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { historySlots, runDemo } from '../../src/scheduler/demo.ts';
import { MemoryEventLog } from '../../src/scheduler/events.ts';
import { testStores } from '../helpers/stores.ts';

const SCENARIO = fileURLToPath(new URL('../../scenarios/demo.json', import.meta.url));
const HOUR = 3_600_000;
const at = (s: string) => Date.parse(s);

describe('historySlots', () => {
  it('covers the last N days hour by hour up to the current hour', () => {
    const slots = historySlots(at('2026-01-01T00:00:00Z'), 2, at('2026-03-01T10:42:00Z'));
    assert.equal(slots.length, 2 * 24 + 1);
    assert.equal(slots[0], at('2026-02-27T10:00:00Z'));
    assert.equal(slots.at(-1), at('2026-03-01T10:00:00Z'));
  });

  it('never starts before the scenario', () => {
    const slots = historySlots(at('2026-03-01T00:30:00Z'), 90, at('2026-03-01T05:10:00Z'));
    assert.deepEqual(slots, [
      at('2026-03-01T01:00:00Z'),
      at('2026-03-01T02:00:00Z'),
      at('2026-03-01T03:00:00Z'),
      at('2026-03-01T04:00:00Z'),
      at('2026-03-01T05:00:00Z'),
    ]);
  });
});

describe('runDemo', () => {
  const sqlite = testStores()[0]!;
  const closers: Array<() => Promise<void>> = [];
  after(async () => {
    for (const c of closers) await c();
  });

  it('registers the scenario accounts, builds hourly history from the emulator, then runs live', async () => {
    const store = await sqlite.open();
    closers.push(() => store.close());
    const events = new MemoryEventLog();
    const stop = new AbortController();
    let live = false;
    const now = () => at('2026-08-26T00:30:00Z');
    const code = await runDemo(
      {
        store,
        scenario: SCENARIO,
        days: 1,
        liveEveryMs: 50,
        dashboardCommand: null,
        events,
        logger: pino({ level: 'silent' }),
        progressOut: { write: () => true } as unknown as NodeJS.WritableStream,
        now,
        onLive: () => {
          live = true;
          // Stop after the first live run has been logged.
          const check = setInterval(() => {
            if (events.operations().includes('demo_live')) {
              clearInterval(check);
              stop.abort();
            }
          }, 10);
        },
      },
      stop.signal,
    );
    assert.equal(code, 0);
    assert.ok(live);
    const accounts = await store.accounts.list();
    assert.deepEqual(accounts.map((a) => a.name).sort(), ['alpha', 'beta']);
    for (const a of accounts) {
      const rows = await store.nav.range(a.id, 0, Number.MAX_SAFE_INTEGER);
      // 2026-08-25T00:00 … 2026-08-26T00:00: 25 hourly slots, each collected once.
      assert.equal(rows.length, 25, `${a.name} has ${rows.length} snapshots`);
      assert.equal(rows[0]!.ts, at('2026-08-25T00:00:00Z'));
      assert.equal(rows.at(-1)!.ts, at('2026-08-26T00:00:00Z'));
      assert.ok(rows.every((r) => r.status === 'complete'));
      assert.ok(rows.every((r, i) => i === 0 || r.ts - rows[i - 1]!.ts === HOUR));
    }
    assert.ok(events.operations().includes('demo_history'));
  });
});
