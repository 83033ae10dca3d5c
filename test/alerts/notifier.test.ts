import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AlertNotifier, telegramChannel, webhookChannel } from '../../src/alerts/index.ts';
import type { Snapshot } from '../../src/domain/types.ts';
import type { Store } from '../../src/store/index.ts';
import { testStores } from '../helpers/stores.ts';
import { startReceiver } from './receiver.ts';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-03-01T00:00:00Z');
const TOKEN = '123456:SECRET-bot-token';
const thresholds = {
  failedRuns: 3,
  drawdown: 0.2,
  underperformance: 0.05,
  underperformancePeriodMs: 48 * HOUR,
};

function snapshot(accountId: string, ts: number, nav: string, extra: Partial<Snapshot> = {}): Snapshot {
  return {
    accountId,
    ts,
    status: 'complete',
    kind: 'hourly',
    nav,
    benchmarkValue: '1000',
    btcPrice: null,
    ethPrice: null,
    failedWallets: [],
    notEnabledWallets: [],
    holdings: [],
    ...extra,
  };
}

/**
 * alpha: 1000 at T0, rising to a peak of 1200 at T0+24h, down to 900 at T0+48h; benchmark flat at 1000.
 *   drawdown = 900 / 1200 − 1 = −25 % (past 20 %); TWR over the last 48 h ≈ −10.7 % vs 0 % (trails by more
 *   than 5 %); its last snapshot (T0+49h) is incomplete (usdm not read).
 * beta: 1000 until T0+24h, then 500 after a counted withdrawal of −500 at T0+24h (its benchmark gets the same
 *   withdrawal): flow-adjusted, no loss and no lag at all.
 * Three scheduler runs in a row failed.
 */
async function seed(store: Store): Promise<void> {
  const alpha = await store.accounts.add({
    id: 'a1',
    name: 'alpha',
    apiKey: 'k1',
    secret: 's1',
    keyType: 'hmac',
  });
  const beta = await store.accounts.add({
    id: 'b1',
    name: 'beta',
    apiKey: 'k2',
    secret: 's2',
    keyType: 'hmac',
  });
  const snaps: Snapshot[] = [];
  for (let h = 0; h <= 48; h++) {
    const nav = h <= 24 ? 1000 + (200 * h) / 24 : 1200 - (300 * (h - 24)) / 24;
    snaps.push(snapshot(alpha.id, T0 + h * HOUR, nav.toFixed(2)));
    const betaNav = h < 24 ? '1000' : '500';
    snaps.push(snapshot(beta.id, T0 + h * HOUR, betaNav, { benchmarkValue: betaNav }));
  }
  snaps.push(snapshot(alpha.id, T0 + 49 * HOUR, '850', { status: 'incomplete', failedWallets: ['usdm'] }));
  await store.nav.saveMany(snaps);
  await store.flows.upsert({
    accountId: beta.id,
    source: 'withdrawal',
    externalId: 'w1',
    asset: 'USDT',
    quantity: '-500',
    ts: T0 + 24 * HOUR,
    usdValue: '-500',
    price: '1',
    status: 'counted',
    rawStatus: '6',
  });
  for (let i = 1; i <= 3; i++) {
    await store.logs.write({
      ts: T0 + (46 + i) * HOUR,
      level: 'error',
      component: 'scheduler',
      operation: 'run_failed',
      message: 'worker run failed',
      data: { slot: new Date(T0 + (46 + i) * HOUR).toISOString(), detail: `exited with code ${i}` },
    });
  }
}

const ALL_KINDS = ['drawdown', 'failed_runs', 'incomplete_snapshot', 'underperformance'];
const kinds = (alerts: Array<{ kind: string }>) => alerts.map((a) => a.kind).sort();

for (const ts of testStores()) {
  describe(`AlertNotifier (${ts.name})`, () => {
    let store: Store;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    let webhookStatus = 200;
    let telegramStatus = 200;
    const now = T0 + 49 * HOUR + 5 * 60_000;

    before(async () => {
      store = await ts.open();
      await seed(store);
      receiver = await startReceiver((path) => (path.startsWith('/hook') ? webhookStatus : telegramStatus));
    });
    after(async () => {
      await store.close();
      await receiver.close();
    });

    const notifier = () =>
      new AlertNotifier({
        db: store.db,
        writeLog: (e) => store.logs.write(e),
        channels: [
          webhookChannel(`${receiver.url}/hook`),
          telegramChannel({ botToken: TOKEN, chatId: '-1001', apiUrl: receiver.url }),
        ],
        thresholds,
        repeatAfterMs: 6 * HOUR,
      });

    it('finds exactly the due alerts, flow-adjusted', async () => {
      const due = await notifier().due(now);
      assert.deepEqual(due.map((a) => `${a.kind}:${a.accountName ?? '-'}`).sort(), [
        'drawdown:alpha',
        'failed_runs:-',
        'incomplete_snapshot:alpha',
        'underperformance:alpha',
      ]);
      const dd = due.find((a) => a.kind === 'drawdown')!;
      assert.ok(Math.abs((dd.data.drawdown as number) + 0.25) < 1e-9);
      assert.match(dd.message, /alpha" is 25\.0 % below its peak of 2026-03-02T00:00:00\.000Z/);
      const under = due.find((a) => a.kind === 'underperformance')!;
      // The 48 h window ending at now (T0+49h05) starts at T0+1h05, anchored on the snapshot of T0+1h:
      // NAV 1000 + 200/24 stored as 1008.33; TWR = 900 / 1008.33 − 1 = −10.74 % against the flat benchmark's 0 %.
      assert.ok(Math.abs((under.data.twr as number) - (900 / 1008.33 - 1)) < 1e-12);
      assert.equal(under.data.from, '2026-03-01T01:00:00.000Z');
      assert.equal(under.data.benchmarkTwr, 0);
      assert.match(due.find((a) => a.kind === 'incomplete_snapshot')!.message, /wallets not read: usdm/);
      assert.match(due.find((a) => a.kind === 'failed_runs')!.message, /exited with code 3/);
    });

    it('sends each alert to the webhook and to Telegram, then holds repeats for the rate-limit period', async () => {
      const first = await notifier().check(now);
      assert.deepEqual(kinds(first.sent), ALL_KINDS);
      const hooks = receiver.received.filter((r) => r.path === '/hook');
      const tg = receiver.received.filter((r) => r.path === `/bot${TOKEN}/sendMessage`);
      // Each of the four kinds reached both the webhook and Telegram.
      assert.deepEqual(hooks.map((h) => (h.body as { kind: string }).kind).sort(), ALL_KINDS);
      const texts = tg.map((t) => (t.body as { text: string }).text);
      assert.equal(texts.length, 4);
      for (const pattern of [
        /worker runs did not succeed/,
        /is incomplete/,
        /below its peak/,
        /trails its benchmark/,
      ]) {
        assert.equal(texts.filter((t) => pattern.test(t)).length, 1, `Telegram: ${pattern}`);
      }
      const body = hooks.find((h) => (h.body as { kind: string }).kind === 'drawdown')!.body as Record<
        string,
        unknown
      >;
      assert.equal(body.account, 'alpha');
      assert.equal(body.accountId, 'a1');
      assert.match(String(body.message), /25\.0 % below its peak/);
      assert.equal((tg[0]!.body as { chat_id: string }).chat_id, '-1001');

      // Every kind is held back, each on its own record, until the rate-limit period has passed.
      const again = await notifier().check(now + HOUR);
      assert.equal(again.sent.length, 0);
      assert.deepEqual(kinds(again.suppressed), ALL_KINDS);
      const edge = await notifier().check(now + 6 * HOUR - 1);
      assert.deepEqual(kinds(edge.suppressed), ALL_KINDS);
      assert.equal(receiver.received.length, 8);

      const later = await notifier().check(now + 6 * HOUR);
      assert.deepEqual(kinds(later.sent), ALL_KINDS);
      assert.equal(receiver.received.length, 16);

      const logs = await store.logs.query({ component: 'alerts' });
      assert.equal(logs.length, 8);
      assert.ok(logs.every((l) => !JSON.stringify(l).includes('SECRET-bot-token')));
    });

    it('counts an alert as sent when one channel took it, and retries one no channel took', async () => {
      const at = now + 13 * HOUR;
      webhookStatus = 500;
      const partly = await notifier().check(at);
      assert.equal(partly.sent.length, 4);
      telegramStatus = 503;
      const none = await notifier().check(at + 7 * HOUR);
      assert.equal(none.sent.length, 0);
      assert.equal(none.undelivered.length, 4);
      assert.match(none.undelivered[0]!.errors.join(' '), /alert channel webhook: answered HTTP 500/);
      assert.ok(none.undelivered.every((u) => !u.errors.join(' ').includes(TOKEN)));
      webhookStatus = 200;
      telegramStatus = 200;
      const retried = await notifier().check(at + 7 * HOUR + 60_000);
      assert.equal(retried.sent.length, 4);
    });

    it('rate-limits per kind and account: one account’s alert is not held back by another’s of the same kind', async () => {
      const at = now + 40 * HOUR;
      const sent = await notifier().check(at);
      assert.deepEqual(kinds(sent.sent), ALL_KINDS);
      // beta's latest snapshot turns incomplete: its alert goes out although alpha's of the same kind was just sent.
      await store.nav.saveMany([
        snapshot('b1', T0 + 50 * HOUR, '500', {
          benchmarkValue: '500',
          status: 'incomplete',
          failedWallets: ['spot'],
        }),
      ]);
      const next = await notifier().check(at + 60_000);
      assert.deepEqual(
        next.sent.map((a) => `${a.kind}:${a.accountName}`),
        ['incomplete_snapshot:beta'],
      );
      assert.deepEqual(kinds(next.suppressed), ALL_KINDS);
    });

    it('does nothing without a channel', async () => {
      const quiet = new AlertNotifier({
        db: store.db,
        writeLog: (e) => store.logs.write(e),
        channels: [],
        thresholds,
        repeatAfterMs: 0,
      });
      assert.deepEqual(await quiet.check(now), { sent: [], suppressed: [], undelivered: [] });
    });
  });
}
