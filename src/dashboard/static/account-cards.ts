/** The account page's metric cards and notices. */
import type { AccountResponse, IncompleteView } from '../api-types.ts';
import { h } from './dom.ts';
import { dateTime, pct, ratio, signedPct, signedUsd, tone, usd } from './format.ts';

function card(label: string, value: string, cls = '', note?: string, hero = false): HTMLElement {
  return h(
    'div',
    { class: `card${hero ? ' hero wide' : ''}` },
    h('p', { class: 'card-label' }, label),
    h('p', { class: `card-value ${cls}`.trim() }, value),
    note ? h('p', { class: 'card-note' }, note) : null,
  );
}

const YEAR_MS = 365 * 24 * 3600_000;

/**
 * The report's MWR is annualized; over less than a year that exaggerates (a good week reads as +4,000 %), so
 * the card shows the rate over the period itself, (1 + r)^T − 1, and says which it is.
 */
function mwrCard(r: AccountResponse['report']): HTMLElement {
  const years = r.from !== null && r.to !== null ? (r.to - r.from) / YEAR_MS : 0;
  if (r.mwr === null || years >= 1 || years <= 0)
    return card('MWR', signedPct(r.mwr), tone(r.mwr), 'money-weighted, annualized');
  const period = (1 + r.mwr) ** years - 1;
  return card(
    'MWR',
    signedPct(period),
    tone(period),
    `money-weighted, over the period (${signedPct(r.mwr, 1)} a year)`,
  );
}

export function metricCards(s: AccountResponse): HTMLElement {
  const r = s.report;
  const dd = r.max_drawdown;
  return h(
    'section',
    { class: 'cards', 'aria-label': 'Key figures' },
    card(
      'NAV',
      usd(s.latest?.nav ?? null),
      '',
      s.latest ? dateTime(s.latest.ts) : 'no complete snapshot',
      true,
    ),
    card('Benchmark', usd(s.latest?.benchmark ?? null), '', '50/50 BTC/ETH, same flows', true),
    card('Profit', signedUsd(r.profit), tone(r.profit), 'NAV change minus flows'),
    card('Return (TWR)', signedPct(r.twr), tone(r.twr), 'time-weighted'),
    card('Benchmark return', signedPct(r.benchmark_twr), tone(r.benchmark_twr)),
    card('Alpha', signedPct(r.alpha), tone(r.alpha), 'TWR − benchmark TWR'),
    mwrCard(r),
    card('Net flows', signedUsd(r.net_flows), '', 'deposits − withdrawals'),
    card(
      'Max drawdown',
      dd === null ? '—' : signedPct(dd),
      dd ? 'down' : '',
      r.max_drawdown_trough ? `trough ${dateTime(r.max_drawdown_trough).slice(0, 10)}` : undefined,
    ),
    card('Volatility', pct(r.volatility), '', 'annualized'),
    card('Sharpe', ratio(r.sharpe)),
    card('Sortino', ratio(r.sortino)),
    card('Best day', signedPct(r.best_day), tone(r.best_day)),
    card('Worst day', signedPct(r.worst_day), tone(r.worst_day)),
    card('Tracking error', pct(r.tracking_error)),
    card('Beta', ratio(r.beta)),
  );
}

export function incompleteNotice(list: IncompleteView[]): HTMLElement | null {
  if (list.length === 0) return null;
  const last = list[list.length - 1] as IncompleteView;
  return h(
    'div',
    { class: 'notice', role: 'status' },
    `${list.length} incomplete snapshot${list.length === 1 ? '' : 's'} in this range (latest ${dateTime(last.ts)}: `,
    h('strong', null, last.failedWallets.join(', ') || 'unknown wallet'),
    ' failed). They are excluded from returns and charts; see the list below.',
  );
}
