/**
 * Exporting stored facts as CSV or JSON: exact decimal strings as stored, ISO-8601 UTC instants. Rows are
 * written as they are read, a window of time at a time, so years of hourly history never sit in memory at once.
 */
import type { Store } from './index.ts';
import type { Account } from './records.ts';

export type ExportWhat = 'nav' | 'flows' | 'holdings';
export type ExportFormat = 'csv' | 'json';

export interface ExportRequest {
  what: ExportWhat;
  format: ExportFormat;
  /** Account name or id; all accounts when absent. */
  account?: string;
  from?: number;
  to?: number;
}

type Cell = string | number | null;
type Row = Record<string, Cell>;

const COLUMNS: Record<ExportWhat, string[]> = {
  nav: [
    'account',
    'time',
    'nav',
    'benchmark_value',
    'btc_price',
    'eth_price',
    'status',
    'kind',
    'failed_wallets',
  ],
  flows: [
    'account',
    'time',
    'source',
    'external_id',
    'asset',
    'quantity',
    'usd_value',
    'price',
    'status',
    'raw_status',
  ],
  holdings: ['account', 'time', 'wallet', 'asset', 'quantity', 'price', 'value'],
};

/** Time window per read: about a month of hourly snapshots (~720 rows, ~6k holdings). */
const WINDOW_MS = 30 * 86_400_000;

export class ExportError extends Error {
  override name = 'ExportError';
}

export async function exportData(
  store: Store,
  req: ExportRequest,
  out: NodeJS.WritableStream,
): Promise<number> {
  const accounts = await selectAccounts(store, req.account);
  const writer = req.format === 'csv' ? csvWriter(out, COLUMNS[req.what]) : jsonWriter(out);
  let count = 0;
  for (const account of accounts) {
    for await (const row of rowsOf(store, account, req)) {
      await writer.row(row);
      count++;
    }
  }
  await writer.end();
  return count;
}

async function selectAccounts(store: Store, nameOrId: string | undefined): Promise<Account[]> {
  if (nameOrId === undefined) return store.accounts.list();
  const account = (await store.accounts.byName(nameOrId)) ?? (await store.accounts.get(nameOrId));
  if (!account) throw new ExportError(`no account named "${nameOrId}"`);
  return [account];
}

async function* rowsOf(store: Store, account: Account, req: ExportRequest): AsyncGenerator<Row> {
  const first = req.what === 'flows' ? undefined : await store.nav.first(account.id);
  const from = Math.max(req.from ?? 0, first?.ts ?? 0);
  const to = req.to ?? Number.MAX_SAFE_INTEGER;
  if (req.what === 'flows') {
    for (const f of await store.flows.list(account.id, { from, to })) {
      yield {
        account: account.name,
        time: iso(f.ts),
        source: f.source,
        external_id: f.externalId,
        asset: f.asset,
        quantity: f.quantity,
        usd_value: f.usdValue,
        price: f.price,
        status: f.status,
        raw_status: f.rawStatus,
      };
    }
    return;
  }
  const last = await store.nav.lastTs(account.id);
  if (last === undefined) return;
  for (let start = from; start <= Math.min(to, last); start += WINDOW_MS) {
    const end = Math.min(start + WINDOW_MS - 1, to);
    if (req.what === 'nav') {
      for (const n of await store.nav.range(account.id, start, end)) {
        yield {
          account: account.name,
          time: iso(n.ts),
          nav: n.nav,
          benchmark_value: n.benchmarkValue,
          btc_price: n.btcPrice,
          eth_price: n.ethPrice,
          status: n.status,
          kind: n.kind,
          failed_wallets: n.failedWallets.join(';'),
        };
      }
    } else {
      for (const h of await holdingsIn(store, account.id, start, end)) {
        yield { account: account.name, ...h, time: iso(h.time) };
      }
    }
  }
}

async function holdingsIn(store: Store, accountId: string, from: number, to: number) {
  const rows = await store.db
    .selectFrom('holdings')
    .select(['ts', 'wallet', 'asset', 'quantity', 'price', 'value'])
    .where('account_id', '=', accountId)
    .where('ts', '>=', from)
    .where('ts', '<=', to)
    .orderBy('ts')
    .orderBy('wallet')
    .orderBy('asset')
    .execute();
  return rows.map((r) => ({
    time: Number(r.ts),
    wallet: r.wallet,
    asset: r.asset,
    quantity: r.quantity,
    price: r.price,
    value: r.value,
  }));
}

function iso(ts: number): string {
  return new Date(ts).toISOString();
}

interface RowWriter {
  row(row: Row): Promise<void>;
  end(): Promise<void>;
}

/** RFC 4180: fields with a comma, quote, CR or LF are quoted, quotes doubled. Null is an empty field. */
export function csvField(v: Cell): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function csvWriter(out: NodeJS.WritableStream, columns: string[]): RowWriter {
  let started = false;
  const header = () => `${columns.join(',')}\r\n`;
  return {
    row: async (row) => {
      const line = `${columns.map((c) => csvField(row[c] ?? null)).join(',')}\r\n`;
      await write(out, started ? line : header() + line);
      started = true;
    },
    end: async () => {
      if (!started) await write(out, header());
    },
  };
}

function jsonWriter(out: NodeJS.WritableStream): RowWriter {
  let n = 0;
  return {
    row: async (row) => {
      await write(out, `${n++ === 0 ? '[\n' : ',\n'}${JSON.stringify(row)}`);
    },
    end: async () => {
      await write(out, n === 0 ? '[]\n' : '\n]\n');
    },
  };
}

/** Writes honouring back-pressure. */
function write(out: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = out.write(text, (err) => (err ? reject(err) : undefined));
    if (ok) resolve();
    else out.once('drain', resolve);
  });
}
