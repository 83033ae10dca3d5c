/**
 * Importing the legacy Python system's PostgreSQL tables into this store, idempotently: rows already present
 * (same account id, same slot, same transaction id, same price point) are left as they are, so a second run
 * imports nothing new. Everything is written in one transaction.
 *
 * Mapping:
 * - binance_accounts: same id and name, the plain api_secret encrypted, key type HMAC;
 * - benchmark_configs: 50/50 BTC/ETH with the legacy units as the cached state; a rebalance day/hour becomes
 *   the weekly rule (Monday 17:00 UTC), and a different legacy day/hour is reported;
 * - nav_history: complete hourly snapshots at the legacy timestamp floored to the hour, without holdings (the
 *   legacy system kept no breakdown); a second row in the same hour is reported and skipped;
 * - processed_transactions: deposits and withdrawals become flows (metadata.legacy = true, original fields kept),
 *   other types are reported and skipped;
 * - price_history: BTCUSDT and ETHUSDT rows.
 */
import Big from 'big.js';
import pg from 'pg';
import { DEFAULT_BENCHMARK, type FlowSource, type FlowStatus } from '../domain/types.ts';
import { redactUrl } from './connect.ts';
import { canonicalDecimal } from './decimal.ts';
import type { Store, StoreTx } from './index.ts';
import { chunks, INSERT_CHUNK } from './repos/context.ts';
import type { NavHistoryTable, PriceHistoryTable } from './schema.ts';

const HOUR = 3_600_000;

export interface LegacyImportReport {
  imported: { accounts: number; benchmarks: number; snapshots: number; flows: number; prices: number };
  alreadyPresent: { accounts: number; benchmarks: number; snapshots: number; flows: number; prices: number };
  /** What could not be imported or was imported with a caveat, one line each. */
  notes: string[];
}

type Rows = Record<string, unknown>[];

interface LegacyData {
  accounts: Rows;
  benchmarks: Rows;
  navs: Rows;
  transactions: Rows;
  prices: Rows;
}

export async function importLegacy(store: Store, legacyUrl: string): Promise<LegacyImportReport> {
  const notes: string[] = [];
  const data = await readLegacy(legacyUrl, notes);
  const report: LegacyImportReport = {
    imported: { accounts: 0, benchmarks: 0, snapshots: 0, flows: 0, prices: 0 },
    alreadyPresent: { accounts: 0, benchmarks: 0, snapshots: 0, flows: 0, prices: 0 },
    notes,
  };
  await store.transaction(async (tx) => {
    const known = await importAccounts(tx, data.accounts, report);
    await importBenchmarks(tx, data.benchmarks, known, report);
    await importNavs(tx, data.navs, known, report);
    await importTransactions(tx, data.transactions, known, report);
    await importPrices(tx, data.prices, report);
  }, 'importing legacy data');
  return report;
}

// ---- reading ------------------------------------------------------------------------------------------------

const TIME_TYPES = new Set(['timestamp with time zone', 'timestamp without time zone', 'date']);

async function readLegacy(url: string, notes: string[]): Promise<LegacyData> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`reading the legacy database at ${redactUrl(url)}: ${(err as Error).message}`);
  }
  try {
    const columns = await columnTypes(client);
    const read = async (table: string, wanted: Record<string, 'text' | 'time' | 'json'>): Promise<Rows> => {
      const cols = columns.get(table);
      if (!cols) {
        notes.push(`legacy table ${table} not found: skipped`);
        return [];
      }
      const select = Object.entries(wanted).map(([name, kind]) => {
        const type = cols.get(name);
        if (type === undefined) return `NULL AS ${name}`;
        if (kind === 'time') return `${timeExpr(name, type)} AS ${name}`;
        if (kind === 'json') return `${name}::text AS ${name}`;
        return `${name}::text AS ${name}`;
      });
      const { rows } = await client.query(`SELECT ${select.join(', ')} FROM ${table}`);
      return rows as Rows;
    };
    return {
      accounts: await read('binance_accounts', {
        id: 'text',
        account_name: 'text',
        api_key: 'text',
        api_secret: 'text',
      }),
      benchmarks: await read('benchmark_configs', {
        account_id: 'text',
        btc_units: 'text',
        eth_units: 'text',
        rebalance_day: 'text',
        rebalance_hour: 'text',
        initialized_at: 'time',
      }),
      navs: await read('nav_history', {
        account_id: 'text',
        timestamp: 'time',
        nav: 'text',
        benchmark_value: 'text',
        btc_price: 'text',
        eth_price: 'text',
      }),
      transactions: await read('processed_transactions', {
        account_id: 'text',
        transaction_id: 'text',
        type: 'text',
        amount: 'text',
        timestamp: 'time',
        status: 'text',
        metadata: 'json',
      }),
      prices: await read('price_history', { timestamp: 'time', btc_price: 'text', eth_price: 'text' }),
    };
  } finally {
    await client.end();
  }
}

async function columnTypes(client: pg.Client): Promise<Map<string, Map<string, string>>> {
  const { rows } = await client.query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT table_name, column_name, data_type FROM information_schema.columns
     WHERE table_schema = current_schema()
       AND table_name IN ('binance_accounts', 'benchmark_configs', 'nav_history', 'processed_transactions', 'price_history')`,
  );
  const out = new Map<string, Map<string, string>>();
  for (const r of rows) {
    const t = out.get(r.table_name) ?? new Map<string, string>();
    t.set(r.column_name, r.data_type);
    out.set(r.table_name, t);
  }
  return out;
}

/** Epoch ms as text. A timestamp without zone is taken as UTC; numbers below 1e11 are epoch seconds. */
function timeExpr(column: string, type: string): string {
  if (TIME_TYPES.has(type)) return `round(extract(epoch FROM ${column}) * 1000)::bigint::text`;
  return `(CASE WHEN ${column}::numeric < 100000000000 THEN ${column}::numeric * 1000 ELSE ${column}::numeric END)::bigint::text`;
}

// ---- writing ------------------------------------------------------------------------------------------------

function text(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}

function ms(v: unknown): number | null {
  const t = text(v);
  return t === null ? null : Number(t);
}

function decimal(v: unknown): string | null {
  const t = text(v);
  if (t === null) return null;
  try {
    return canonicalDecimal(t, 'legacy value');
  } catch {
    return null;
  }
}

async function importAccounts(tx: StoreTx, rows: Rows, report: LegacyImportReport): Promise<Set<string>> {
  const known = new Set<string>();
  for (const r of rows) {
    const id = text(r.id);
    const name = text(r.account_name);
    const apiKey = text(r.api_key);
    const secret = text(r.api_secret);
    if (!id || !name || !apiKey || !secret) {
      report.notes.push(`account ${name ?? id ?? '?'}: missing id, name, api key or secret: skipped`);
      continue;
    }
    if (await tx.accounts.get(id)) {
      report.alreadyPresent.accounts++;
      known.add(id);
      continue;
    }
    if (await tx.accounts.byName(name)) {
      report.notes.push(
        `account ${name}: a different account of that name exists here: skipped with its history`,
      );
      continue;
    }
    await tx.accounts.add({ id, name, apiKey, secret, keyType: 'hmac' });
    report.imported.accounts++;
    known.add(id);
  }
  return known;
}

async function importBenchmarks(tx: StoreTx, rows: Rows, known: Set<string>, report: LegacyImportReport) {
  for (const r of rows) {
    const accountId = text(r.account_id);
    if (!accountId || !known.has(accountId)) {
      report.notes.push(`benchmark of unknown account ${accountId}: skipped`);
      continue;
    }
    if (await tx.benchmarks.get(accountId)) {
      report.alreadyPresent.benchmarks++;
      continue;
    }
    const day = text(r.rebalance_day);
    const hour = text(r.rebalance_hour);
    const weekly = day !== null || hour !== null;
    if (weekly && !isMonday1700(day, hour)) {
      report.notes.push(
        `benchmark of account ${accountId}: legacy rebalance day ${day} hour ${hour} mapped to weekly, Monday 17:00 UTC`,
      );
    }
    const btc = decimal(r.btc_units);
    const eth = decimal(r.eth_units);
    const units = btc !== null && eth !== null ? { BTC: btc, ETH: eth } : null;
    await tx.benchmarks.setConfig(
      accountId,
      { assets: DEFAULT_BENCHMARK.assets, rebalance: weekly ? 'weekly' : 'none' },
      { units, initializedAt: ms(r.initialized_at), lastRebalanceAt: null },
    );
    report.imported.benchmarks++;
  }
}

/** The legacy system used Python weekdays (Monday = 0); "monday" spelled out is accepted too. */
function isMonday1700(day: string | null, hour: string | null): boolean {
  const d = day?.trim().toLowerCase();
  return (d === '0' || d === 'monday' || d === 'mon') && Number(hour) === 17;
}

async function importNavs(tx: StoreTx, rows: Rows, known: Set<string>, report: LegacyImportReport) {
  const seen = new Set<string>();
  const unknown = new Set<string>();
  let duplicates = 0;
  let bad = 0;
  const now = Date.now();
  const pending: NavHistoryTable[] = [];
  const sorted = [...rows].sort((a, b) => (ms(a.timestamp) ?? 0) - (ms(b.timestamp) ?? 0));
  for (const r of sorted) {
    const accountId = text(r.account_id);
    const raw = ms(r.timestamp);
    const nav = decimal(r.nav);
    if (!accountId || !known.has(accountId)) {
      unknown.add(String(accountId));
      continue;
    }
    if (raw === null || nav === null) {
      bad++;
      continue;
    }
    const ts = Math.floor(raw / HOUR) * HOUR;
    const key = `${accountId}|${ts}`;
    if (seen.has(key)) {
      duplicates++;
      continue;
    }
    seen.add(key);
    pending.push({
      account_id: accountId,
      ts,
      nav,
      benchmark_value: decimal(r.benchmark_value),
      btc_price: decimal(r.btc_price),
      eth_price: decimal(r.eth_price),
      status: 'complete',
      kind: 'hourly',
      failed_wallets: '[]',
      not_enabled_wallets: '[]',
      created_at: now,
    });
  }
  for (const batch of chunks(pending, INSERT_CHUNK)) {
    const result = await tx.db
      .insertInto('nav_history')
      .values(batch)
      .onConflict((oc) => oc.columns(['account_id', 'ts']).doNothing())
      .executeTakeFirst();
    const inserted = Number(result.numInsertedOrUpdatedRows ?? 0);
    report.imported.snapshots += inserted;
    report.alreadyPresent.snapshots += batch.length - inserted;
  }
  if (unknown.size > 0) report.notes.push(`NAV rows of unknown accounts ${[...unknown].join(', ')}: skipped`);
  if (duplicates > 0)
    report.notes.push(`${duplicates} NAV row(s) in an hour already taken by an earlier row: skipped`);
  if (bad > 0) report.notes.push(`${bad} NAV row(s) without a time or a decimal NAV: skipped`);
  if (report.imported.snapshots > 0) {
    report.notes.push('legacy snapshots carry no per-wallet holdings: imported without a breakdown');
  }
}

const SOURCES: Record<string, FlowSource> = {
  deposit: 'deposit',
  withdrawal: 'withdrawal',
  withdraw: 'withdrawal',
};
const STATUSES: Record<string, FlowStatus> = {
  success: 'counted',
  successful: 'counted',
  completed: 'counted',
  complete: 'counted',
  processed: 'counted',
  confirmed: 'counted',
  '1': 'counted',
  '6': 'counted',
  pending: 'pending',
  processing: 'pending',
  '0': 'pending',
  failed: 'void',
  failure: 'void',
  cancelled: 'void',
  canceled: 'void',
  rejected: 'void',
};
const USD_LIKE = new Set(['USDT', 'USD', 'USDC', 'FDUSD', 'BUSD']);

async function importTransactions(tx: StoreTx, rows: Rows, known: Set<string>, report: LegacyImportReport) {
  const skippedTypes = new Map<string, number>();
  let noValue = 0;
  for (const r of rows) {
    const accountId = text(r.account_id);
    const externalId = text(r.transaction_id);
    const type = (text(r.type) ?? '').trim();
    const source = SOURCES[type.toLowerCase()];
    const legacyStatus = (text(r.status) ?? '').trim();
    const status = STATUSES[legacyStatus.toLowerCase()];
    const amount = decimal(r.amount);
    const ts = ms(r.timestamp);
    if (
      !accountId ||
      !known.has(accountId) ||
      !externalId ||
      !source ||
      !status ||
      amount === null ||
      ts === null
    ) {
      const why = !source
        ? `type ${type || '(none)'}`
        : !status
          ? `status ${legacyStatus || '(none)'}`
          : 'incomplete row';
      skippedTypes.set(why, (skippedTypes.get(why) ?? 0) + 1);
      continue;
    }
    const meta = parseMeta(text(r.metadata));
    const asset = String(meta.coin ?? meta.asset ?? meta.currency ?? 'USDT').toUpperCase();
    const magnitude = new Big(amount).abs();
    const quantity = (source === 'withdrawal' ? magnitude.neg() : magnitude).toString();
    const usdValue = status === 'pending' ? null : USD_LIKE.has(asset) ? quantity : null;
    if (usdValue === null && status === 'counted') noValue++;
    if (await tx.flows.get(accountId, source, externalId)) {
      report.alreadyPresent.flows++;
      continue;
    }
    await tx.flows.upsert(
      {
        accountId,
        source,
        externalId,
        asset,
        quantity,
        ts,
        usdValue,
        price: usdValue === null ? null : '1',
        status,
        rawStatus: legacyStatus,
      },
      { legacy: true, type, status: legacyStatus, amount, metadata: meta },
    );
    report.imported.flows++;
  }
  for (const [why, n] of skippedTypes)
    report.notes.push(`${n} legacy transaction(s) with ${why}: not imported`);
  if (noValue > 0) {
    report.notes.push(`${noValue} counted legacy flow(s) in a non-dollar asset imported without a USD value`);
  }
}

function parseMeta(json: string | null): Record<string, unknown> {
  if (!json) return {};
  try {
    const v = JSON.parse(json) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : { value: v };
  } catch {
    return { raw: json };
  }
}

async function importPrices(tx: StoreTx, rows: Rows, report: LegacyImportReport) {
  const points: PriceHistoryTable[] = [];
  for (const r of rows) {
    const ts = ms(r.timestamp);
    if (ts === null) continue;
    const btc = decimal(r.btc_price);
    const eth = decimal(r.eth_price);
    if (btc !== null) points.push({ symbol: 'BTCUSDT', ts, price: btc });
    if (eth !== null) points.push({ symbol: 'ETHUSDT', ts, price: eth });
  }
  for (const batch of chunks(points, INSERT_CHUNK)) {
    const result = await tx.db
      .insertInto('price_history')
      .values(batch)
      .onConflict((oc) => oc.columns(['symbol', 'ts']).doNothing())
      .executeTakeFirst();
    const inserted = Number(result.numInsertedOrUpdatedRows ?? 0);
    report.imported.prices += inserted;
    report.alreadyPresent.prices += batch.length - inserted;
  }
}

export function formatImportReport(r: LegacyImportReport): string {
  const kinds = Object.keys(r.imported) as (keyof LegacyImportReport['imported'])[];
  const lines = [
    `imported: ${kinds.map((k) => `${r.imported[k]} ${k}`).join(', ')}`,
    `already present: ${kinds.map((k) => `${r.alreadyPresent[k]} ${k}`).join(', ')}`,
  ];
  if (r.notes.length > 0) lines.push('not imported / caveats:', ...r.notes.map((n) => `  - ${n}`));
  return `${lines.join('\n')}\n`;
}
