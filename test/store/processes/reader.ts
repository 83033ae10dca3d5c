/**
 * Child process for the concurrency test: reads while the writers write, until it has seen `expected` snapshots.
 * Every snapshot it sees must be whole (8 holdings, its flow present): a torn transaction fails the test.
 */
import { openStore } from '../../../src/store/index.ts';

const [dbPath, expectedText] = process.argv.slice(2) as [string, string];
const expected = Number(expectedText);
const deadline = Date.now() + 20_000;
const store = await openStore({ dbPath });
let reads = 0;
try {
  for (;;) {
    const { rows } = await store.db
      .selectFrom('nav_history as n')
      .select((eb) => [
        eb.fn.countAll<number>().as('snapshots'),
        eb.fn
          .sum<number>(
            eb
              .selectFrom('holdings as h')
              .select(eb.fn.countAll().as('c'))
              .whereRef('h.account_id', '=', 'n.account_id')
              .whereRef('h.ts', '=', 'n.ts'),
          )
          .as('holdings'),
        eb.fn
          .sum<number>(
            eb
              .selectFrom('processed_transactions as p')
              .select(eb.fn.countAll().as('c'))
              .whereRef('p.account_id', '=', 'n.account_id')
              .whereRef('p.ts', '=', 'n.ts'),
          )
          .as('flows'),
      ])
      .execute()
      .then((r) => ({ rows: r }));
    const { snapshots, holdings, flows } = rows[0]!;
    reads++;
    if (Number(holdings ?? 0) !== Number(snapshots) * 8 || Number(flows ?? 0) !== Number(snapshots)) {
      throw new Error(`torn read: ${snapshots} snapshots, ${holdings} holdings, ${flows} flows`);
    }
    if (Number(snapshots) >= expected) break;
    if (Date.now() > deadline) throw new Error(`saw only ${snapshots} of ${expected} snapshots`);
    await new Promise((r) => setTimeout(r, 5));
  }
  process.stdout.write(`reader ok after ${reads} reads\n`);
} finally {
  await store.close();
}
