import Big from 'big.js';
import { isPeriodName, PERIOD_NAMES, parseInstant } from '../../domain/periods.ts';
import type { Report } from '../../domain/report.ts';
import { openStore, type Store } from '../../store/index.ts';
import { buildReport, type ReportRequest, type ReportResult } from '../../worker/analytics-service.ts';
import { type Command, type OptionValues, STORE_OPTIONS, stringOption, UsageError } from '../command.ts';
import { commandStoreOptions } from './db.ts';

export const command: Command = {
  name: 'report',
  summary: 'Returns, risk and alpha for an account or all accounts',
  usage: ['bpm report [--account NAME | --all] [--period 30d | --from ISO --to ISO] [--json]'],
  description: [
    'Time-weighted return (Modified Dietz, chain-linked), benchmark return and alpha, money-weighted return,',
    'profit, drawdown and daily risk statistics over a period (default: the whole history). The period starts at',
    'the last complete snapshot at or before --from. Definitions: docs/metrics.md.',
    `Periods: ${PERIOD_NAMES.join(', ')}. Without --account the report is the aggregate of every account.`,
  ].join('\n'),
  options: {
    account: { type: 'string', placeholder: 'NAME', description: 'Account name (or id)' },
    all: { type: 'boolean', description: 'All accounts summed (the default without --account)' },
    period: { type: 'string', placeholder: 'NAME', description: `One of ${PERIOD_NAMES.join(', ')}` },
    from: { type: 'string', placeholder: 'ISO', description: 'Start instant (UTC unless a zone is given)' },
    to: { type: 'string', placeholder: 'ISO', description: 'End instant (default: now)' },
    'risk-free': {
      type: 'string',
      placeholder: 'RATE',
      description: 'Annual risk-free rate as a fraction (default 0)',
    },
    json: { type: 'boolean', description: 'Print JSON for scripts (fractions, ISO instants)' },
    ...STORE_OPTIONS,
  },
  async run(ctx) {
    const req = reportRequest(ctx.values, Date.now());
    const store = await openStore(commandStoreOptions(ctx));
    try {
      ctx.stdout.write(await renderReport(store, req, ctx.values.json === true));
    } finally {
      await store.close();
    }
    return 0;
  },
};

/** Validates the command line into a request; every mistake is a UsageError. */
export function reportRequest(values: OptionValues, now: number): ReportRequest {
  const account = stringOption(values, 'account');
  if (account !== undefined && values.all === true) throw new UsageError('use either --account or --all');
  if (account === '') throw new UsageError('--account needs a name');
  const period = stringOption(values, 'period');
  const from = instantOption(values, 'from');
  const to = instantOption(values, 'to');
  if (period !== undefined && !isPeriodName(period)) {
    throw new UsageError(`--period must be one of ${PERIOD_NAMES.join(', ')}, got "${period}"`);
  }
  if (period !== undefined && from !== undefined) throw new UsageError('use either --period or --from');
  if (from !== undefined && to !== undefined && from > to) throw new UsageError('--from is after --to');
  if (from !== undefined && to === undefined && from > now) {
    throw new UsageError('--from is in the future (the range ends now unless --to is given)');
  }
  const rfText = stringOption(values, 'risk-free');
  const riskFreeRate = rfText === undefined ? 0 : Number(rfText);
  if (!Number.isFinite(riskFreeRate) || riskFreeRate <= -1 || rfText?.trim() === '') {
    throw new UsageError(`--risk-free must be an annual rate as a fraction (e.g. 0.04), got "${rfText}"`);
  }
  const req: ReportRequest = { now, riskFreeRate };
  if (account !== undefined) req.account = account;
  if (period !== undefined && isPeriodName(period)) req.period = period;
  if (from !== undefined) req.from = from;
  if (to !== undefined) req.to = to;
  return req;
}

function instantOption(values: OptionValues, name: string): number | undefined {
  const text = stringOption(values, name);
  if (text === undefined) return undefined;
  const ts = parseInstant(text);
  if (ts === null)
    throw new UsageError(`--${name} is not an ISO date or instant: "${text}" (e.g. 2026-10-01T00:00Z)`);
  return ts;
}

export async function renderReport(store: Store, req: ReportRequest, json: boolean): Promise<string> {
  const result = await buildReport(store, req);
  return json ? `${JSON.stringify(reportJson(result), null, 2)}\n` : reportTable(result);
}

const INSTANT_KEYS = [
  'requested_from',
  'requested_to',
  'from',
  'to',
  'max_drawdown_peak',
  'max_drawdown_trough',
  'max_drawdown_recovery',
  'best_day_at',
  'worst_day_at',
] as const;

function iso(ts: number | null): string | null {
  return ts === null ? null : new Date(ts).toISOString();
}

/** The report for scripts: fractions as numbers, amounts as exact decimal strings, instants as ISO text. */
export function reportJson(result: ReportResult): Record<string, unknown> {
  const r: Record<string, unknown> = { ...result.report };
  for (const k of INSTANT_KEYS) r[k] = iso(result.report[k]);
  r.flagged_periods = result.report.flagged_periods.map((p) => ({ start: iso(p.start), end: iso(p.end) }));
  return {
    scope: result.scope,
    accounts: result.accounts,
    benchmark_source: result.benchmark_source,
    unvalued_flows: result.unvalued_flows,
    ...r,
  };
}

/** A signed percentage for returns; unsigned for spreads (volatility, tracking error), which are never negative. */
function pct(x: number | null, unit = '%', signed = true): string {
  if (x === null) return '—';
  const v = (x * 100).toFixed(2);
  return `${signed && x > 0 ? '+' : ''}${v === '-0.00' ? '0.00' : v} ${unit}`;
}

function num(x: number | null): string {
  return x === null ? '—' : x.toFixed(2);
}

function usd(x: string | null, signed = false): string {
  if (x === null) return '—';
  const v = new Big(x);
  const text = v
    .abs()
    .toFixed(2)
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = v.lt(0) ? '-' : signed && v.gt(0) ? '+' : '';
  return `${sign}${text} USD`;
}

function day(ts: number | null): string {
  return ts === null ? '—' : new Date(ts).toISOString().slice(0, 16).replace('T', ' ');
}

/** The UTC date a daily return belongs to: its end instant is the next midnight (or b for a partial day). */
function dayOf(end: number | null): string {
  return end === null ? '—' : new Date(end - 1).toISOString().slice(0, 10);
}

export function reportTable(result: ReportResult): string {
  const r: Report = result.report;
  const title =
    result.scope === 'all' ? `All accounts (${result.accounts.length})` : `Account ${result.scope}`;
  const dd =
    r.max_drawdown === null || r.max_drawdown === 0
      ? ''
      : `  peak ${day(r.max_drawdown_peak)}, trough ${day(r.max_drawdown_trough)}, ${
          r.max_drawdown_recovery === null ? 'not recovered' : `recovered ${day(r.max_drawdown_recovery)}`
        }`;
  const rows: [string, string][] = [
    ['NAV', usd(r.nav)],
    ['Profit', usd(r.profit, true)],
    ['Net flows', usd(r.net_flows, true)],
    ['TWR', pct(r.twr)],
    ['Benchmark TWR', pct(r.benchmark_twr)],
    ['Alpha', pct(r.alpha, 'pp')],
    ['Relative alpha', pct(r.relative_alpha)],
    ['MWR (annualized)', pct(r.mwr)],
    ['Max drawdown', `${pct(r.max_drawdown)}${dd}`],
    ['Volatility (ann.)', pct(r.volatility, '%', false)],
    ['Sharpe', num(r.sharpe)],
    ['Sortino', num(r.sortino)],
    ['Tracking error', pct(r.tracking_error, '%', false)],
    ['Information ratio', num(r.information_ratio)],
    ['Beta', num(r.beta)],
    ['Best day', r.best_day === null ? '—' : `${pct(r.best_day)}  ${dayOf(r.best_day_at)}`],
    ['Worst day', r.worst_day === null ? '—' : `${pct(r.worst_day)}  ${dayOf(r.worst_day_at)}`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  if (r.from === null) {
    return `${title}: no complete snapshot at or before ${day(r.requested_to)} UTC (the history starts later).\n`;
  }
  const lines = [
    `${title}: ${day(r.from)} → ${day(r.to)} UTC, ${r.points} snapshot${r.points === 1 ? '' : 's'}`,
    '',
    ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
  ];
  if (r.flagged_periods.length > 0) {
    lines.push(
      '',
      `  ${r.flagged_periods.length} sub-period(s) with a denominator ≤ 0 were taken as 0 (see --json).`,
    );
  }
  if (result.unvalued_flows > 0) {
    lines.push(`  ${result.unvalued_flows} counted flow(s) have no USD value and are left out.`);
  }
  lines.push('');
  return lines.join('\n');
}
