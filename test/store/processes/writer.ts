/** Child process for the concurrency test: adds its own account, then commits `count` snapshots, one per transaction. */
import { openStore } from '../../../src/store/index.ts';

const [dbPath, name, countText] = process.argv.slice(2) as [string, string, string];
const count = Number(countText);
const store = await openStore({ dbPath });
try {
  const account = await store.accounts.add({ name, apiKey: name, secret: `${name}-secret`, keyType: 'hmac' });
  const t0 = Date.UTC(2026, 0, 1);
  for (let i = 0; i < count; i++) {
    const ts = t0 + i * 3_600_000;
    await store.transaction(async (tx) => {
      await tx.nav.save({
        accountId: account.id,
        ts,
        status: 'complete',
        kind: 'hourly',
        nav: `${1000 + i}.25`,
        benchmarkValue: null,
        btcPrice: null,
        ethPrice: null,
        failedWallets: [],
        notEnabledWallets: [],
        holdings: Array.from({ length: 8 }, (_, k) => ({
          wallet: 'spot' as const,
          asset: `A${k}`,
          quantity: `${i}.${k}`,
          price: '1',
          value: `${i}.${k}`,
        })),
      });
      await tx.flows.upsert({
        accountId: account.id,
        source: 'deposit',
        externalId: `${name}-${i}`,
        asset: 'USDT',
        quantity: '1',
        ts,
        usdValue: '1',
        price: '1',
        status: 'counted',
        rawStatus: '1',
      });
    });
  }
  process.stdout.write(`${name} wrote ${count}\n`);
} finally {
  await store.close();
}
