/**
 * Page plumbing shared by every page: the theme toggle, JSON fetching, and the refresh loop. The loop polls the
 * cheap /api/status with its ETag; when a new run or snapshot lands, or every `refresh` ms anyway, the page's
 * render function runs again in place, so the chosen range and zoom survive.
 */
import { byId, errorBox, replace } from './dom.ts';
import { dateTime } from './format.ts';

export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json' } });
  if (!res.ok) {
    let message = `${res.status} ${res.statusText}`;
    try {
      const body = (await res.json()) as { error?: string };
      if (body.error) message = body.error;
    } catch {
      // Not JSON: keep the status line.
    }
    throw new ApiError(res.status, message);
  }
  return (await res.json()) as T;
}

export function mainData(): DOMStringMap {
  return (document.getElementById('main') as HTMLElement).dataset;
}

export function setupThemeToggle(): void {
  const button = byId<HTMLButtonElement>('theme-toggle');
  if (!button) return;
  const current = (): 'light' | 'dark' => {
    const forced = document.documentElement.dataset.theme;
    if (forced === 'light' || forced === 'dark') return forced;
    return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  };
  const label = () => {
    const next = current() === 'dark' ? 'light' : 'dark';
    button.textContent = next === 'dark' ? 'Dark theme' : 'Light theme';
    button.setAttribute('aria-label', `Switch to the ${next} theme`);
  };
  button.addEventListener('click', () => {
    const next = current() === 'dark' ? 'light' : 'dark';
    document.documentElement.dataset.theme = next;
    try {
      localStorage.setItem('bpm-theme', next);
    } catch {
      // Not persisted when storage is disabled.
    }
    label();
    window.dispatchEvent(new CustomEvent('bpm-theme'));
  });
  label();
}

export interface LiveOptions {
  /** Renders (or re-renders) the page. `refresh` is true when called by the loop rather than on first load. */
  render(refresh: boolean): Promise<void>;
  root: HTMLElement;
}

/** Starts the page: first render, then the refresh loop. Returns a function that re-renders on demand. */
export function startPage(o: LiveOptions): () => void {
  setupThemeToggle();
  const data = mainData();
  const refreshMs = Math.max(250, Number(data.refresh) || 60_000);
  const pollMs = Math.max(250, Number(data.poll) || 15_000);
  let etag: string | null = null;
  let lastRender = Date.now();
  let busy = false;
  // A render asked for while one is running happens right after it (a click is never lost).
  let queued: boolean | null = null;

  const run = async (refresh: boolean): Promise<void> => {
    if (busy) {
      queued = queued === false ? false : refresh;
      return;
    }
    busy = true;
    o.root.setAttribute('aria-busy', 'true');
    const note = byId('refresh-note');
    try {
      await o.render(refresh);
      lastRender = Date.now();
      if (note) note.textContent = `Updated ${dateTime(lastRender).slice(11)}`;
      document.body.dataset.renderedAt = String(lastRender);
    } catch (err) {
      // A failed refresh keeps what is shown and says so; a failed first load says why.
      if (!refresh) replace(o.root, errorBox(`Could not load this page: ${(err as Error).message}`));
      else if (note) note.textContent = 'Refresh failed, retrying';
    } finally {
      o.root.removeAttribute('aria-busy');
      busy = false;
      if (queued !== null) {
        const next = queued;
        queued = null;
        void run(next);
      }
    }
  };

  const poll = async () => {
    try {
      const res = await fetch('/api/status', { headers: etag ? { 'if-none-match': etag } : {} });
      const changed = res.status === 200 && etag !== null && res.headers.get('etag') !== etag;
      if (res.status === 200) etag = res.headers.get('etag');
      if (changed || Date.now() - lastRender >= refreshMs) await run(true);
    } catch {
      // Server unreachable for a moment: try again on the next tick.
    }
  };

  void run(false).then(() => {
    void poll();
    setInterval(() => void poll(), Math.min(pollMs, refreshMs));
  });
  return () => void run(false);
}
