/** The overview page: summary cards, then every account and the total in one table. */
import type { OverviewResponse, OverviewRow, RunView } from '../api-types.ts';
import { byId, emptyState, h, replace, table, td } from './dom.ts';
import { ago, dateTime, signedPct, tone, usd } from './format.ts';
import { getJson, startPage } from './live.ts';

const root = byId('overview-root') as HTMLElement;

function pctCell(v: number | null, narrow = false): HTMLTableCellElement {
  return td(signedPct(v), `num ${tone(v)}${narrow ? ' hide-narrow' : ''}`);
}

const SVG = 'http://www.w3.org/2000/svg';

/** A 30-day sparkline of the time-weighted return; its label says what it shows for screen readers. */
function sparkline(values: number[]): Element {
  const w = 120;
  const hgt = 28;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${w} ${hgt}`);
  svg.setAttribute('width', String(w));
  svg.setAttribute('height', String(hgt));
  svg.setAttribute('class', 'spark');
  svg.setAttribute('role', 'img');
  const last = values[values.length - 1] ?? null;
  svg.setAttribute(
    'aria-label',
    values.length > 1 ? `30-day return trend, ending ${signedPct(last)}` : 'No trend yet',
  );
  if (values.length < 2) return svg;
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  const y = (v: number) => (hi === lo ? hgt / 2 : 2 + ((hi - v) / (hi - lo)) * (hgt - 4));
  const x = (i: number) => (i / (values.length - 1)) * w;
  const zero = document.createElementNS(SVG, 'line');
  for (const [k, v] of [
    ['x1', 0],
    ['x2', w],
    ['y1', y(0)],
    ['y2', y(0)],
  ] as const)
    zero.setAttribute(k, String(v));
  zero.setAttribute('class', 'spark-zero');
  const line = document.createElementNS(SVG, 'polyline');
  line.setAttribute('points', values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' '));
  line.setAttribute('class', `spark-line ${tone(last)}`);
  svg.append(zero, line);
  return svg;
}

function snapshotBadge(r: OverviewRow, now: number): HTMLElement {
  const s = r.lastSnapshot;
  if (!s) return h('span', { class: 'badge' }, 'no data');
  if (s.status === 'incomplete') {
    return h(
      'span',
      { class: 'badge warn', title: `failed: ${s.failedWallets.join(', ')}` },
      `incomplete: ${s.failedWallets.join(', ')}`,
    );
  }
  return h('span', { class: 'badge ok' }, `ok · ${ago(s.ts, now)}`);
}

function accountRow(r: OverviewRow, now: number, total = false): HTMLTableRowElement {
  const name = total
    ? h('a', { href: '/total' }, 'All accounts')
    : h('a', { href: `/accounts/${encodeURIComponent(r.name)}` }, r.name);
  return h(
    'tr',
    { class: total ? 'total' : null },
    h(
      'th',
      { scope: 'row' },
      name,
      !r.enabled && !total ? h('span', { class: 'badge', style: 'margin-left:6px' }, 'disabled') : null,
    ),
    td(usd(r.nav), 'num'),
    td(usd(r.benchmark), 'num hide-narrow'),
    pctCell(r.change['24h']),
    pctCell(r.change['7d'], true),
    pctCell(r.change['30d'], true),
    td(sparkline(r.trend), 'hide-narrow spark-cell'),
    pctCell(r.alpha),
    td(total ? '' : snapshotBadge(r, now), 'hide-narrow'),
  );
}

function card(label: string, value: string, cls = '', note?: string): HTMLElement {
  return h(
    'div',
    { class: 'card hero' },
    h('p', { class: 'card-label' }, label),
    h('p', { class: `card-value ${cls}`.trim() }, value),
    note ? h('p', { class: 'card-note' }, note) : null,
  );
}

function runCard(run: RunView | null, now: number): HTMLElement {
  if (!run) return card('Last run', 'none yet', '', 'the scheduler has not run');
  const cls = run.status === 'ok' ? 'up' : run.status === 'running' ? '' : 'down';
  return card(
    'Last run',
    run.status,
    cls,
    `${ago(run.startedAt, now)} · ${run.accountsOk} ok, ${run.accountsFailed} failed`,
  );
}

function render(data: OverviewResponse): void {
  if (data.accounts.length === 0) {
    replace(
      root,
      emptyState(
        'No accounts yet',
        h(
          'span',
          null,
          'Add a Binance account with a read-only API key: ',
          h('code', null, 'bpm account add'),
          ' (see ',
          h('code', null, 'bpm account add --help'),
          ').',
        ),
        'The next hourly run records its first snapshot; this page fills in by itself.',
      ),
    );
    return;
  }
  const headline = data.total ?? data.accounts[0] ?? null;
  const incomplete = data.accounts.filter((a) => a.lastSnapshot?.status === 'incomplete');
  const rows = data.accounts.map((a) => accountRow(a, data.generatedAt));
  if (data.total) rows.push(accountRow(data.total, data.generatedAt, true));
  replace(
    root,
    incomplete.length > 0
      ? h(
          'div',
          { class: 'notice', role: 'status' },
          `Latest snapshot incomplete for ${incomplete.map((a) => `${a.name} (${a.lastSnapshot?.failedWallets.join(', ')} failed)`).join('; ')}. Those snapshots are left out of returns and charts.`,
        )
      : null,
    h(
      'section',
      { class: 'cards hero-row', 'aria-label': 'Totals' },
      card(
        data.total ? 'Total NAV' : 'NAV',
        usd(headline?.nav ?? null),
        '',
        headline?.ts ? dateTime(headline.ts) : undefined,
      ),
      card('Benchmark', usd(headline?.benchmark ?? null), '', '50/50 BTC/ETH, same flows'),
      card(
        '24 h',
        signedPct(headline?.change['24h'] ?? null),
        tone(headline?.change['24h'] ?? null),
        'time-weighted return',
      ),
      card(
        'Alpha since start',
        signedPct(headline?.alpha ?? null),
        tone(headline?.alpha ?? null),
        'return − benchmark return',
      ),
      runCard(data.lastRun, data.generatedAt),
    ),
    h(
      'section',
      { class: 'panel', 'aria-label': 'Accounts' },
      h('h2', null, 'Accounts'),
      table(
        'Returns are time-weighted: deposits and withdrawals do not count as gains or losses.',
        [
          'Account',
          { label: 'NAV', num: true },
          { label: 'Benchmark', num: true, narrow: true },
          { label: '24 h', num: true },
          { label: '7 d', num: true, narrow: true },
          { label: '30 d', num: true, narrow: true },
          { label: '30-day trend', narrow: true },
          { label: 'Alpha', num: true },
          { label: 'Last snapshot', narrow: true },
        ],
        rows,
      ),
    ),
  );
  const sub = byId('overview-subtitle');
  if (sub)
    sub.textContent = `${data.accounts.length} account${data.accounts.length === 1 ? '' : 's'} · updated ${dateTime(data.generatedAt)}`;
}

startPage({ root, render: async () => render(await getJson<OverviewResponse>('/api/overview')) });
