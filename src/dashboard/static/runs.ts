/** Runs and logs, each with filters kept in the URL so a refresh (or a shared link) shows the same view. */
import type { LogsResponse, LogView, RunsResponse } from '../api-types.ts';
import { byId, h, replace, table, td, when } from './dom.ts';
import { duration } from './format.ts';
import { getJson, startPage } from './live.ts';

const root = byId('runs-root') as HTMLElement;
/** How many rows are shown; "Show more" doubles them (the API caps at 1000). */
const limits = { runs: 24, logs: 50 };

function moreButton(what: 'runs' | 'logs', shown: number, label: string): HTMLElement | null {
  if (shown < limits[what] || limits[what] >= 1000) return null;
  return h(
    'button',
    {
      type: 'button',
      class: 'more',
      onclick: () => {
        limits[what] = Math.min(1000, limits[what] * 2);
        rerender();
      },
    },
    label,
  );
}

interface Filters {
  runStatus: string;
  level: string;
  component: string;
  account: string;
  from: string;
  to: string;
}

const FIELDS: Array<keyof Filters> = ['runStatus', 'level', 'component', 'account', 'from', 'to'];

function readFilters(): Filters {
  const q = new URLSearchParams(location.search);
  const f = {} as Filters;
  for (const k of FIELDS) f[k] = q.get(k) ?? '';
  return f;
}

function writeFilters(f: Filters): void {
  const q = new URLSearchParams();
  for (const k of FIELDS) if (f[k]) q.set(k, f[k]);
  history.replaceState(null, '', `${location.pathname}${q.size ? `?${q}` : ''}`);
}

function select(id: string, label: string, value: string, options: string[]): HTMLElement {
  const el = h(
    'select',
    { id, name: id },
    h('option', { value: '' }, 'all'),
    ...options.map((o) => h('option', { value: o }, o)),
  );
  el.value = value;
  return h('label', { for: id }, label, el);
}

function input(id: string, label: string, value: string, type = 'text'): HTMLElement {
  return h('label', { for: id }, label, h('input', { id, name: id, type, value }));
}

function statusBadge(status: string): HTMLElement {
  const cls = status === 'ok' ? 'ok' : status === 'running' ? '' : 'bad';
  return h('span', { class: `badge ${cls}` }, status);
}

function levelCell(l: LogView): HTMLTableCellElement {
  return td(l.level, `level-${l.level}`);
}

function instantParam(date: string, endOfDay: boolean): string {
  return date ? `${date}T${endOfDay ? '23:59:59' : '00:00:00'}Z` : '';
}

function query(pairs: Record<string, string>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(pairs)) if (v) q.set(k, v);
  return q.toString();
}

async function render(): Promise<void> {
  const f = readFilters();
  const from = instantParam(f.from, false);
  const to = instantParam(f.to, true);
  const [runs, logs, accounts] = await Promise.all([
    getJson<RunsResponse>(
      `/api/runs?${query({ status: f.runStatus, from, to, limit: String(limits.runs) })}`,
    ),
    getJson<LogsResponse>(
      `/api/logs?${query({ level: f.level, component: f.component, account: f.account, from, to, limit: String(limits.logs) })}`,
    ),
    getJson<{ accounts: Array<{ name: string }> }>('/api/accounts'),
  ]);
  const form = h(
    'form',
    { class: 'filters', 'aria-label': 'Filters' },
    select('runStatus', 'Run status', f.runStatus, ['ok', 'failed', 'timeout', 'running']),
    select('level', 'Minimum level', f.level, ['debug', 'info', 'warn', 'error']),
    select('component', 'Component', f.component, logs.components),
    select(
      'account',
      'Account',
      f.account,
      accounts.accounts.map((a) => a.name),
    ),
    input('from', 'From (UTC)', f.from, 'date'),
    input('to', 'To (UTC)', f.to, 'date'),
    h('button', { type: 'submit' }, 'Apply'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const next = {} as Filters;
    for (const k of FIELDS) next[k] = String(data.get(k) ?? '');
    writeFilters(next);
    rerender();
  });
  const runRows = runs.runs.map((r) =>
    h(
      'tr',
      null,
      td(when(r.slotTs)),
      td(statusBadge(r.status)),
      td(duration(r.durationMs), 'num'),
      td(`${r.accountsOk} / ${r.accountsFailed}`, 'num'),
      td(r.weightUsed.toLocaleString('en-US'), 'num hide-narrow'),
      td(r.message ?? '', 'wrap hide-narrow'),
    ),
  );
  const logRows = logs.logs.map((l) =>
    h(
      'tr',
      null,
      td(when(l.ts)),
      levelCell(l),
      td(l.component),
      td(l.account ?? '', 'hide-narrow'),
      td(l.message, 'wrap'),
    ),
  );
  replace(
    root,
    h('section', { class: 'panel', 'aria-label': 'Filters' }, form),
    h(
      'section',
      { class: 'panel', 'aria-label': 'Worker runs' },
      h('h2', null, 'Worker runs'),
      runRows.length
        ? table(
            `${runRows.length} most recent runs`,
            [
              'Slot',
              'Status',
              { label: 'Duration', num: true },
              { label: 'Accounts ok / failed', num: true },
              { label: 'Weight', num: true, narrow: true },
              { label: 'Message', narrow: true },
            ],
            runRows,
          )
        : h(
            'p',
            { class: 'muted' },
            'No runs match. Runs appear once the scheduler (`bpm run`) or `bpm collect` has run.',
          ),
      moreButton('runs', runRows.length, 'Show more runs'),
    ),
    h(
      'section',
      { class: 'panel', 'aria-label': 'Logs' },
      h('h2', null, 'Logs'),
      logRows.length
        ? table(
            `${logRows.length} most recent entries`,
            ['Time', 'Level', 'Component', { label: 'Account', narrow: true }, 'Message'],
            logRows,
          )
        : h('p', { class: 'muted' }, 'No log entries match these filters.'),
      moreButton('logs', logRows.length, 'Show older entries'),
    ),
  );
}

const rerender = startPage({ root, render });
