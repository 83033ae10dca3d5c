/** What the alert rules need, read from the store (read-only queries, the same on SQLite and PostgreSQL). */
import type { Kysely } from 'kysely';
import type { FlowPoint, WalletKind } from '../domain/types.ts';
import type { Database } from '../store/schema.ts';
import type { AccountRef } from './rules.ts';

export async function enabledAccounts(db: Kysely<Database>): Promise<AccountRef[]> {
  const rows = await db
    .selectFrom('binance_accounts')
    .select(['id', 'name'])
    .where('enabled', '=', 1)
    .orderBy('name')
    .execute();
  return rows.map((r) => ({ id: String(r.id), name: r.name }));
}

export async function latestSnapshot(
  db: Kysely<Database>,
  accountId: string,
): Promise<{ ts: number; status: 'complete' | 'incomplete'; failedWallets: WalletKind[] } | null> {
  const row = await db
    .selectFrom('nav_history')
    .select(['ts', 'status', 'failed_wallets'])
    .where('account_id', '=', accountId)
    .where('kind', '=', 'hourly')
    .orderBy('ts', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  return { ts: Number(row.ts), status: row.status, failedWallets: parseList(row.failed_wallets) };
}

function parseList(text: string | null): WalletKind[] {
  try {
    const v: unknown = JSON.parse(text ?? '[]');
    return Array.isArray(v) ? (v.filter((x) => typeof x === 'string') as WalletKind[]) : [];
  } catch {
    return [];
  }
}

export async function countedFlows(
  db: Kysely<Database>,
  accountId: string,
  since: number,
): Promise<FlowPoint[]> {
  const rows = await db
    .selectFrom('processed_transactions')
    .select(['ts', 'usd_value', 'benchmark_before'])
    .where('account_id', '=', accountId)
    .where('status', '=', 'counted')
    .where('usd_value', 'is not', null)
    .where('ts', '>=', since)
    .orderBy('ts')
    .execute();
  return rows.map((r) => ({
    ts: Number(r.ts),
    usdValue: String(r.usd_value),
    benchmarkBefore: r.benchmark_before === null ? null : String(r.benchmark_before),
  }));
}

/** The scheduler's run outcomes (system_logs, component 'scheduler'), newest first. */
export async function latestRunOutcomes(
  db: Kysely<Database>,
  limit: number,
): Promise<Array<{ slotTs: number; status: string; detail: string | null }>> {
  const rows = await db
    .selectFrom('system_logs')
    .select(['ts', 'operation', 'data'])
    .where('component', '=', 'scheduler')
    .where('operation', 'in', ['run_ok', 'run_failed', 'run_timeout'])
    .orderBy('ts', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => {
    const data = parseObject(r.data);
    const slot = typeof data.slot === 'string' ? Date.parse(data.slot) : Number.NaN;
    return {
      slotTs: Number.isFinite(slot) ? slot : Number(r.ts),
      status: String(r.operation).slice('run_'.length),
      detail: typeof data.detail === 'string' ? data.detail : null,
    };
  });
}

function parseObject(text: string | null): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text ?? '{}');
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** When this alert (kind and account) was last sent: kept as system_logs entries of component 'alerts'. */
export async function lastSent(
  db: Kysely<Database>,
  operation: string,
  accountId: string | null,
): Promise<number | null> {
  let q = db
    .selectFrom('system_logs')
    .select((eb) => eb.fn.max('ts').as('last'))
    .where('component', '=', 'alerts')
    .where('operation', '=', operation);
  q = accountId === null ? q.where('account_id', 'is', null) : q.where('account_id', '=', accountId);
  const row = await q.executeTakeFirst();
  return row?.last === null || row?.last === undefined ? null : Number(row.last);
}
