import type { Kysely } from 'kysely';
import type { Holding, Snapshot, WalletKind } from '../../domain/types.ts';
import { canonicalDecimal as decimal, canonicalDecimalOrNull as decimalOrNull } from '../decimal.ts';
import type { NavRangeOptions, NavRow } from '../records.ts';
import type { Database, HoldingsTable, NavHistoryTable } from '../schema.ts';
import { chunks, dec, decOrNull, INSERT_CHUNK, isoMinute, type RepoContext } from './context.ts';

export interface NavHistoryRepository {
  /** Saves a snapshot and its holdings, replacing any earlier snapshot of the same slot. */
  save(snapshot: Snapshot): Promise<void>;
  /** Saves many snapshots in one transaction with multi-row inserts (backfill, imports). */
  saveMany(snapshots: Snapshot[]): Promise<void>;
  /** Rows with from <= ts <= to, ordered by ts. */
  range(accountId: string, from: number, to: number, opts?: NavRangeOptions): Promise<NavRow[]>;
  latest(accountId: string, opts?: NavRangeOptions): Promise<NavRow | undefined>;
  /** The first row (optionally of a status): where the account's history, or its benchmark, starts. */
  first(accountId: string, opts?: NavRangeOptions): Promise<NavRow | undefined>;
  lastTs(accountId: string, opts?: NavRangeOptions): Promise<number | undefined>;
  /** The snapshot stored for exactly this slot, with its holdings. */
  snapshotAt(accountId: string, ts: number): Promise<Snapshot | undefined>;
  holdings(accountId: string, ts: number): Promise<Holding[]>;
  /** Rewrites benchmark values after a replay (late flows restate history). */
  setBenchmarkValues(
    accountId: string,
    points: { ts: number; benchmarkValue: string | null }[],
  ): Promise<void>;
  count(accountId?: string): Promise<number>;
}

const NAV_COLUMNS = [
  'account_id',
  'ts',
  'nav',
  'benchmark_value',
  'btc_price',
  'eth_price',
  'status',
  'kind',
  'failed_wallets',
  'not_enabled_wallets',
] as const;

export function navRepository(ctx: RepoContext): NavHistoryRepository {
  const { db } = ctx;
  const filtered = (accountId: string, opts?: NavRangeOptions) => {
    let q = db.selectFrom('nav_history').select(NAV_COLUMNS).where('account_id', '=', accountId);
    if (opts?.status) q = q.where('status', '=', opts.status);
    if (opts?.kind) q = q.where('kind', '=', opts.kind);
    return q;
  };
  return {
    save: (s) =>
      ctx.atomic(`saving snapshot for account ${s.accountId} at ${isoMinute(s.ts)}`, (tx) =>
        writeSnapshots(tx, [s]),
      ),
    saveMany: (list) => ctx.atomic(`saving ${list.length} snapshots`, (tx) => writeSnapshots(tx, list)),
    range: (accountId, from, to, opts) =>
      ctx.run(`reading NAV history of account ${accountId}`, async () =>
        (
          await filtered(accountId, opts)
            .where('ts', '>=', from)
            .where('ts', '<=', to)
            .orderBy('ts')
            .execute()
        ).map(toNavRow),
      ),
    latest: (accountId, opts) =>
      ctx.run(`reading latest NAV of account ${accountId}`, async () => {
        const row = await filtered(accountId, opts).orderBy('ts', 'desc').limit(1).executeTakeFirst();
        return row && toNavRow(row);
      }),
    first: (accountId, opts) =>
      ctx.run(`reading first NAV of account ${accountId}`, async () => {
        const row = await filtered(accountId, opts).orderBy('ts', 'asc').limit(1).executeTakeFirst();
        return row && toNavRow(row);
      }),
    lastTs: (accountId, opts) =>
      ctx.run(`reading last snapshot time of account ${accountId}`, async () => {
        const row = await filtered(accountId, opts).orderBy('ts', 'desc').limit(1).executeTakeFirst();
        return row ? Number(row.ts) : undefined;
      }),
    snapshotAt: (accountId, ts) =>
      ctx.run(`reading snapshot for account ${accountId} at ${isoMinute(ts)}`, async () => {
        const row = await filtered(accountId).where('ts', '=', ts).executeTakeFirst();
        if (!row) return undefined;
        return { ...toNavRow(row), holdings: await holdingsAt(db, accountId, ts) };
      }),
    holdings: (accountId, ts) =>
      ctx.run(`reading holdings for account ${accountId} at ${isoMinute(ts)}`, async () =>
        holdingsAt(db, accountId, ts),
      ),
    setBenchmarkValues: (accountId, points) =>
      ctx.atomic(`saving benchmark values for account ${accountId}`, async (tx) => {
        for (const p of points) {
          await tx
            .updateTable('nav_history')
            .set({
              benchmark_value: decimalOrNull(p.benchmarkValue, `benchmark value at ${isoMinute(p.ts)}`),
            })
            .where('account_id', '=', accountId)
            .where('ts', '=', p.ts)
            .execute();
        }
      }),
    count: (accountId) =>
      ctx.run('counting NAV rows', async () => {
        let q = db.selectFrom('nav_history').select((eb) => eb.fn.countAll<number>().as('n'));
        if (accountId !== undefined) q = q.where('account_id', '=', accountId);
        return Number((await q.executeTakeFirstOrThrow()).n);
      }),
  };
}

async function writeSnapshots(tx: Kysely<Database>, snapshots: Snapshot[]): Promise<void> {
  const now = Date.now();
  for (const batch of chunks(snapshots, INSERT_CHUNK)) {
    await tx
      .insertInto('nav_history')
      .values(batch.map((s) => toNavTable(s, now)))
      .onConflict((oc) =>
        oc.columns(['account_id', 'ts']).doUpdateSet((eb) => ({
          nav: eb.ref('excluded.nav'),
          benchmark_value: eb.ref('excluded.benchmark_value'),
          btc_price: eb.ref('excluded.btc_price'),
          eth_price: eb.ref('excluded.eth_price'),
          status: eb.ref('excluded.status'),
          kind: eb.ref('excluded.kind'),
          failed_wallets: eb.ref('excluded.failed_wallets'),
          not_enabled_wallets: eb.ref('excluded.not_enabled_wallets'),
          created_at: eb.ref('excluded.created_at'),
        })),
      )
      .execute();
    await deleteHoldings(tx, batch);
  }
  const holdings: HoldingsTable[] = snapshots.flatMap((s) =>
    s.holdings.map((h) => ({
      account_id: s.accountId,
      ts: s.ts,
      wallet: h.wallet,
      asset: h.asset,
      quantity: decimal(h.quantity, `${h.wallet} ${h.asset} quantity`),
      price: decimalOrNull(h.price, `${h.wallet} ${h.asset} price`),
      value: decimalOrNull(h.value, `${h.wallet} ${h.asset} value`),
    })),
  );
  for (const batch of chunks(holdings, INSERT_CHUNK * 2)) {
    await tx.insertInto('holdings').values(batch).execute();
  }
}

/** Holdings of a replaced snapshot go; per account, one range delete covers a whole batch of slots. */
async function deleteHoldings(tx: Kysely<Database>, batch: Snapshot[]): Promise<void> {
  const byAccount = new Map<string, number[]>();
  for (const s of batch) byAccount.set(s.accountId, [...(byAccount.get(s.accountId) ?? []), s.ts]);
  for (const [accountId, tss] of byAccount) {
    await tx.deleteFrom('holdings').where('account_id', '=', accountId).where('ts', 'in', tss).execute();
  }
}

type NavSelect = Pick<NavHistoryTable, (typeof NAV_COLUMNS)[number]>;

function toNavTable(s: Snapshot, now: number): NavHistoryTable {
  return {
    account_id: s.accountId,
    ts: s.ts,
    nav: decimal(s.nav, 'nav'),
    benchmark_value: decimalOrNull(s.benchmarkValue, 'benchmark value'),
    btc_price: decimalOrNull(s.btcPrice, 'BTC price'),
    eth_price: decimalOrNull(s.ethPrice, 'ETH price'),
    status: s.status,
    kind: s.kind,
    failed_wallets: JSON.stringify(s.failedWallets),
    not_enabled_wallets: JSON.stringify(s.notEnabledWallets),
    created_at: now,
  };
}

function toNavRow(r: NavSelect): NavRow {
  return {
    accountId: r.account_id,
    ts: Number(r.ts),
    nav: dec(r.nav),
    benchmarkValue: decOrNull(r.benchmark_value),
    btcPrice: decOrNull(r.btc_price),
    ethPrice: decOrNull(r.eth_price),
    status: r.status,
    kind: r.kind,
    failedWallets: wallets(r.failed_wallets),
    notEnabledWallets: wallets(r.not_enabled_wallets),
  };
}

/** Most snapshots have no failed wallets: skip the parser for the common "[]". */
function wallets(json: string): WalletKind[] {
  return json === '[]' ? [] : (JSON.parse(json) as WalletKind[]);
}

/** One snapshot's holdings by wallet then asset; the holdings read model answers with the same rows. */
export async function holdingsAt(db: Kysely<Database>, accountId: string, ts: number): Promise<Holding[]> {
  const rows = await db
    .selectFrom('holdings')
    .select(['wallet', 'asset', 'quantity', 'price', 'value'])
    .where('account_id', '=', accountId)
    .where('ts', '=', ts)
    .orderBy('wallet')
    .orderBy('asset')
    .execute();
  return rows.map(toHolding);
}

function toHolding(r: Omit<HoldingsTable, 'account_id' | 'ts'>): Holding {
  return {
    wallet: r.wallet as WalletKind,
    asset: r.asset,
    quantity: dec(r.quantity),
    price: decOrNull(r.price),
    value: decOrNull(r.value),
  };
}
