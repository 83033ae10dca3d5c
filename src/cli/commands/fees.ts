import Big from 'big.js';
import { parseMonth } from '../../domain/periods.ts';
import { openStore, type Store } from '../../store/index.ts';
import { type AccountFees, accrueStoredFees } from '../../worker/analytics-service.ts';
import { type Command, STORE_OPTIONS, stringOption, UsageError } from '../command.ts';
import { commandStoreOptions } from './db.ts';

export const command: Command = {
  name: 'fees',
  summary: 'Performance fees accrued per period (high-water mark)',
  usage: ['bpm fees [--account NAME] [--period 2026-10] [--json]'],
  description: [
    'Recomputes every ended fee period of the accounts with a performance fee from stored facts, saves the rows',
    '(a restatement replaces earlier ones, keeping their paid/waived status) and prints them. A fee paid out is',
    'recorded as a withdrawal: a flow, not a loss. Definitions: docs/metrics.md.',
  ].join('\n'),
  options: {
    account: {
      type: 'string',
      placeholder: 'NAME',
      description: 'Only this account (default: every account with a fee)',
    },
    period: {
      type: 'string',
      placeholder: 'YYYY-MM',
      description: 'Only print the periods overlapping this month',
    },
    json: { type: 'boolean', description: 'Print JSON' },
    ...STORE_OPTIONS,
  },
  async run(ctx) {
    const account = stringOption(ctx.values, 'account');
    const monthText = stringOption(ctx.values, 'period');
    const month = monthText === undefined ? null : parseMonth(monthText);
    if (monthText !== undefined && month === null) {
      throw new UsageError(`--period must be a month as YYYY-MM, got "${monthText}"`);
    }
    const store = await openStore(commandStoreOptions(ctx));
    try {
      ctx.stdout.write(
        await renderFees(store, { account, month, json: ctx.values.json === true, now: Date.now() }),
      );
    } finally {
      await store.close();
    }
    return 0;
  },
};

export interface FeesOptions {
  account: string | undefined;
  month: { from: number; to: number } | null;
  json: boolean;
  now: number;
}

export async function renderFees(store: Store, opts: FeesOptions): Promise<string> {
  const all = await accrueStoredFees(
    store,
    opts.account === undefined ? { now: opts.now } : { account: opts.account, now: opts.now },
  );
  const shown = all.map((a) => ({
    ...a,
    rows:
      opts.month === null
        ? a.rows
        : a.rows.filter((r) => r.period_start < opts.month!.to && r.period_end > opts.month!.from),
  }));
  return opts.json ? `${JSON.stringify(feesJson(shown), null, 2)}\n` : feesTable(shown, opts.month !== null);
}

function iso(ts: number): string {
  return new Date(ts).toISOString();
}

function feesJson(all: AccountFees[]): unknown {
  return all.map((a) => ({
    account: a.account,
    config: a.config,
    periods: a.rows.map((r) => ({ ...r, period_start: iso(r.period_start), period_end: iso(r.period_end) })),
  }));
}

/** 2026-10 for a month, 2026-Q4 for a quarter, 2026 for a year: the key `--period` selects by. */
function periodLabel(kind: AccountFees['config']['period'], start: number): string {
  const d = new Date(start);
  const y = d.getUTCFullYear();
  if (kind === 'yearly') return String(y);
  if (kind === 'quarterly') return `${y}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
  return iso(start).slice(0, 7);
}

function feesTable(all: AccountFees[], filtered: boolean): string {
  if (all.length === 0) return 'No account has a performance fee configured.\n';
  const lines: string[] = [];
  for (const a of all) {
    const rate = new Big(a.config.rate).times(100).toFixed();
    lines.push(
      `Account ${a.account}: ${rate} % ${a.config.period}${a.config.alphaOnly ? ', only on positive alpha' : ''}`,
    );
    if (a.rows.length === 0) {
      lines.push(filtered ? '  no ended fee period in that month' : '  no ended fee period yet', '');
      continue;
    }
    const head = ['period', 'end index', 'HWM before', 'HWM after', 'NAV end', 'fee', 'status'];
    const body = a.rows.map((r) => [
      periodLabel(a.config.period, r.period_start),
      r.end_index.toFixed(6),
      r.hwm_before.toFixed(6),
      r.hwm_after.toFixed(6),
      new Big(r.nav_end).toFixed(2),
      new Big(r.fee).toFixed(2),
      r.status,
    ]);
    const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
    const fmt = (row: string[]) =>
      `  ${row.map((c, i) => (i === 0 || i === 6 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}`.trimEnd();
    lines.push(fmt(head), ...body.map(fmt));
    const total = a.rows.reduce((s, r) => s.plus(r.fee), new Big(0));
    lines.push(`  total ${total.toFixed(2)} USD`, '');
  }
  return `${lines.join('\n')}\n`;
}
