import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createWeightLimiter, type WeightClaim } from '../../src/binance/limiter.ts';

/** A wall clock that stands `msBeforeMinute` before a minute boundary when the test starts, then runs in real time. */
function clockNearMinuteEnd(msBeforeMinute: number): () => number {
  const real = Date.now();
  const target = (Math.floor(real / 60_000) + 10) * 60_000 - msBeforeMinute;
  const shift = target - real;
  return () => Date.now() + shift;
}

const api = (weight: number): WeightClaim => ({ bucket: 'h|api', limit: 6000, weight });

test('parallel requests cannot all pass the same check: the 7th of 1000-weight waits for the next minute', async () => {
  const now = clockNearMinuteEnd(400);
  const limiter = createWeightLimiter({ now, boundaryGuardMs: 20 });
  const passedAt: number[] = [];
  const started = now();
  await Promise.all(
    Array.from({ length: 7 }, () => limiter.acquire([api(1000)]).then(() => passedAt.push(now() - started))),
  );
  passedAt.sort((a, b) => a - b);
  // 6 × 1000 = 6000 fits the 6000 limit at once; the 7th would make 7000, so it waits ~400 ms for the minute.
  // Were check and reserve not one step, all seven would pass at once.
  assert.ok(
    passedAt.slice(0, 6).every((ms) => ms < 100),
    `first six at ${passedAt.slice(0, 6)}`,
  );
  assert.ok(passedAt[6]! >= 380, `seventh passed after ${passedAt[6]} ms`);
});

test('server-reported usage counts: a header of 5990 makes a weight-20 request wait for the next minute', async () => {
  const now = clockNearMinuteEnd(300);
  const limiter = createWeightLimiter({ now, boundaryGuardMs: 20 });
  const sent = await limiter.acquire([api(20)]);
  limiter.settle(sent, new Map([['h|api', 5990]]));
  assert.equal(limiter.usage().find((u) => u.bucket === 'h|api')?.used, 5990);
  const started = now();
  await limiter.acquire([api(10)]); // 5990 + 10 = 6000: fits
  assert.ok(now() - started < 50);
  await limiter.acquire([api(1)]); // 6001 would exceed
  assert.ok(now() - started >= 280, `waited ${now() - started} ms`);
  const fresh = limiter.usage().find((u) => u.bucket === 'h|api');
  assert.equal(fresh?.used, 1, 'a new minute starts from zero (plus the request just let through)');
});

test('buckets are independent: a full /api minute does not hold back fapi or a sapi endpoint', async () => {
  const now = clockNearMinuteEnd(50_000);
  const limiter = createWeightLimiter({ now });
  await limiter.acquire([api(6000)]);
  const started = Date.now();
  await limiter.acquire([{ bucket: 'f|fapi', limit: 2400, weight: 5 }]);
  await limiter.acquire([{ bucket: 'h|sapi-ip|/sapi/v1/margin/account', limit: 12000, weight: 10 }]);
  assert.ok(Date.now() - started < 50);
});

test('weight given back by a request that was never sent lets a waiting one through before the minute ends', async () => {
  const now = clockNearMinuteEnd(50_000);
  const limiter = createWeightLimiter({ now });
  const unsent = await limiter.acquire([api(6000)]);
  const waiting = limiter.acquire([api(100)]);
  setTimeout(() => limiter.release(unsent), 50);
  const started = Date.now();
  await waiting;
  assert.ok(Date.now() - started < 500);
});

test('a cool-down after 429 holds the bucket until Retry-After has passed', async () => {
  const limiter = createWeightLimiter();
  limiter.coolDown(['h|api'], Date.now() + 300);
  const started = Date.now();
  await limiter.acquire([api(1)]);
  assert.ok(Date.now() - started >= 290);
});

test('a ban is reported until it ends', () => {
  let clock = 1_000_000;
  const limiter = createWeightLimiter({ now: () => clock });
  limiter.ban('http://h', clock + 120_000);
  assert.equal(limiter.bannedUntil('http://h'), 1_120_000);
  assert.equal(limiter.bannedUntil('http://other'), undefined);
  clock += 120_000;
  assert.equal(limiter.bannedUntil('http://h'), undefined);
});

test('an aborted wait rejects and reserves nothing', async () => {
  const now = clockNearMinuteEnd(50_000);
  const limiter = createWeightLimiter({ now });
  await limiter.acquire([api(6000)]);
  const controller = new AbortController();
  const waiting = limiter.acquire([api(1)], controller.signal);
  controller.abort();
  await assert.rejects(waiting, { name: 'AbortError' });
  assert.equal(limiter.usage()[0]?.used, 6000, 'the aborted request reserved nothing');
});

test('a weight larger than the whole limit is refused', async () => {
  const limiter = createWeightLimiter();
  await assert.rejects(limiter.acquire([{ bucket: 'x', limit: 10, weight: 11 }]), RangeError);
});
