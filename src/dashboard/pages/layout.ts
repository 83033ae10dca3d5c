/**
 * The page shell shared by every page: landmarks, navigation, theme toggle and the page's module. The data itself
 * is fetched from the JSON API by the page's script so that refreshing never reloads the page (range and zoom stay).
 */
import { escapeHtml } from './html.ts';

export type PageId = 'overview' | 'account' | 'runs' | 'status';

export interface ShellOptions {
  page: PageId;
  title: string;
  /** Values handed to the page's script as data-* attributes on <main>. */
  data?: Record<string, string>;
  refreshMs: number;
  pollMs: number;
  body: string;
}

const NAV: ReadonlyArray<{ page: PageId; href: string; label: string }> = [
  { page: 'overview', href: '/', label: 'Overview' },
  { page: 'runs', href: '/runs', label: 'Runs & logs' },
  { page: 'status', href: '/status', label: 'Status' },
];

function dataAttributes(data: Record<string, string>): string {
  return Object.entries(data)
    .map(([k, v]) => ` data-${k.replace(/[^a-z0-9-]/g, '')}="${escapeHtml(v)}"`)
    .join('');
}

export function renderShell(o: ShellOptions): string {
  const nav = NAV.map(
    (n) =>
      `<a href="${n.href}"${n.page === o.page || (o.page === 'account' && n.page === 'overview') ? ' aria-current="page"' : ''}>${n.label}</a>`,
  ).join('');
  const data = dataAttributes({
    ...o.data,
    page: o.page,
    refresh: String(o.refreshMs),
    poll: String(o.pollMs),
  });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(o.title)} · Portfolio Monitor</title>
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
${o.page === 'account' ? '<link rel="stylesheet" href="/vendor/uplot/uPlot.min.css">\n' : ''}<link rel="stylesheet" href="/static/style.css">
<script src="/static/theme.js"></script>${o.page === 'account' ? '\n<script src="/vendor/uplot/uPlot.iife.min.js" defer></script>' : ''}
<script type="module" src="/static/${o.page}.js"></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="topbar">
<div class="topbar-inner">
<a class="brand" href="/"><span class="brand-mark" aria-hidden="true"></span>Portfolio Monitor</a>
<nav class="mainnav" aria-label="Main">${nav}</nav>
<div class="topbar-right">
<span class="refresh-note" id="refresh-note" aria-live="polite"></span>
<button type="button" id="theme-toggle" aria-label="Switch colour theme">Theme</button>
</div>
</div>
</header>
<main id="main"${data}>
${o.body}
</main>
<footer>Read-only view of the monitor's store. Values in USD; returns are time-weighted, so deposits and withdrawals are not performance.</footer>
</body>
</html>
`;
}
