/**
 * Number formatting for people: money with thousands separators, changes with an explicit sign (colour is never
 * the only cue) and a class that colours them.
 */
const MINUS = '\u2212';

function grouped(v: number, digits: number): string {
  return Math.abs(v).toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

export function toNumber(v: string | number | null | undefined): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

/** $1,234.56 (levels: NAV, values). */
export function usd(v: string | number | null | undefined, digits = 2): string {
  const n = toNumber(v);
  if (n === null) return '—';
  return `${n < 0 ? MINUS : ''}$${grouped(n, digits)}`;
}

/** +$1,234.56 / −$1,234.56 (changes: profit, flows). */
export function signedUsd(v: string | number | null | undefined): string {
  const n = toNumber(v);
  if (n === null) return '—';
  const sign = n > 0 ? '+' : n < 0 ? MINUS : '';
  return `${sign}$${grouped(n, 2)}`;
}

/** A fraction as a signed percentage: 0.1234 → +12.34 %. */
export function signedPct(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const p = v * 100;
  const rounded = Number(p.toFixed(digits));
  const sign = rounded > 0 ? '+' : rounded < 0 ? MINUS : '';
  return `${sign}${grouped(p, digits)}%`;
}

/** A fraction as an unsigned percentage (volatility, weights). */
export function pct(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return `${v < 0 ? MINUS : ''}${grouped(v * 100, digits)}%`;
}

export function ratio(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return `${v < 0 ? MINUS : ''}${grouped(v, 2)}`;
}

/** up / down / '' for colouring a change. */
export function tone(v: string | number | null | undefined): string {
  const n = toNumber(v);
  if (n === null || Math.abs(n) < 1e-12) return '';
  return n > 0 ? 'up' : 'down';
}

export function quantity(v: string): string {
  const n = Number(v);
  if (!Number.isFinite(n)) return v;
  const abs = Math.abs(n);
  const digits = abs >= 1000 ? 2 : abs >= 1 ? 4 : 8;
  return `${n < 0 ? MINUS : ''}${abs.toLocaleString('en-US', { maximumFractionDigits: digits })}`;
}

export function dateTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function date(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function ago(ms: number | null | undefined, now = Date.now()): string {
  if (ms === null || ms === undefined) return 'never';
  const s = Math.round((now - ms) / 1000);
  if (s < 0) return `in ${duration(-s * 1000)}`;
  return `${duration(s * 1000)} ago`;
}

export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  const s = ms / 1000;
  if (s < 1) return `${Math.round(ms)} ms`;
  if (s < 90) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  const m = s / 60;
  if (m < 90) return `${Math.round(m)} min`;
  const hrs = m / 60;
  if (hrs < 48) return `${Math.round(hrs)} h`;
  return `${Math.round(hrs / 24)} d`;
}
