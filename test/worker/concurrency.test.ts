/** The run's bound on accounts in flight: never more than the limit, results in input order, all of them run. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { mapWithLimit } from '../../src/worker/concurrency.ts';

describe('mapWithLimit', () => {
  it('keeps at most `limit` tasks in flight and returns results in input order', async () => {
    let inFlight = 0;
    let peak = 0;
    const delays = [30, 5, 20, 1, 15, 10, 25, 2, 8, 12];
    const out = await mapWithLimit(delays, 3, async (ms, i) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await sleep(ms);
      inFlight -= 1;
      return i * 10;
    });
    assert.equal(peak, 3);
    assert.deepEqual(out, [0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
  });

  it('handles fewer items than the limit, and no items', async () => {
    assert.deepEqual(await mapWithLimit([1, 2], 8, async (x) => x + 1), [2, 3]);
    assert.deepEqual(await mapWithLimit([], 4, async (x: number) => x), []);
  });
});
