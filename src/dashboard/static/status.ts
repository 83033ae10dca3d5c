/** System status: last and next run, failures and Binance weight in the last 24 hours, store. */
import type { StatusResponse } from '../api-types.ts';
import { byId, h, replace, table, td, when } from './dom.ts';
import { ago, dateTime, duration } from './format.ts';
import { getJson, setupThemeToggle, startPage } from './live.ts';

const root = byId('status-root');

function card(label: string, value: string, cls = '', note?: string): HTMLElement {
  return h(
    'div',
    { class: 'card' },
    h('p', { class: 'card-label' }, label),
    h('p', { class: `card-value ${cls}`.trim() }, value),
    note ? h('p', { class: 'card-note' }, note) : null,
  );
}

function failuresPanel(s: StatusResponse): HTMLElement {
  const { runs, incomplete, errors } = s.failures;
  const parts: HTMLElement[] = [];
  if (incomplete.length > 0) {
    parts.push(
      table(
        'Accounts whose newest snapshot is incomplete (left out of returns and charts)',
        ['Account', 'Slot', 'Failed wallets'],
        incomplete.map((i) =>
          h(
            'tr',
            null,
            td(h('a', { href: `/accounts/${encodeURIComponent(i.account)}` }, i.account)),
            td(when(i.ts)),
            td(i.failedWallets.join(', ')),
          ),
        ),
      ),
    );
  }
  if (runs.length > 0) {
    parts.push(
      table(
        'Runs that failed or timed out in the last 7 days',
        ['Slot', 'Status', { label: 'Accounts ok / failed', num: true }, 'Message'],
        runs.map((r) =>
          h(
            'tr',
            null,
            td(when(r.slotTs)),
            td(h('span', { class: 'badge bad' }, r.status)),
            td(`${r.accountsOk} / ${r.accountsFailed}`, 'num'),
            td(r.message ?? '', 'wrap'),
          ),
        ),
      ),
    );
  }
  if (errors.length > 0) {
    parts.push(
      table(
        'Errors logged in the last 24 hours',
        ['Time', 'Component', 'Account', 'Message'],
        errors.map((l) =>
          h('tr', null, td(when(l.ts)), td(l.component), td(l.account ?? ''), td(l.message, 'wrap')),
        ),
      ),
    );
  }
  return h(
    'section',
    { class: 'panel', 'aria-label': 'Failures' },
    h('h2', null, 'Failures'),
    ...(parts.length > 0
      ? parts
      : [
          h(
            'p',
            { class: 'muted' },
            'No failed runs in the last 7 days, no incomplete snapshot and no error logged in the last 24 hours.',
          ),
        ]),
  );
}

function render(s: StatusResponse, el: HTMLElement): void {
  const run = s.lastRun;
  const runTone = !run ? '' : run.status === 'ok' ? 'up' : run.status === 'running' ? '' : 'down';
  replace(
    el,
    h(
      'section',
      { class: 'cards', 'aria-label': 'System status' },
      card(
        'Last run',
        run ? run.status : 'none yet',
        runTone,
        run ? `${dateTime(run.startedAt)} (${ago(run.startedAt, s.now)})` : 'the scheduler has not run',
      ),
      card(
        'Duration',
        duration(run?.durationMs ?? null),
        '',
        run ? `${run.accountsOk} accounts ok, ${run.accountsFailed} failed` : undefined,
      ),
      card(
        'Next run',
        s.nextRunAt ? dateTime(s.nextRunAt).slice(11) : 'unknown',
        '',
        s.nextRunAt
          ? `${dateTime(s.nextRunAt).slice(0, 10)} · ${ago(s.nextRunAt, s.now)}`
          : 'no schedule known',
      ),
      card(
        'Failed runs (24 h)',
        String(s.last24h.failed),
        s.last24h.failed > 0 ? 'down' : 'up',
        `of ${s.last24h.runs} runs`,
      ),
      card(
        'Binance weight (24 h)',
        s.last24h.weightUsed.toLocaleString('en-US'),
        '',
        run ? `last run: ${run.weightUsed.toLocaleString('en-US')}` : undefined,
      ),
      card('Accounts', String(s.accounts.total), '', `${s.accounts.enabled} enabled`),
      card(
        'Newest snapshot',
        s.lastSnapshotTs ? ago(s.lastSnapshotTs, s.now) : 'none',
        '',
        s.lastSnapshotTs ? dateTime(s.lastSnapshotTs) : undefined,
      ),
      card(
        'Store',
        s.store.reachable ? 'reachable' : 'unreachable',
        s.store.reachable ? 'up' : 'down',
        s.store.dialect,
      ),
    ),
    run?.message ? h('div', { class: 'notice' }, `Last run: ${run.message}`) : null,
    failuresPanel(s),
    h(
      'p',
      { class: 'muted' },
      'Details of every run and the system log are on ',
      h('a', { href: '/runs' }, 'Runs & logs'),
      '. Machine-readable: ',
      h('a', { href: '/metrics' }, '/metrics'),
      ' and ',
      h('a', { href: '/healthz' }, '/healthz'),
      '.',
    ),
  );
}

// The not-found page reuses this script without a status panel: only its theme toggle needs wiring.
if (root) startPage({ root, render: async () => render(await getJson<StatusResponse>('/api/status'), root) });
else setupThemeToggle();
