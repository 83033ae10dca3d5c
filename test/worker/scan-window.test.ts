/**
 * Flow scan windows (design §3): each source is re-read from 7 days before its anchor (the oldest pending item,
 * else the last seen one) up to the run's instant; a source never seen is read the first-scan span back.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Flow } from '../../src/domain/types.ts';
import type { StoredFlow } from '../../src/store/index.ts';
import { scanWindows } from '../../src/worker/flow-step.ts';

const DAY = 86_400_000;
const AT = Date.parse('2026-03-01T10:00:00Z');

function stored(source: Flow['source'], ts: number, status: Flow['status']): StoredFlow {
  return {
    accountId: 'a',
    source,
    externalId: `${source}-${ts}`,
    asset: 'USDT',
    quantity: '1',
    ts,
    usdValue: null,
    price: null,
    status,
    rawStatus: '1',
    metadata: null,
    firstSeenAt: ts,
    updatedAt: ts,
    benchmarkBefore: null,
  };
}

describe('flow scan windows', () => {
  it('anchors each source on its own last seen or oldest pending item', () => {
    const windows = scanWindows({
      storedFlows: [
        // Deposits: last seen 10 days ago → from 17 days ago.
        stored('deposit', AT - 30 * DAY, 'counted'),
        stored('deposit', AT - 10 * DAY, 'counted'),
        // Withdrawals: one still pending from 20 days ago anchors the window there → from 27 days ago.
        stored('withdrawal', AT - 20 * DAY, 'pending'),
        stored('withdrawal', AT - 2 * DAY, 'void'),
        // Fiat payments (buys and sales share the source): last seen yesterday → from 8 days ago.
        stored('fiat_payment', AT - DAY, 'counted'),
      ],
      at: AT,
      firstScanDays: 90,
    });
    assert.deepEqual(windows.deposits, { startTime: AT - 17 * DAY, endTime: AT });
    assert.deepEqual(windows.withdrawals, { startTime: AT - 27 * DAY, endTime: AT });
    assert.deepEqual(windows.fiatBuys, { startTime: AT - 8 * DAY, endTime: AT });
    assert.deepEqual(windows.fiatSells, { startTime: AT - 8 * DAY, endTime: AT });
    // Never seen: the first-scan span (90 days) back, whatever the other sources hold; exactly 90 days
    // (AT - 90 d + 1 ms .. AT inclusive), so a 90-day-limited endpoint reads it in one window, not two.
    assert.deepEqual(windows.pay, { startTime: AT - 90 * DAY + 1, endTime: AT });
    assert.deepEqual(windows.fiatDeposits, { startTime: AT - 90 * DAY + 1, endTime: AT });
    assert.deepEqual(windows.subAccountTransfers, { startTime: AT - 90 * DAY + 1, endTime: AT });
  });
});
