/**
 * uPlot charts for the account page: NAV against the benchmark, return against the benchmark's, and drawdown.
 * The three share a cursor and a zoom (drag to zoom, double-click to reset); the zoom survives data refreshes.
 * Colours come from the theme's CSS variables and are re-read when the theme changes.
 */
import type uPlotType from 'uplot';
import type { SeriesResponse } from '../api-types.ts';
import { h } from './dom.ts';
import { pct, signedPct, usd } from './format.ts';

declare const uPlot: typeof uPlotType;

type Kind = 'nav' | 'return' | 'drawdown';

export interface Zoom {
  min: number;
  max: number;
}

interface ChartState {
  kind: Kind;
  el: HTMLElement;
  plot: uPlotType | null;
}

function css(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

function columns(kind: Kind, s: SeriesResponse): uPlotType.AlignedData {
  if (kind === 'nav') return [s.ts, s.nav, s.benchmark];
  if (kind === 'return') {
    return [s.ts, s.index.map((v) => v - 1), s.benchmarkIndex.map((v) => (v === null ? null : v - 1))];
  }
  return [s.ts, s.drawdown];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY_MS = 24 * 3600_000;

/** UTC time ticks, 24-hour: "14:00" within a day, "Mar 5" at midnight, "Mar 2026" on month starts of long spans. */
function timeValues(_u: uPlotType, splits: number[]): string[] {
  const span = (splits[splits.length - 1] ?? 0) - (splits[0] ?? 0);
  return splits.map((t) => {
    const d = new Date(t);
    const month = MONTHS[d.getUTCMonth()];
    if (d.getUTCHours() !== 0 || d.getUTCMinutes() !== 0) {
      return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
    }
    if (span > 120 * DAY_MS && d.getUTCDate() === 1) return `${month} ${d.getUTCFullYear()}`;
    return `${month} ${d.getUTCDate()}`;
  });
}

/** Enough decimals that neighbouring ticks never print the same (−2.5 % must not read −3 %). */
function percentDigits(splits: number[]): number {
  const step = Math.abs((splits[1] ?? 1) - (splits[0] ?? 0)) * 100;
  for (let d = 0; d < 3; d++) {
    const scaled = step * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-6) return d;
  }
  return 3;
}

function axisValue(kind: Kind) {
  return (_u: uPlotType, splits: number[]) => {
    const digits = percentDigits(splits);
    return splits.map((v) =>
      kind === 'nav' ? compactUsd(v) : kind === 'return' ? signedPct(v, digits) : pct(v, digits),
    );
  };
}

function compactUsd(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `$${(v / 1e6).toFixed(a >= 1e7 ? 0 : 1)}M`;
  if (a >= 1e3) return `$${(v / 1e3).toFixed(a >= 1e4 ? 0 : 1)}k`;
  return usd(v, 0);
}

function seriesFor(kind: Kind): uPlotType.Series[] {
  const nav = css('--nav');
  const bench = css('--bench');
  const down = css('--down');
  const fmt = (v: number | null) =>
    v === null ? '—' : kind === 'nav' ? usd(v) : kind === 'return' ? signedPct(v) : pct(v);
  const base: uPlotType.Series = {};
  if (kind === 'drawdown') {
    return [
      base,
      { label: 'Drawdown', stroke: down, fill: `${down}33`, width: 1.5, value: (_u, v) => fmt(v) },
    ];
  }
  return [
    base,
    { label: kind === 'nav' ? 'NAV' : 'Portfolio', stroke: nav, width: 2, value: (_u, v) => fmt(v) },
    { label: 'Benchmark', stroke: bench, width: 1.5, value: (_u, v) => fmt(v) },
  ];
}

export class AccountCharts {
  readonly #charts: ChartState[];
  #data: SeriesResponse | null = null;
  #zoom: Zoom | null = null;

  constructor(containers: Record<Kind, HTMLElement>) {
    this.#charts = (Object.keys(containers) as Kind[]).map((kind) => ({
      kind,
      el: containers[kind],
      plot: null,
    }));
    new ResizeObserver(() => this.#resize()).observe(containers.nav);
    window.addEventListener('bpm-theme', () => this.#rebuild());
    matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => this.#rebuild());
  }

  get zoom(): Zoom | null {
    return this.#zoom;
  }

  /** New data for the same range keeps the zoom; a new range (`keepZoom` false) resets it. */
  update(data: SeriesResponse, keepZoom: boolean): void {
    this.#data = data;
    if (!keepZoom) this.#zoom = null;
    for (const c of this.#charts) {
      if (c.plot) c.plot.setData(columns(c.kind, data), this.#zoom === null);
      else this.#create(c);
      this.#applyZoom(c);
      this.#describe(c);
    }
  }

  #size(c: ChartState): { width: number; height: number } {
    const width = Math.max(260, Math.floor(c.el.clientWidth || c.el.parentElement?.clientWidth || 600));
    const tall = c.kind === 'nav' ? 300 : 200;
    return { width, height: window.innerWidth < 560 ? Math.round(tall * 0.75) : tall };
  }

  #create(c: ChartState): void {
    if (!this.#data) return;
    const muted = css('--muted');
    const grid = css('--grid');
    const axis = (kind: Kind): uPlotType.Axis[] => [
      {
        stroke: muted,
        grid: { stroke: grid, width: 1 },
        ticks: { stroke: grid, width: 1 },
        values: timeValues,
      },
      {
        stroke: muted,
        grid: { stroke: grid, width: 1 },
        ticks: { stroke: grid, width: 1 },
        values: axisValue(kind),
        size: 64,
      },
    ];
    const opts: uPlotType.Options = {
      ...this.#size(c),
      ms: 1,
      tzDate: (ts) => uPlot.tzDate(new Date(ts), 'Etc/UTC'),
      legend: { show: false },
      cursor: {
        sync: { key: 'bpm-account' },
        drag: { x: true, y: false, setScale: false },
      },
      scales: { x: { time: true } },
      series: seriesFor(c.kind),
      axes: axis(c.kind),
      hooks: {
        setSelect: [(u) => this.#onSelect(u)],
        setCursor: [(u) => this.#onCursor(u, c)],
      },
    };
    c.el.replaceChildren();
    c.plot = new uPlot(opts, columns(c.kind, this.#data), c.el);
    c.plot.over.addEventListener('dblclick', () => this.#resetZoom());
  }

  #onSelect(u: uPlotType): void {
    const sel = u.select;
    if (sel.width < 2) return;
    this.#zoom = { min: u.posToVal(sel.left, 'x'), max: u.posToVal(sel.left + sel.width, 'x') };
    u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
    for (const c of this.#charts) {
      this.#applyZoom(c);
      this.#describe(c);
    }
  }

  #onCursor(u: uPlotType, c: ChartState): void {
    const i = u.cursor.idx;
    const readout = c.el.parentElement?.querySelector<HTMLElement>('.chart-readout');
    if (!readout || !this.#data) return;
    if (i === null || i === undefined) {
      readout.textContent = '';
      return;
    }
    const t = new Date(this.#data.ts[i] as number).toISOString().slice(0, 16).replace('T', ' ');
    const parts = u.series.slice(1).map((s, k) => {
      const v = u.data[k + 1]?.[i] ?? null;
      const shown = typeof s.value === 'function' ? s.value(u, v as number, k + 1, i) : String(v);
      return `${s.label}: ${shown}`;
    });
    readout.textContent = `${t} UTC · ${parts.join(' · ')}`;
  }

  #applyZoom(c: ChartState): void {
    if (c.plot && this.#zoom) c.plot.setScale('x', { min: this.#zoom.min, max: this.#zoom.max });
  }

  #resetZoom(): void {
    this.#zoom = null;
    if (!this.#data) return;
    for (const c of this.#charts) {
      c.plot?.setData(columns(c.kind, this.#data), true);
      this.#describe(c);
    }
  }

  /** Exposes what is drawn as data-* attributes (points and x-range), for people inspecting and for tests. */
  #describe(c: ChartState): void {
    const ts = this.#data?.ts ?? [];
    c.el.dataset.points = String(ts.length);
    // The zoom is applied in uPlot's next commit, so describe what was asked for rather than its scales.
    c.el.dataset.xMin = String(Math.round(this.#zoom?.min ?? ts[0] ?? 0));
    c.el.dataset.xMax = String(Math.round(this.#zoom?.max ?? ts[ts.length - 1] ?? 0));
    c.el.dataset.zoomed = this.#zoom ? 'true' : 'false';
  }

  #resize(): void {
    for (const c of this.#charts) c.plot?.setSize(this.#size(c));
  }

  #rebuild(): void {
    for (const c of this.#charts) {
      c.plot?.destroy();
      c.plot = null;
      this.#create(c);
      this.#applyZoom(c);
      this.#describe(c);
    }
  }
}

export function chartPanel(
  title: string,
  kind: Kind,
  legend: Array<[string, string]>,
  description: string,
): {
  panel: HTMLElement;
  chart: HTMLElement;
} {
  const chart = h('div', { class: 'chart', 'data-kind': kind });
  const panel = h(
    'section',
    { class: 'panel', 'aria-label': title },
    h(
      'div',
      { class: 'panel-head' },
      h('h2', null, title),
      h(
        'div',
        { class: 'chart-legend' },
        ...legend.map(([cls, label]) =>
          h('span', null, h('span', { class: `swatch ${cls}`, 'aria-hidden': 'true' }), label),
        ),
      ),
    ),
    h('div', { role: 'img', 'aria-label': description }, chart),
    h('p', { class: 'chart-hint chart-readout', 'aria-live': 'off' }),
  );
  return { panel, chart };
}
