/** The account page's tables: holdings and allocation, flows, performance fees, incomplete snapshots. */
import type { FeesResponse, FlowsResponse, HoldingsResponse, IncompleteView } from '../api-types.ts';
import { h, table, td, when } from './dom.ts';
import { dateTime, pct, quantity, signedUsd, tone, usd } from './format.ts';

/** Flows shown on the page; the CSV has them all. */
const FLOWS_SHOWN = 50;

export function holdingsPanels(hd: HoldingsResponse): HTMLElement {
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
        `As of ${dateTime(hd.ts)}${hd.notEnabled.length > 0 ? ` · not enabled for this account (count as 0): ${hd.notEnabled.join(', ')}` : ''}`,
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

function flowBadge(status: string, beforeHistory: boolean): HTMLElement {
  if (beforeHistory && status === 'counted') {
    return h(
      'span',
      { class: 'badge', title: 'Settled before the first snapshot: already part of the starting NAV' },
      'opening',
    );
  }
  return h(
    'span',
    { class: `badge ${status === 'counted' ? 'ok' : status === 'pending' ? 'warn' : ''}` },
    status,
  );
}

function flowsCaption(f: FlowsResponse): string {
  const parts = [`Counted since the first snapshot: ${signedUsd(f.countedInHistoryUsd)}`];
  if (Number(f.countedBeforeHistoryUsd) !== 0)
    parts.push(
      `opening (settled before it, so part of the starting NAV): ${signedUsd(f.countedBeforeHistoryUsd)}`,
    );
  if (f.pending) parts.push(`${f.pending} pending`);
  if (f.flows.length > FLOWS_SHOWN) parts.push(`newest ${FLOWS_SHOWN} of ${f.flows.length}, all in the CSV`);
  return parts.join(' · ');
}

export function flowsPanel(f: FlowsResponse): HTMLElement {
  const enc = encodeURIComponent(f.account);
  const head = h(
    'div',
    { class: 'panel-head' },
    h('h2', null, 'Deposits and withdrawals'),
    h('a', { class: 'button', href: `/api/accounts/${enc}/flows.csv`, download: '' }, 'Download flows CSV'),
  );
  if (f.flows.length === 0)
    return h(
      'section',
      { class: 'panel', 'aria-label': 'Flows' },
      head,
      h('p', { class: 'muted' }, 'No deposits or withdrawals recorded.'),
    );
  const source = (s: string) => s.replace(/_/g, ' ');
  const rows = [...f.flows]
    .reverse()
    .slice(0, FLOWS_SHOWN)
    .map((x) =>
      h(
        'tr',
        null,
        td(when(x.ts)),
        td(source(x.source), 'hide-narrow'),
        h('td', null, x.asset, h('span', { class: 'show-narrow card-note' }, source(x.source))),
        td(quantity(x.quantity), 'num hide-narrow'),
        td(x.usdValue === null ? '—' : signedUsd(x.usdValue), `num ${tone(x.usdValue)}`),
        td(flowBadge(x.status, f.historyStartTs === null || x.ts <= f.historyStartTs)),
      ),
    );
  return h(
    'section',
    { class: 'panel', 'aria-label': 'Flows' },
    head,
    table(
      flowsCaption(f),
      [
        'Time',
        { label: 'Source', narrow: true },
        'Asset',
        { label: 'Quantity', num: true, narrow: true },
        { label: 'USD value', num: true },
        'Status',
      ],
      rows,
    ),
  );
}

export function feesPanel(f: FeesResponse): HTMLElement | null {
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

export function incompletePanel(list: IncompleteView[]): HTMLElement | null {
  if (list.length === 0) return null;
  const rows = [...list]
    .reverse()
    .map((x) => h('tr', null, td(when(x.ts)), td(x.failedWallets.join(', ')), td(usd(x.nav), 'num')));
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
