/** The account page: range picker, metric cards, charts, holdings, flows, fees and incomplete snapshots. */
import type {
  AccountResponse,
  FeesResponse,
  FlowsResponse,
  HoldingsResponse,
  SeriesResponse,
} from '../api-types.ts';
import { incompleteNotice, metricCards } from './account-cards.ts';
import { feesPanel, flowsPanel, holdingsPanels, incompletePanel } from './account-tables.ts';
import { AccountCharts, chartPanel } from './charts.ts';
import { byId, emptyState, h, replace } from './dom.ts';
import { dateTime } from './format.ts';
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

const root = byId('account-root') as HTMLElement;
const name = mainData().account ?? '';
const enc = encodeURIComponent(name);
/** The page also shows the total of all accounts (/total): same charts and figures, no per-account tables. */
const isTotal = mainData().total === '1';
const base = isTotal ? '/api/total' : `/api/accounts/${enc}`;

type Details = [HoldingsResponse, FlowsResponse, FeesResponse];

function details(): Promise<Details | null> {
  if (isTotal) return Promise.resolve(null);
  return Promise.all([
    getJson<HoldingsResponse>(`${base}/holdings`),
    getJson<FlowsResponse>(`${base}/flows`),
    getJson<FeesResponse>(`${base}/fees`),
  ]);
}
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
  if (!isTotal)
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
  const [summary, series, extra] = await Promise.all([
    getJson<AccountResponse>(`${base}?${q}`),
    getJson<SeriesResponse>(`${base}/series?${q}`),
    details(),
  ]);
  const subtitle = byId('account-subtitle');
  if (subtitle) {
    const parts = [
      isTotal ? 'Every account summed, returns computed on the sums' : null,
      summary.firstTs ? `History since ${dateTime(summary.firstTs).slice(0, 10)}` : 'No snapshot yet',
      isTotal ? null : summary.account.enabled ? 'monitored hourly' : 'disabled',
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
  if (extra) {
    const [holdings, flows, fees] = extra;
    replace(byId('account-holdings') as HTMLElement, holdingsPanels(holdings));
    replace(byId('account-flows') as HTMLElement, flowsPanel(flows));
    replace(byId('account-fees') as HTMLElement, feesPanel(fees));
  } else {
    replace(
      byId('account-holdings') as HTMLElement,
      h(
        'p',
        { class: 'muted' },
        'Holdings, deposits and withdrawals, and fees are kept per account: open one from the ',
        h('a', { href: '/' }, 'overview'),
        '.',
      ),
    );
  }
  replace(byId('account-incomplete') as HTMLElement, incompletePanel(summary.incomplete));
}

const rerender = startPage({ root, render });
