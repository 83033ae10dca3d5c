/**
 * Child process for the concurrency test: adds its own account, waits until the other writer's account exists
 * (so both write at the same time), then commits `count` snapshots, one per transaction, and prints when it
 * wrote its first and last.
 */
import { openStore } from '../../../src/store/index.ts';

const [dbPath, name, countText, other] = process.argv.slice(2) as [string, string, string, string];
const count = Number(countText);
const store = await openStore({ dbPath });
try {
  const account = await store.accounts.add({ name, apiKey: name, secret: `${name}-secret`, keyType: 'hmac' });
  const deadline = Date.now() + 20_000;
  while (!(await store.accounts.byName(other))) {
    if (Date.now() > deadline) throw new Error(`${other} never appeared`);
    await new Promise((r) => setTimeout(r, 5));
  }
  const t0 = Date.UTC(2026, 0, 1);
  const commits: number[] = [];
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
    commits.push(Date.now());
    // A worker does other work (HTTP) between its transactions; back-to-back commits would let one writer
    // re-take the lock before SQLite's busy handler wakes the other, and the two would merely take turns.
    await new Promise((r) => setTimeout(r, 10));
  }
  process.stdout.write(`${name} wrote ${count} ${commits[0]} ${commits.at(-1)}\n`);
} finally {
  await store.close();
}
