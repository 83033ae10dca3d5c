/** Headless Chromium for the dashboard's browser tests, plus in-page accessibility checks. */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

export const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts', 'dashboard');

export interface Browser {
  context: BrowserContext;
  /** Console errors and uncaught page errors seen on any page. */
  errors: string[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'bpm-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
    viewport: { width: 1280, height: 900 },
    timezoneId: 'UTC',
    locale: 'en-US',
  });
  const errors: string[] = [];
  const watch = (page: Page) => {
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  };
  context.on('page', watch);
  return {
    context,
    errors,
    newPage: () => context.newPage(),
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Waits until the page's script has rendered at least once after `since`. */
export async function rendered(page: Page, since = 0): Promise<void> {
  await page.waitForFunction((t) => Number(document.body.dataset.renderedAt ?? 0) > t, since, {
    timeout: 15_000,
  });
}

export interface A11yReport {
  lowContrast: string[];
  unnamed: string[];
  landmarks: Record<string, number>;
  lang: string;
}

/**
 * Runs in the page: every visible element with its own text must reach 4.5:1 against the background it is
 * drawn on (ancestors' backgrounds composited); every button, link, form field and image needs a name.
 */
export function auditAccessibility(page: Page): Promise<A11yReport> {
  return page.evaluate(() => {
    type RGBA = [number, number, number, number];
    const parse = (c: string): RGBA => {
      const m = c.match(/rgba?\(([^)]+)\)/);
      if (!m) return [0, 0, 0, 0];
      const p = m[1]!
        .split(/[ ,/]+/)
        .filter(Boolean)
        .map(Number);
      return [p[0]!, p[1]!, p[2]!, p[3] ?? 1];
    };
    const over = (top: RGBA, bottom: RGBA): RGBA => {
      const a = top[3] + bottom[3] * (1 - top[3]);
      if (a === 0) return [0, 0, 0, 0];
      const mix = (i: number) => (top[i]! * top[3] + bottom[i]! * bottom[3] * (1 - top[3])) / a;
      return [mix(0), mix(1), mix(2), a];
    };
    const background = (el: Element | null): RGBA => {
      const layers: RGBA[] = [];
      for (let e = el; e; e = e.parentElement) layers.push(parse(getComputedStyle(e).backgroundColor));
      let bg: RGBA = [255, 255, 255, 1];
      for (const layer of layers.reverse()) bg = over(layer, bg);
      return bg;
    };
    const lum = ([r, g, b]: RGBA) => {
      const ch = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b);
    };
    const ratio = (a: RGBA, b: RGBA) => {
      const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
      return (x! + 0.05) / (y! + 0.05);
    };
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      const st = getComputedStyle(el);
      return (
        r.width > 0 &&
        r.height > 0 &&
        st.visibility !== 'hidden' &&
        st.display !== 'none' &&
        Number(st.opacity) > 0
      );
    };
    const lowContrast: string[] = [];
    for (const el of document.body.querySelectorAll('*')) {
      const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim());
      if (!ownText || !visible(el) || el.closest('.skip')) continue;
      const bg = background(el);
      const fg = over(parse(getComputedStyle(el).color), bg);
      const r = ratio(fg, bg);
      if (r < 4.5)
        lowContrast.push(
          `${el.tagName.toLowerCase()}.${el.className} "${el.textContent?.trim().slice(0, 30)}" ${r.toFixed(2)}`,
        );
    }
    const unnamed: string[] = [];
    const named = (el: Element) => {
      const label = el.getAttribute('aria-label') || el.getAttribute('alt') || el.getAttribute('title');
      if (label?.trim()) return true;
      if (el.id && document.querySelector(`label[for="${el.id}"]`)?.textContent?.trim()) return true;
      if (el.closest('label')?.textContent?.trim()) return true;
      if (el.tagName === 'SELECT' || el.tagName === 'INPUT') return false;
      return Boolean(el.textContent?.trim());
    };
    for (const el of document.querySelectorAll(
      'button, a[href], input, select, textarea, img, svg, [role="img"]',
    )) {
      if (el.closest('[aria-hidden="true"]') || !visible(el)) continue;
      if (!named(el)) unnamed.push(el.outerHTML.slice(0, 80));
    }
    const landmarks: Record<string, number> = {};
    for (const tag of ['header', 'nav', 'main', 'footer'])
      landmarks[tag] = document.querySelectorAll(tag).length;
    return { lowContrast, unnamed, landmarks, lang: document.documentElement.lang };
  });
}
