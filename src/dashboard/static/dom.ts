/** A tiny DOM builder. Text is always set through text nodes, never parsed as HTML, so data cannot inject markup. */
export type Child = Node | string | number | null | undefined | false;
export type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v);
      else if (k === 'class') el.className = String(v);
      // Through CSSOM: the Content-Security-Policy forbids style attributes, not style properties.
      else if (k === 'style') el.style.cssText = String(v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

export function append(el: Element, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T | null {
  return document.getElementById(id) as T | null;
}

export function emptyState(title: string, ...lines: Child[]): HTMLElement {
  return h('div', { class: 'panel empty' }, h('h2', null, title), ...lines.map((l) => h('p', null, l)));
}

export function errorBox(message: string): HTMLElement {
  return h('div', { class: 'error-box', role: 'alert' }, message);
}

export function table(
  caption: string,
  head: Array<string | { label: string; num?: boolean; narrow?: boolean }>,
  rows: HTMLTableRowElement[],
): HTMLElement {
  const ths = head.map((c) => {
    const col = typeof c === 'string' ? { label: c } : c;
    const cls = [col.num ? 'num' : '', col.narrow ? 'hide-narrow' : ''].filter(Boolean).join(' ');
    return h('th', { scope: 'col', class: cls || null }, col.label);
  });
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      null,
      h('caption', null, caption),
      h('thead', null, h('tr', null, ...ths)),
      h('tbody', null, ...rows),
    ),
  );
}

/** "2026-11-23 23:00 UTC" that may break between the date and the time (and nowhere else) on a phone. */
export function when(ms: number): HTMLElement {
  const iso = new Date(ms).toISOString();
  return h(
    'span',
    { class: 'when' },
    h('span', { class: 'nw' }, iso.slice(0, 10)),
    ' ',
    h('span', { class: 'nw' }, `${iso.slice(11, 16)} UTC`),
  );
}

export function td(content: Child, cls?: string): HTMLTableCellElement {
  return h('td', { class: cls ?? null }, content);
}
