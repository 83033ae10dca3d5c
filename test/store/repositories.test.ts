import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Big from 'big.js';
import type { Flow, Snapshot } from '../../src/domain/types.ts';
import type { Store } from '../../src/store/index.ts';
import { testStores } from '../helpers/stores.ts';

const H = 3_600_000;
const T0 = Date.UTC(2026, 0, 5, 10); // 2026-01-05T10:00Z

function snapshot(accountId: string, ts: number, nav: string, extra: Partial<Snapshot> = {}): Snapshot {
  return {
    accountId,
    ts,
    status: 'complete',
    kind: 'hourly',
    nav,
    benchmarkValue: null,
    btcPrice: '91000.12',
    ethPrice: '3100.5',
    failedWallets: [],
    notEnabledWallets: ['coinm'],
    holdings: [
      { wallet: 'spot', asset: 'BTC', quantity: '0.00150000', price: '91000.12', value: '136.50018' },
      { wallet: 'funding', asset: 'XYZ', quantity: '12', price: null, value: null },
    ],
    ...extra,
  };
}

function flow(accountId: string, externalId: string, extra: Partial<Flow> = {}): Flow {
  return {
    accountId,
    source: 'deposit',
    externalId,
    asset: 'USDT',
    quantity: '100.5',
    ts: T0 + 1000,
    usdValue: null,
    price: null,
    status: 'pending',
    rawStatus: '0',
    ...extra,
  };
}

for (const backend of testStores()) {
  describe(`store repositories on ${backend.name}`, () => {
    let store: Store;
    let alpha: string;
    let beta: string;
    before(async () => {
      store = await backend.open();
      alpha = (await store.accounts.add({ name: 'alpha', apiKey: 'ak', secret: 'as', keyType: 'hmac' })).id;
      beta = (await store.accounts.add({ name: 'beta', apiKey: 'bk', secret: 'bs', keyType: 'ed25519' })).id;
    });
    after(() => store.close());

    test('accounts: add, find, enable, wallets, fee config; secrets decrypt, list never carries them', async () => {
      const a = await store.accounts.byName('alpha');
      assert.equal(a?.id, alpha);
      assert.equal(a?.enabled, true);
      assert.equal(a?.wallets, null);
      assert.equal(JSON.stringify(await store.accounts.list()).includes('"as"'), false);
      await store.accounts.updateWallets(alpha, { spot: true, usdm: false });
      await store.accounts.setFeeConfig(alpha, { rate: '0.2', period: 'monthly', alphaOnly: true });
      await store.accounts.setEnabled(beta, false);
      const got = await store.accounts.get(alpha);
      assert.deepEqual(got?.wallets, { spot: true, usdm: false });
      assert.deepEqual(got?.feeConfig, { rate: '0.2', period: 'monthly', alphaOnly: true });
      assert.deepEqual(
        (await store.accounts.list({ enabledOnly: true })).map((x) => x.name),
        ['alpha'],
      );
      assert.deepEqual(await store.accounts.credentials(beta), {
        apiKey: 'bk',
        secret: 'bs',
        keyType: 'ed25519',
      });
      await store.accounts.setEnabled(beta, true);
      await assert.rejects(
        store.accounts.add({ name: 'alpha', apiKey: 'x', secret: 'y', keyType: 'hmac' }),
        /adding account alpha/,
      );
    });

    test('nav: save with holdings, range ordered and filtered, latest, lastTs, snapshotAt, exact decimals', async () => {
      // Saved out of order on purpose: reads must come back ordered by ts.
      await store.nav.save(snapshot(alpha, T0 + 2 * H, '1002.5'));
      await store.nav.save(snapshot(alpha, T0, '1000.00000001'));
      await store.nav.save(
        snapshot(alpha, T0 + H, '400', { status: 'incomplete', failedWallets: ['usdm'], holdings: [] }),
      );
      await store.nav.save(snapshot(beta, T0, '5'));

      const all = await store.nav.range(alpha, T0, T0 + 2 * H);
      assert.deepEqual(
        all.map((r) => r.ts),
        [T0, T0 + H, T0 + 2 * H],
      );
      assert.ok(new Big(all[0]!.nav).eq('1000.00000001'));
      assert.deepEqual(all[1]!.failedWallets, ['usdm']);
      const complete = await store.nav.range(alpha, T0, T0 + 2 * H, { status: 'complete' });
      assert.deepEqual(
        complete.map((r) => r.ts),
        [T0, T0 + 2 * H],
      );
      assert.deepEqual(
        (await store.nav.range(alpha, T0 + 1, T0 + H)).map((r) => r.ts),
        [T0 + H],
      );
      assert.equal((await store.nav.latest(alpha))?.ts, T0 + 2 * H);
      assert.equal((await store.nav.latest(alpha, { status: 'incomplete' }))?.ts, T0 + H);
      assert.equal(await store.nav.lastTs(alpha), T0 + 2 * H);
      assert.equal(await store.nav.lastTs('nobody'), undefined);
      assert.equal((await store.nav.first(alpha, { status: 'complete' }))?.ts, T0);

      const s = await store.nav.snapshotAt(alpha, T0);
      assert.ok(s);
      assert.deepEqual(s.notEnabledWallets, ['coinm']);
      assert.equal(s.holdings.length, 2);
      const btc = s.holdings.find((h) => h.asset === 'BTC')!;
      assert.ok(new Big(btc.quantity).eq('0.0015'));
      assert.ok(new Big(btc.value!).eq('136.50018'));
      const xyz = s.holdings.find((h) => h.asset === 'XYZ')!;
      assert.equal(xyz.price, null);
      assert.equal(xyz.value, null);
      assert.equal(await store.nav.snapshotAt(alpha, T0 + 5), undefined);
      assert.equal(await store.nav.count(alpha), 3);
    });

    test('nav: saving the same slot again replaces the row and its holdings', async () => {
      const ts = T0 + 10 * H;
      await store.nav.save(snapshot(alpha, ts, '10'));
      await store.nav.save(
        snapshot(alpha, ts, '11', {
          holdings: [{ wallet: 'usdm', asset: 'USDT', quantity: '-3.5', price: '1', value: '-3.5' }],
        }),
      );
      const s = await store.nav.snapshotAt(alpha, ts);
      assert.ok(new Big(s!.nav).eq(11));
      assert.deepEqual(
        s!.holdings.map((h) => [h.wallet, h.asset]),
        [['usdm', 'USDT']],
      );
      assert.ok(new Big(s!.holdings[0]!.quantity).eq('-3.5'));
      await store.nav.setBenchmarkValues(alpha, [{ ts, benchmarkValue: '10.75' }]);
      assert.ok(new Big((await store.nav.latest(alpha))!.benchmarkValue!).eq('10.75'));
    });

    test('nav.saveMany writes many snapshots in one go', async () => {
      const list = Array.from({ length: 30 }, (_, i) => snapshot(beta, T0 + (i + 1) * H, String(100 + i)));
      await store.nav.saveMany(list);
      const got = await store.nav.range(beta, T0 + H, T0 + 30 * H);
      assert.equal(got.length, 30);
      assert.ok(new Big(got[29]!.nav).eq(129));
      assert.equal((await store.nav.holdings(beta, T0 + 30 * H)).length, 2);
    });

    test('a permanent error surfaces at once as a StoreError naming the work', async () => {
      const started = Date.now();
      await assert.rejects(store.nav.save(snapshot('ghost', T0, '1')), (err: Error) => {
        assert.equal(err.name, 'StoreError');
        assert.match(err.message, /^saving snapshot for account ghost at 2026-01-05T10:00Z: /);
        return true;
      });
      assert.ok(Date.now() - started < 1000, 'not retried');
    });

    test('flows: upsert reports new / status change / no change; list, pending, lastTs', async () => {
      const first = await store.flows.upsert(flow(alpha, '123'), { raw: { id: 123 } });
      assert.deepEqual(first, { isNew: true, statusChanged: false, changed: false, previousStatus: null });
      const same = await store.flows.upsert(flow(alpha, '123', { quantity: '100.50' }));
      assert.deepEqual(same, {
        isNew: false,
        statusChanged: false,
        changed: false,
        previousStatus: 'pending',
      });
      assert.deepEqual(
        (await store.flows.pending(alpha)).map((f) => f.externalId),
        ['123'],
      );
      const settled = await store.flows.upsert(
        flow(alpha, '123', { status: 'counted', rawStatus: '1', usdValue: '100.5', price: '1' }),
      );
      assert.deepEqual(settled, {
        isNew: false,
        statusChanged: true,
        changed: true,
        previousStatus: 'pending',
      });
      assert.deepEqual(await store.flows.pending(alpha), []);
      await store.flows.upsert(
        flow(alpha, 'w1', {
          source: 'withdrawal',
          quantity: '-0.5',
          ts: T0 + 3 * H,
          status: 'counted',
          usdValue: '-45500',
          price: '91000',
          rawStatus: '6',
        }),
      );
      const counted = await store.flows.list(alpha, { status: 'counted' });
      assert.deepEqual(
        counted.map((f) => f.externalId),
        ['123', 'w1'],
      );
      assert.deepEqual(
        counted[0]!.metadata,
        { raw: { id: 123 } },
        'metadata kept when an update carries none',
      );
      assert.ok(new Big(counted[1]!.usdValue!).eq(-45500));
      assert.deepEqual(
        (await store.flows.list(alpha, { from: T0 + 2 * H })).map((f) => f.externalId),
        ['w1'],
      );
      assert.deepEqual(
        (await store.flows.list(alpha, { to: T0 + 2 * H })).map((f) => f.externalId),
        ['123'],
      );
      assert.equal(await store.flows.lastTs(alpha), T0 + 3 * H);
      assert.equal(await store.flows.lastTs(alpha, 'deposit'), T0 + 1000);
      assert.equal(await store.flows.lastTs(beta), undefined);
      assert.equal((await store.flows.get(alpha, 'deposit', '123'))?.status, 'counted');
    });

    test('flows: benchmark_before is null until set, exact, kept while the replayed facts hold', async () => {
      const dep = flow(alpha, 'bb1', { ts: T0 + 5 * H, status: 'counted', usdValue: '250.5', price: '1' });
      await store.flows.upsert(dep);
      assert.equal((await store.flows.get(alpha, 'deposit', 'bb1'))?.benchmarkBefore, null);
      await store.flows.setBenchmarkBefore(alpha, [
        { source: 'deposit', externalId: 'bb1', benchmarkBefore: '10123.000000000000000001' },
        // Unknown keys are ignored, not errors.
        { source: 'deposit', externalId: 'nobody', benchmarkBefore: '1' },
      ]);
      const read = await store.flows.get(alpha, 'deposit', 'bb1');
      assert.ok(
        new Big(read!.benchmarkBefore!).eq('10123.000000000000000001'),
        read?.benchmarkBefore ?? 'null',
      );
      assert.equal(
        (await store.flows.list(alpha, { from: T0 + 5 * H, to: T0 + 5 * H }))[0]?.benchmarkBefore,
        read!.benchmarkBefore,
      );
      // New metadata only: the value the replay used still holds.
      await store.flows.upsert(dep, { note: 'audit' });
      assert.equal((await store.flows.get(alpha, 'deposit', 'bb1'))?.benchmarkBefore, read!.benchmarkBefore);
      // A changed τ invalidates it until the next replay.
      await store.flows.upsert({ ...dep, ts: T0 + 5 * H + 60_000 });
      assert.equal((await store.flows.get(alpha, 'deposit', 'bb1'))?.benchmarkBefore, null);
      await store.flows.setBenchmarkBefore(alpha, [
        { source: 'deposit', externalId: 'bb1', benchmarkBefore: '7' },
      ]);
      await store.flows.setBenchmarkBefore(alpha, [
        { source: 'deposit', externalId: 'bb1', benchmarkBefore: null },
      ]);
      assert.equal((await store.flows.get(alpha, 'deposit', 'bb1'))?.benchmarkBefore, null);
      // Inside a transaction that fails, nothing is written.
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.flows.setBenchmarkBefore(alpha, [
            { source: 'deposit', externalId: 'bb1', benchmarkBefore: '9' },
          ]);
          throw new Error('boom');
        }),
      );
      assert.equal((await store.flows.get(alpha, 'deposit', 'bb1'))?.benchmarkBefore, null);
    });

    test('accounts: base_url is stored on add, read back, changed and cleared', async () => {
      assert.equal((await store.accounts.get(alpha))?.baseUrl, null);
      const d = await store.accounts.add({
        name: 'delta',
        apiKey: 'dk',
        secret: 'ds',
        keyType: 'hmac',
        baseUrl: 'http://127.0.0.1:9/emulator',
      });
      assert.equal(d.baseUrl, 'http://127.0.0.1:9/emulator');
      assert.equal((await store.accounts.byName('delta'))?.baseUrl, 'http://127.0.0.1:9/emulator');
      await store.accounts.setBaseUrl(d.id, 'https://api.binance.com');
      assert.equal((await store.accounts.get(d.id))?.baseUrl, 'https://api.binance.com');
      await store.accounts.setBaseUrl(d.id, null);
      assert.equal((await store.accounts.get(d.id))?.baseUrl, null);
      assert.equal(await store.accounts.remove(d.id), true);
    });

    test('the same new flow recorded twice at once: one is new, neither fails', async () => {
      const results = await Promise.all(
        [1, 2, 3].map(() =>
          store.flows.upsert(flow(beta, 'race', { status: 'counted', usdValue: '100.5', price: '1' })),
        ),
      );
      assert.equal(results.filter((r) => r.isNew).length, 1);
      assert.equal(results.filter((r) => r.changed).length, 0);
    });

    test('prices: put replaces, at() is the latest at or before, range is ordered', async () => {
      await store.prices.put([
        { symbol: 'BTCUSDT', ts: T0 + H, price: '91500' },
        { symbol: 'BTCUSDT', ts: T0, price: '91000.10' },
        { symbol: 'ETHUSDT', ts: T0, price: '3100' },
      ]);
      await store.prices.put([{ symbol: 'BTCUSDT', ts: T0 + H, price: '91600' }]);
      assert.equal(await store.prices.at('BTCUSDT', T0 - 1), undefined);
      assert.ok(new Big((await store.prices.at('BTCUSDT', T0 + H - 1))!.price).eq('91000.1'));
      assert.ok(new Big((await store.prices.at('BTCUSDT', T0 + 5 * H))!.price).eq('91600'));
      assert.deepEqual(
        (await store.prices.range('BTCUSDT', T0, T0 + H)).map((p) => p.ts),
        [T0, T0 + H],
      );
      assert.equal((await store.prices.latest('ETHUSDT'))?.ts, T0);
      assert.deepEqual(await store.prices.symbols(), ['BTCUSDT', 'ETHUSDT']);
    });

    test('benchmarks: config and cached state', async () => {
      await store.benchmarks.setConfig(alpha, {
        assets: [
          { asset: 'BTC', weight: '0.5' },
          { asset: 'ETH', weight: '0.5' },
        ],
        rebalance: 'weekly',
      });
      let b = await store.benchmarks.get(alpha);
      assert.equal(b?.config.rebalance, 'weekly');
      assert.equal(b?.units, null);
      await store.benchmarks.setState(alpha, {
        units: { BTC: '0.01', ETH: '0.3' },
        initializedAt: T0,
        lastRebalanceAt: null,
      });
      b = await store.benchmarks.get(alpha);
      assert.deepEqual(b?.units, { BTC: '0.01', ETH: '0.3' });
      assert.equal(b?.initializedAt, T0);
      await store.benchmarks.setConfig(alpha, { assets: [{ asset: 'BTC', weight: '1' }], rebalance: 'none' });
      b = await store.benchmarks.get(alpha);
      assert.deepEqual(b?.units, { BTC: '0.01', ETH: '0.3' }, 'state kept when only the config changes');
      assert.equal(b?.config.assets.length, 1);
      await assert.rejects(
        store.benchmarks.setState(beta, { units: null, initializedAt: null, lastRebalanceAt: null }),
      );
    });

    test('fees: upsert per period, list, mark paid', async () => {
      const fee = {
        accountId: alpha,
        periodStart: T0,
        periodEnd: T0 + 720 * H,
        startIndex: '1',
        endIndex: '1.1',
        hwmBefore: '1',
        hwmAfter: '1.1',
        navEnd: '1100',
        rate: '0.2',
        fee: '20',
        status: 'accrued' as const,
        computedAt: T0 + 721 * H,
      };
      await store.fees.upsert(fee);
      await store.fees.upsert({ ...fee, fee: '20.000000000001' });
      const list = await store.fees.list(alpha);
      assert.equal(list.length, 1);
      assert.ok(new Big(list[0]!.fee).eq('20.000000000001'));
      assert.equal(await store.fees.setStatus(alpha, T0, 'paid'), true);
      assert.equal((await store.fees.list(alpha, { from: T0, to: T0 }))[0]?.status, 'paid');
    });

    test('logs: write, query by level/component/account/time newest first, prune by retention', async () => {
      const day = 86_400_000;
      const now = T0 + 40 * day;
      await store.logs.write([
        { ts: T0, level: 'info', component: 'worker', message: 'old' },
        {
          ts: now - day - 60_000,
          level: 'warn',
          component: 'worker',
          accountId: alpha,
          message: 'slow',
          durationMs: 1200,
        },
        {
          ts: now,
          level: 'error',
          component: 'client',
          accountId: alpha,
          message: 'boom',
          data: { code: -1021 },
        },
        { ts: now, level: 'debug', component: 'worker', message: 'noise' },
      ]);
      const warnUp = await store.logs.query({ level: 'warn' });
      assert.deepEqual(
        warnUp.map((l) => l.message),
        ['boom', 'slow'],
      );
      assert.deepEqual(warnUp[0]!.data, { code: -1021 });
      assert.deepEqual(
        (await store.logs.query({ component: 'worker', from: now - 2 * day })).map((l) => l.message),
        ['noise', 'slow'],
      );
      assert.equal((await store.logs.query({ account: alpha, limit: 1 }))[0]?.message, 'boom');
      assert.equal(await store.logs.prune(undefined, now), 1, '30-day default removes only the old entry');
      assert.equal(await store.logs.prune(1, now), 1);
      assert.deepEqual((await store.logs.query()).map((l) => l.message).sort(), ['boom', 'noise']);
    });

    test('runs: start, finish, list, latest', async () => {
      const id = await store.runs.start({ slotTs: T0, startedAt: T0 + 1 });
      assert.equal((await store.runs.latest())?.status, 'running');
      assert.equal(await store.runs.latest({ finished: true }), undefined);
      await store.runs.finish(id, {
        status: 'ok',
        accountsOk: 2,
        accountsFailed: 0,
        weightUsed: 140,
        finishedAt: T0 + 9,
      });
      const id2 = await store.runs.start({ slotTs: T0 + H, startedAt: T0 + H + 1 });
      const runs = await store.runs.list();
      assert.deepEqual(
        runs.map((r) => r.id),
        [id2, id],
      );
      const done = await store.runs.latest({ finished: true });
      assert.equal(done?.id, id);
      assert.equal(done?.weightUsed, 140);
      assert.equal(done?.finishedAt, T0 + 9);
    });

    test('locks: leases exclude other holders until expiry; renew and release by the holder only', async () => {
      const now = 1_000_000;
      assert.equal(await store.locks.acquire('scheduler', 'a', 1000, now), true);
      assert.equal(await store.locks.acquire('scheduler', 'b', 1000, now + 500), false);
      assert.equal(await store.locks.acquire('scheduler', 'a', 1000, now + 500), true, 'holder re-acquires');
      assert.equal(await store.locks.renew('scheduler', 'b', 1000, now + 600), false);
      assert.equal(await store.locks.renew('scheduler', 'a', 1000, now + 600), true);
      assert.equal((await store.locks.get('scheduler'))?.expiresAt, now + 1600);
      assert.equal(
        await store.locks.acquire('scheduler', 'b', 1000, now + 1601),
        true,
        'expired lease taken',
      );
      assert.equal(await store.locks.release('scheduler', 'a'), false);
      assert.equal(await store.locks.release('scheduler', 'b'), true);
      assert.equal(await store.locks.get('scheduler'), undefined);
    });

    test('concurrent acquires: exactly one holder wins', async () => {
      const results = await Promise.all(
        ['h1', 'h2', 'h3', 'h4'].map((h) => store.locks.acquire('race', h, 60_000)),
      );
      assert.equal(results.filter(Boolean).length, 1);
    });

    test('transaction: commits together, rolls back everything on error, repositories bound to it', async () => {
      const ts = T0 + 100 * H;
      await store.transaction(async (tx) => {
        await tx.nav.save(snapshot(beta, ts, '7'));
        await tx.flows.upsert(flow(beta, 'tx1', { ts }));
        assert.equal(await tx.nav.lastTs(beta), ts, 'the transaction sees its own writes');
      });
      assert.equal(await store.nav.lastTs(beta), ts);
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.nav.save(snapshot(beta, ts + H, '8'));
          await tx.flows.upsert(flow(beta, 'tx2', { ts: ts + H }));
          throw new Error('valuation failed');
        }),
        /valuation failed/,
      );
      assert.equal(await store.nav.lastTs(beta), ts);
      assert.equal(await store.flows.get(beta, 'deposit', 'tx2'), undefined);
      // A failing statement inside also rolls back the earlier ones, and is named.
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.nav.save(snapshot(beta, ts + 2 * H, '9'));
          await tx.nav.save(snapshot('ghost', ts + 2 * H, '9'));
        }),
        /saving snapshot for account ghost/,
      );
      assert.equal(await store.nav.lastTs(beta), ts);
    });

    test('removing an account removes its history', async () => {
      const g = await store.accounts.add({ name: 'gamma', apiKey: 'g', secret: 'g', keyType: 'hmac' });
      await store.nav.save(snapshot(g.id, T0, '1'));
      await store.flows.upsert(flow(g.id, 'x'));
      assert.equal(await store.accounts.remove(g.id), true);
      assert.equal(await store.nav.count(g.id), 0);
      assert.deepEqual(await store.flows.list(g.id), []);
      assert.equal(await store.accounts.remove(g.id), false);
    });
  });
}

test('SQLite: using the store itself inside its transaction is a clear error, not a hang', async () => {
  const sqlite = testStores().find((s) => s.name === 'sqlite')!;
  const store = await sqlite.open();
  try {
    await assert.rejects(
      store.transaction(async () => {
        await store.accounts.list();
      }),
      /used inside its own transaction: use the transaction handle/,
    );
    assert.deepEqual(await store.accounts.list(), [], 'the store still works afterwards');
  } finally {
    await store.close();
  }
});
