/** The account page: range picker, metric cards, charts, holdings, flows, fees and incomplete snapshots. */
import type {
  AccountResponse,
  FeesResponse,
  FlowsResponse,
  HoldingsResponse,
  IncompleteView,
  SeriesResponse,
} from '../api-types.ts';
import { AccountCharts, chartPanel } from './charts.ts';
import { byId, emptyState, h, replace, table, td } from './dom.ts';
import { dateTime, pct, quantity, ratio, signedPct, signedUsd, tone, usd } from './format.ts';
import { getJson, mainData, startPage } from './live.ts';

const RANGES = [
  ['24h', '24 h'],
  ['7d', '7 d'],
  ['30d', '30 d'],
  ['90d', '90 d'],
  ['ytd', 'YTD'],
  ['1y', '1 y'],
  ['all', 'All'],
] as const;

interface RangeState {
  range?: string;
  from?: string;
  to?: string;
}

const FLOWS_SHOWN = 50;
const root = byId('account-root') as HTMLElement;
const name = mainData().account ?? '';
const enc = encodeURIComponent(name);
let charts: AccountCharts | null = null;
let rendered: string | null = null;

function readRange(): RangeState {
  const q = new URLSearchParams(location.search);
  const from = q.get('from') ?? undefined;
  const to = q.get('to') ?? undefined;
  if (from || to) return { from, to };
  const range = q.get('range') ?? '30d';
  return { range: RANGES.some(([k]) => k === range) ? range : '30d' };
}

function rangeQuery(r: RangeState): string {
  const q = new URLSearchParams();
  if (r.range) q.set('range', r.range);
  if (r.from) q.set('from', r.from);
  if (r.to) q.set('to', r.to);
  return q.toString();
}

function setRange(r: RangeState): void {
  history.replaceState(null, '', `${location.pathname}?${rangeQuery(r)}`);
  rerender();
}

function rangePicker(current: RangeState): void {
  const group = byId('ranges');
  if (!group) return;
  const buttons = RANGES.map(([key, label]) =>
    h(
      'button',
      {
        type: 'button',
        'aria-pressed': String(current.range === key),
        'data-range': key,
        onclick: () => setRange({ range: key }),
      },
      label,
    ),
  );
  const from = h('input', { type: 'date', id: 'range-from', value: current.from?.slice(0, 10) ?? '' });
  const to = h('input', { type: 'date', id: 'range-to', value: current.to?.slice(0, 10) ?? '' });
  const custom = h(
    'form',
    { class: 'custom-range', 'aria-label': 'Custom range' },
    h('label', { for: 'range-from' }, 'From'),
    from,
    h('label', { for: 'range-to' }, 'To'),
    to,
    h('button', { type: 'submit', 'aria-pressed': String(Boolean(current.from || current.to)) }, 'Apply'),
  );
  custom.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!from.value) return;
    setRange({ from: from.value, ...(to.value ? { to: `${to.value}T23:59:59Z` } : {}) });
  });
  replace(group, ...buttons, custom);
}

function card(label: string, value: string, cls = '', note?: string, hero = false): HTMLElement {
  return h(
    'div',
    { class: `card${hero ? ' hero wide' : ''}` },
    h('p', { class: 'card-label' }, label),
    h('p', { class: `card-value ${cls}`.trim() }, value),
    note ? h('p', { class: 'card-note' }, note) : null,
  );
}

function metricCards(s: AccountResponse): HTMLElement {
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
    card('MWR', signedPct(r.mwr), tone(r.mwr), 'money-weighted, annualized'),
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

function incompleteNotice(list: IncompleteView[]): HTMLElement | null {
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

function holdingsPanels(hd: HoldingsResponse): HTMLElement {
  if (hd.ts === null) {
    return h(
      'div',
      { class: 'panel' },
      h('h2', null, 'Holdings'),
      h('p', { class: 'muted' }, 'No complete snapshot yet.'),
    );
  }
  const rows = hd.wallets.flatMap((w) =>
    w.holdings
      .filter((x) => x.value === null || Math.abs(Number(x.value)) >= 1)
      .map((x) =>
        h(
          'tr',
          null,
          td(x.wallet),
          td(x.asset),
          td(quantity(x.quantity), 'num hide-narrow'),
          td(x.price === null ? 'unpriced' : usd(x.price, Number(x.price) < 1 ? 6 : 2), 'num hide-narrow'),
          td(usd(x.value), 'num'),
        ),
      ),
  );
  if (hd.dust.assets > 0) {
    rows.push(
      h(
        'tr',
        null,
        td('all'),
        td(`Dust (${hd.dust.assets} asset${hd.dust.assets === 1 ? '' : 's'} under $1)`),
        td('', 'hide-narrow'),
        td('', 'hide-narrow'),
        td(usd(hd.dust.value), 'num'),
      ),
    );
  }
  rows.push(
    h(
      'tr',
      { class: 'total' },
      td('Total'),
      td(''),
      td('', 'hide-narrow'),
      td('', 'hide-narrow'),
      td(usd(hd.nav), 'num'),
    ),
  );
  const alloc = h(
    'div',
    { class: 'alloc' },
    ...hd.allocation.map((a) =>
      h(
        'div',
        { class: 'alloc-row' },
        h('span', null, a.asset),
        h(
          'div',
          { class: 'alloc-bar', role: 'presentation' },
          h('div', { class: 'alloc-fill', style: `width:${Math.max(0.5, a.share * 100).toFixed(1)}%` }),
        ),
        h('span', { class: 'num' }, pct(a.share, 1)),
      ),
    ),
    hd.dust.assets > 0
      ? h(
          'p',
          { class: 'card-note' },
          `Dust: ${hd.dust.assets} asset${hd.dust.assets === 1 ? '' : 's'} worth ${usd(hd.dust.value)} in total`,
        )
      : null,
  );
  const unpriced =
    hd.unpriced.length > 0
      ? h(
          'div',
          null,
          h('h2', { style: 'margin-top:16px' }, 'Unpriced assets'),
          h('p', { class: 'card-note' }, 'No USD route was found; they are not counted in NAV.'),
          h(
            'ul',
            null,
            ...hd.unpriced.map((u) => h('li', null, `${u.asset} — ${quantity(u.quantity)} in ${u.wallet}`)),
          ),
        )
      : null;
  return h(
    'div',
    { class: 'grid-2' },
    h(
      'section',
      { class: 'panel', 'aria-label': 'Holdings' },
      h('h2', null, 'Holdings by wallet'),
      table(
        `As of ${dateTime(hd.ts)}`,
        [
          'Wallet',
          'Asset',
          { label: 'Quantity', num: true, narrow: true },
          { label: 'Price', num: true, narrow: true },
          { label: 'Value', num: true },
        ],
        rows,
      ),
    ),
    h(
      'section',
      { class: 'panel', 'aria-label': 'Allocation' },
      h('h2', null, 'Allocation'),
      alloc,
      unpriced,
    ),
  );
}

function flowsPanel(f: FlowsResponse): HTMLElement {
  const head = h(
    'div',
    { class: 'panel-head' },
    h('h2', null, 'Deposits and withdrawals'),
    h('a', { class: 'button', href: `/api/accounts/${enc}/flows.csv`, download: '' }, 'Download flows CSV'),
  );
  if (f.flows.length === 0)
    return h(
      'section',
      { class: 'panel' },
      head,
      h('p', { class: 'muted' }, 'No deposits or withdrawals recorded.'),
    );
  const rows = [...f.flows]
    .reverse()
    .slice(0, FLOWS_SHOWN)
    .map((x) =>
      h(
        'tr',
        null,
        td(dateTime(x.ts)),
        td(x.source.replace(/_/g, ' ')),
        td(x.asset),
        td(quantity(x.quantity), 'num hide-narrow'),
        td(x.usdValue === null ? '—' : signedUsd(x.usdValue), `num ${tone(x.usdValue)}`),
        td(
          h(
            'span',
            { class: `badge ${x.status === 'counted' ? 'ok' : x.status === 'pending' ? 'warn' : ''}` },
            x.status,
          ),
        ),
      ),
    );
  return h(
    'section',
    { class: 'panel', 'aria-label': 'Flows' },
    head,
    table(
      `Counted: ${signedUsd(f.countedUsd)}${f.pending ? ` · ${f.pending} pending` : ''}${f.flows.length > FLOWS_SHOWN ? ` · newest ${FLOWS_SHOWN} of ${f.flows.length}, all in the CSV` : ''}`,
      [
        'Time',
        'Source',
        'Asset',
        { label: 'Quantity', num: true, narrow: true },
        { label: 'USD value', num: true },
        'Status',
      ],
      rows,
    ),
  );
}

function feesPanel(f: FeesResponse): HTMLElement | null {
  if (!f.performanceFee && f.fees.length === 0) return null;
  const cfg = f.performanceFee;
  const rows = [...f.fees]
    .reverse()
    .map((x) =>
      h(
        'tr',
        null,
        td(`${dateTime(x.periodStart).slice(0, 10)} → ${dateTime(x.periodEnd).slice(0, 10)}`),
        td(Number(x.endIndex).toFixed(4), 'num hide-narrow'),
        td(Number(x.hwmAfter).toFixed(4), 'num hide-narrow'),
        td(usd(x.navEnd), 'num'),
        td(usd(x.fee), 'num'),
        td(h('span', { class: 'badge' }, x.status)),
      ),
    );
  return h(
    'section',
    { class: 'panel', 'aria-label': 'Performance fees' },
    h('h2', null, 'Performance fees'),
    cfg
      ? h(
          'p',
          { class: 'card-note' },
          `${pct(Number(cfg.rate), 0)} ${cfg.period}, high-water mark${cfg.alphaOnly ? ', only when alpha is positive' : ''}. Accrued: ${usd(f.accruedUsd)}`,
        )
      : null,
    rows.length > 0
      ? table(
          'Fee periods',
          [
            'Period',
            { label: 'Index', num: true, narrow: true },
            { label: 'HWM', num: true, narrow: true },
            { label: 'NAV at end', num: true },
            { label: 'Fee', num: true },
            'Status',
          ],
          rows,
        )
      : h('p', { class: 'muted' }, 'No fee period has ended yet.'),
  );
}

function incompletePanel(list: IncompleteView[]): HTMLElement | null {
  if (list.length === 0) return null;
  const rows = [...list]
    .reverse()
    .map((x) => h('tr', null, td(dateTime(x.ts)), td(x.failedWallets.join(', ')), td(usd(x.nav), 'num')));
  return h(
    'section',
    { class: 'panel', 'aria-label': 'Incomplete snapshots' },
    h('h2', null, 'Incomplete snapshots'),
    table(
      'Excluded from returns and charts: a wallet could not be read',
      ['Slot', 'Failed wallets', { label: 'Partial NAV', num: true }],
      rows,
    ),
  );
}

function layout(): Record<'nav' | 'return' | 'drawdown', HTMLElement> {
  const navChart = chartPanel(
    'NAV and benchmark',
    'nav',
    [
      ['nav', 'NAV'],
      ['bench', 'Benchmark'],
    ],
    'Line chart of the account NAV and the benchmark value in USD',
  );
  navChart.panel
    .querySelector('.chart-legend')
    ?.append(
      h('a', { class: 'button', href: `/api/accounts/${enc}/nav.csv`, download: '' }, 'NAV history CSV'),
    );
  const retChart = chartPanel(
    'Return against the benchmark',
    'return',
    [
      ['nav', 'Portfolio (time-weighted)'],
      ['bench', 'Benchmark'],
    ],
    'Line chart of the cumulative time-weighted return and the benchmark return',
  );
  const ddChart = chartPanel(
    'Drawdown',
    'drawdown',
    [],
    'Area chart of the drawdown from the running peak of the return index',
  );
  replace(
    root,
    h('div', { id: 'account-notice' }),
    h('div', { id: 'account-cards' }),
    navChart.panel,
    h('div', { class: 'grid-2', style: 'margin-bottom:16px' }, retChart.panel, ddChart.panel),
    h(
      'p',
      { class: 'chart-hint', style: 'margin:-8px 0 16px' },
      'Drag across a chart to zoom, double-click to reset. Times in UTC.',
    ),
    h('div', { id: 'account-holdings', class: 'stack' }),
    h('div', { id: 'account-flows' }),
    h('div', { id: 'account-fees' }),
    h('div', { id: 'account-incomplete' }),
  );
  for (const el of [navChart.panel, retChart.panel, ddChart.panel]) el.style.marginBottom = '0';
  navChart.panel.style.marginBottom = '16px';
  return { nav: navChart.chart, return: retChart.chart, drawdown: ddChart.chart };
}

async function render(refresh: boolean): Promise<void> {
  const range = readRange();
  const q = rangeQuery(range);
  rangePicker(range);
  const [summary, series, holdings, flows, fees] = await Promise.all([
    getJson<AccountResponse>(`/api/accounts/${enc}?${q}`),
    getJson<SeriesResponse>(`/api/accounts/${enc}/series?${q}`),
    getJson<HoldingsResponse>(`/api/accounts/${enc}/holdings`),
    getJson<FlowsResponse>(`/api/accounts/${enc}/flows`),
    getJson<FeesResponse>(`/api/accounts/${enc}/fees`),
  ]);
  const subtitle = byId('account-subtitle');
  if (subtitle) {
    const parts = [
      summary.firstTs ? `History since ${dateTime(summary.firstTs).slice(0, 10)}` : 'No snapshot yet',
      summary.account.enabled ? 'monitored hourly' : 'disabled',
      summary.account.subAccountOf ? `sub-account of ${summary.account.subAccountOf}` : null,
    ];
    subtitle.textContent = parts.filter(Boolean).join(' · ');
  }
  if (summary.firstTs === null) {
    charts = null;
    rendered = null;
    replace(
      root,
      emptyState(
        'No snapshots yet',
        'The first worker run will record this account. Run `bpm collect` now, or wait for the next hourly slot.',
      ),
    );
    return;
  }
  if (!charts) charts = new AccountCharts(layout());
  replace(
    byId('account-notice') as HTMLElement,
    series.ts.length < 2
      ? h(
          'div',
          { class: 'notice', role: 'status' },
          'This range holds fewer than two complete snapshots, so there is no return to show yet: choose a longer range.',
        )
      : null,
    incompleteNotice(summary.incomplete),
    summary.report.flagged_periods.length > 0
      ? h(
          'div',
          { class: 'notice', role: 'status' },
          `${summary.report.flagged_periods.length} interval${summary.report.flagged_periods.length === 1 ? '' : 's'} between snapshots in this range started from a zero or negative balance; their return is taken as 0.`,
        )
      : null,
  );
  replace(byId('account-cards') as HTMLElement, metricCards(summary));
  charts.update(series, refresh && rendered === q);
  rendered = q;
  replace(byId('account-holdings') as HTMLElement, holdingsPanels(holdings));
  replace(byId('account-flows') as HTMLElement, flowsPanel(flows));
  replace(byId('account-fees') as HTMLElement, feesPanel(fees));
  replace(byId('account-incomplete') as HTMLElement, incompletePanel(summary.incomplete));
}

const rerender = startPage({ root, render });
