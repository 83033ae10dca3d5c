import Big from 'big.js';
import type { Flow, FlowSource } from '../../domain/types.ts';
import { canonicalDecimal as decimal, canonicalDecimalOrNull as decimalOrNull } from '../decimal.ts';
import type { FlowBenchmarkBefore, FlowListOptions, FlowUpsertResult, StoredFlow } from '../records.ts';
import type { ProcessedTransactionsTable } from '../schema.ts';
import { dec, decOrNull, parseJson, type RepoContext } from './context.ts';

export interface FlowRepository {
  /** Records a flow once per (account, source, external id); later calls update it (e.g. pending -> counted). */
  upsert(flow: Flow, metadata?: unknown): Promise<FlowUpsertResult>;
  get(accountId: string, source: FlowSource, externalId: string): Promise<StoredFlow | undefined>;
  /** Ordered by ts, then source and external id. from/to are inclusive. */
  list(accountId: string, opts?: FlowListOptions): Promise<StoredFlow[]>;
  pending(accountId: string): Promise<StoredFlow[]>;
  /** The latest τ seen (optionally per source): where the next scan's lookback window is anchored. */
  lastTs(accountId: string, source?: FlowSource): Promise<number | undefined>;
  /** Writes each flow's B(τ⁻) from a benchmark replay (null clears it); unknown keys are left alone. */
  setBenchmarkBefore(accountId: string, values: readonly FlowBenchmarkBefore[]): Promise<void>;
}

export function flowRepository(ctx: RepoContext): FlowRepository {
  const { db } = ctx;
  const rows = (accountId: string) =>
    db.selectFrom('processed_transactions').selectAll().where('account_id', '=', accountId);
  return {
    upsert: (flow, metadata) =>
      ctx.atomic(`saving ${flow.source} ${flow.externalId} for account ${flow.accountId}`, async (tx) => {
        const now = Date.now();
        const meta = metadata === undefined ? null : JSON.stringify(metadata);
        // Insert first: a concurrent writer recording the same flow makes this a no-op instead of a failure.
        const inserted = await tx
          .insertInto('processed_transactions')
          .values(toTable(flow, meta, now, now))
          .onConflict((oc) => oc.columns(['account_id', 'source', 'external_id']).doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) {
          return { isNew: true, statusChanged: false, changed: false, previousStatus: null };
        }
        const existing = await tx
          .selectFrom('processed_transactions')
          .selectAll()
          .where('account_id', '=', flow.accountId)
          .where('source', '=', flow.source)
          .where('external_id', '=', flow.externalId)
          .executeTakeFirstOrThrow();
        const before = toFlow(existing);
        const changed = !sameFlow(before, flow) || (meta !== null && meta !== existing.metadata);
        if (changed) {
          const row = toTable(flow, meta ?? existing.metadata, Number(existing.first_seen_at), now);
          // B(τ⁻) belongs to the facts the replay used: kept while they hold, cleared (until the next
          // replay) when τ, the value or the status changed.
          const benchmarkBefore = sameReplayFacts(before, flow) ? existing.benchmark_before : null;
          await tx
            .updateTable('processed_transactions')
            .set({ ...row, first_seen_at: Number(existing.first_seen_at), benchmark_before: benchmarkBefore })
            .where('account_id', '=', flow.accountId)
            .where('source', '=', flow.source)
            .where('external_id', '=', flow.externalId)
            .execute();
        }
        return {
          isNew: false,
          statusChanged: existing.status !== flow.status,
          changed,
          previousStatus: existing.status,
        };
      }),
    get: (accountId, source, externalId) =>
      ctx.run(`reading ${source} ${externalId} of account ${accountId}`, async () => {
        const r = await rows(accountId)
          .where('source', '=', source)
          .where('external_id', '=', externalId)
          .executeTakeFirst();
        return r && toFlow(r);
      }),
    list: (accountId, opts) =>
      ctx.run(`reading flows of account ${accountId}`, async () => {
        let q = rows(accountId);
        if (opts?.from !== undefined) q = q.where('ts', '>=', opts.from);
        if (opts?.to !== undefined) q = q.where('ts', '<=', opts.to);
        if (opts?.status) q = q.where('status', '=', opts.status);
        if (opts?.source) q = q.where('source', '=', opts.source);
        return (await q.orderBy('ts').orderBy('source').orderBy('external_id').execute()).map(toFlow);
      }),
    pending: (accountId) =>
      ctx.run(`reading pending flows of account ${accountId}`, async () =>
        (await rows(accountId).where('status', '=', 'pending').orderBy('ts').execute()).map(toFlow),
      ),
    lastTs: (accountId, source) =>
      ctx.run(`reading last flow time of account ${accountId}`, async () => {
        let q = db
          .selectFrom('processed_transactions')
          .select((eb) => eb.fn.max('ts').as('ts'))
          .where('account_id', '=', accountId);
        if (source) q = q.where('source', '=', source);
        const r = await q.executeTakeFirst();
        return r?.ts === null || r?.ts === undefined ? undefined : Number(r.ts);
      }),
    setBenchmarkBefore: (accountId, values) =>
      ctx.atomic(`saving benchmark values before the flows of account ${accountId}`, async (tx) => {
        for (const v of values) {
          await tx
            .updateTable('processed_transactions')
            .set({
              benchmark_before: decimalOrNull(v.benchmarkBefore, `benchmark before flow ${v.externalId}`),
            })
            .where('account_id', '=', accountId)
            .where('source', '=', v.source)
            .where('external_id', '=', v.externalId)
            .execute();
        }
      }),
  };
}

/** The facts a benchmark replay reads from a flow. */
function sameReplayFacts(a: Flow, b: Flow): boolean {
  return a.ts === b.ts && a.status === b.status && sameDecimal(a.usdValue, b.usdValue);
}

/** Same facts, comparing decimals by value (PostgreSQL may return "0.50000000" for "0.5"). */
function sameFlow(a: Flow, b: Flow): boolean {
  return (
    a.asset === b.asset &&
    a.ts === b.ts &&
    a.status === b.status &&
    a.rawStatus === b.rawStatus &&
    sameDecimal(a.quantity, b.quantity) &&
    sameDecimal(a.usdValue, b.usdValue) &&
    sameDecimal(a.price, b.price)
  );
}

function sameDecimal(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  return new Big(a).eq(b);
}

function toTable(
  f: Flow,
  metadata: string | null,
  firstSeenAt: number,
  updatedAt: number,
): ProcessedTransactionsTable {
  return {
    account_id: f.accountId,
    source: f.source,
    external_id: f.externalId,
    asset: f.asset,
    quantity: decimal(f.quantity, `quantity of flow ${f.externalId}`),
    ts: f.ts,
    usd_value: decimalOrNull(f.usdValue, `USD value of flow ${f.externalId}`),
    price: decimalOrNull(f.price, `price of flow ${f.externalId}`),
    status: f.status,
    raw_status: f.rawStatus,
    metadata,
    first_seen_at: firstSeenAt,
    updated_at: updatedAt,
    benchmark_before: null,
  };
}

function toFlow(r: ProcessedTransactionsTable): StoredFlow {
  return {
    accountId: r.account_id,
    source: r.source as FlowSource,
    externalId: r.external_id,
    asset: r.asset,
    quantity: dec(r.quantity),
    ts: Number(r.ts),
    usdValue: decOrNull(r.usd_value),
    price: decOrNull(r.price),
    status: r.status,
    rawStatus: r.raw_status,
    metadata: parseJson<unknown>(r.metadata, null),
    firstSeenAt: Number(r.first_seen_at),
    updatedAt: Number(r.updated_at),
    benchmarkBefore: decOrNull(r.benchmark_before),
  };
}
