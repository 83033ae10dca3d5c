/** The bodies of each page: headings and empty containers that the page script fills from the JSON API. */
import { escapeHtml } from './html.ts';
import { type PageId, renderShell } from './layout.ts';

export interface PageSettings {
  refreshMs: number;
  pollMs: number;
}

const loading = '<p class="loading" role="status">Loading…</p>';

export function overviewPage(s: PageSettings): string {
  return renderShell({
    ...s,
    page: 'overview',
    title: 'Overview',
    body: `<div class="page-head"><div><h1>Overview</h1><p class="subtitle" id="overview-subtitle">Every account and the total</p></div></div>
<div id="overview-root">${loading}</div>`,
  });
}

export function accountPage(s: PageSettings, name: string): string {
  const n = escapeHtml(name);
  return renderShell({
    ...s,
    page: 'account',
    title: name,
    data: { account: name },
    body: `<div class="page-head"><div><h1 id="account-title">${n}</h1><p class="subtitle" id="account-subtitle">NAV against the benchmark</p></div>
<div class="ranges" role="group" aria-label="Time range" id="ranges"></div></div>
<div id="account-root">${loading}</div>`,
  });
}

/** The total of all accounts, shown by the account page's script (data-total). */
export function totalPage(s: PageSettings): string {
  return renderShell({
    ...s,
    page: 'account',
    title: 'All accounts',
    data: { account: '', total: '1' },
    body: `<div class="page-head"><div><h1 id="account-title">All accounts</h1><p class="subtitle" id="account-subtitle">Every account summed, returns computed on the sums</p></div>
<div class="ranges" role="group" aria-label="Time range" id="ranges"></div></div>
<div id="account-root">${loading}</div>`,
  });
}

export function runsPage(s: PageSettings): string {
  return renderShell({
    ...s,
    page: 'runs',
    title: 'Runs & logs',
    body: `<div class="page-head"><div><h1>Runs &amp; logs</h1><p class="subtitle">Every worker run, and what the system logged</p></div></div>
<div id="runs-root">${loading}</div>`,
  });
}

export function statusPage(s: PageSettings): string {
  return renderShell({
    ...s,
    page: 'status',
    title: 'Status',
    body: `<div class="page-head"><div><h1>System status</h1><p class="subtitle">Runs, failures and Binance request weight</p></div></div>
<div id="status-root">${loading}</div>`,
  });
}

export function notFoundPage(s: PageSettings, what: string): string {
  const page: PageId = 'status';
  return renderShell({
    ...s,
    page,
    title: 'Not found',
    body: `<div class="panel empty"><h2>Not found</h2><p>${escapeHtml(what)}</p><p><a href="/">Back to the overview</a></p></div>`,
  });
}
