/**
 * The pages in headless Chromium on a seeded store: overview, account charts and range buttons, auto-refresh
 * of a new run, phone width, themes, accessibility and no console errors. Screenshots go to test-artifacts/;
 * with BPM_UPDATE_SCREENSHOTS=1 the README's images in docs/ are refreshed too.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { type RunningDashboard, startDashboard } from '../../src/dashboard/index.ts';
import type { Store } from '../../src/store/index.ts';
import { HOUR, type SeedResult, seedStore, writeSnapshot } from '../helpers/seed.ts';
import { testStores } from '../helpers/stores.ts';
import { ARTIFACTS, auditAccessibility, type Browser, launchBrowser, rendered } from './browser-kit.ts';
import { HOSTILE_NAME } from './fixtures.ts';

const DOCS = join(import.meta.dirname, '..', '..', 'docs');

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

function chartInfo(page: Page) {
  return page.$eval('.chart[data-kind="nav"]', (el) => ({
    points: Number((el as HTMLElement).dataset.points),
    xMin: Number((el as HTMLElement).dataset.xMin),
    xMax: Number((el as HTMLElement).dataset.xMax),
    zoomed: (el as HTMLElement).dataset.zoomed === 'true',
  }));
}

describe('dashboard in Chromium', () => {
  let store: Store;
  let seed: SeedResult;
  let dashboard: RunningDashboard;
  let browser: Browser;
  let now: number;

  before(async () => {
    store = await testStores()[0]!.open();
    seed = await seedStore(store, {
      accounts: ['alpha', 'beta', HOSTILE_NAME],
      hours: 24 * 75,
      until: Math.floor(Date.now() / HOUR) * HOUR,
      incompleteEvery: 300,
      holdingsHours: 48,
    });
    now = seed.lastTs + HOUR / 2;
    dashboard = await startDashboard({ store, port: 0, now: () => now, refreshMs: 60_000, pollMs: 250 });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await dashboard?.close();
    await store?.close();
  });

  test('overview: every account and the total, names shown as text', async () => {
    const page = await browser.newPage();
    await page.goto(`${dashboard.url}/`);
    await rendered(page);
    const rows = await page.$$eval('#overview-root tbody tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
    assert.equal(rows.length, 4);
    assert.ok(
      rows.some((r) => r.includes(HOSTILE_NAME)),
      'the hostile name is text, not markup',
    );
    assert.ok(rows.at(-1)?.startsWith('All accounts'));
    assert.equal(await page.$$eval('script', (s) => s.filter((x) => !x.src).length), 0);
    assert.ok(await page.$eval('#overview-root', (el) => /\$[\d,]+\.\d\d/.test(el.textContent ?? '')));
    await shot(page, 'overview');
    await page.click('a[href="/total"]');
    await page.waitForURL(/\/total$/);
    await rendered(page);
    await page.waitForSelector('.chart[data-kind="nav"] canvas');
    assert.match((await page.textContent('#account-subtitle')) ?? '', /Every account summed/);
    assert.ok((await chartInfo(page)).points > 600);
    await shot(page, 'total');
    await page.close();
  });

  test('account: range buttons change the chart and the URL keeps the range', async () => {
    const page = await browser.newPage();
    await page.goto(`${dashboard.url}/accounts/alpha`);
    await rendered(page);
    await page.waitForSelector('.chart[data-kind="nav"] canvas');
    const month = await chartInfo(page);
    assert.ok(month.points > 600 && month.points <= 721, `30 d of hourly points: ${month.points}`);

    let t = Number(await page.$eval('body', (b) => b.dataset.renderedAt));
    await page.click('button[data-range="7d"]');
    await rendered(page, t);
    const week = await chartInfo(page);
    assert.ok(week.points < month.points && week.points > 150, `${week.points}`);
    assert.ok(week.xMin > month.xMin, 'the x-range moved');
    assert.match(page.url(), /\?range=7d$/);
    assert.equal(await page.getAttribute('button[data-range="7d"]', 'aria-pressed'), 'true');

    t = Number(await page.$eval('body', (b) => b.dataset.renderedAt));
    await page.click('button[data-range="all"]');
    await rendered(page, t);
    const all = await chartInfo(page);
    assert.ok(all.points > month.points && all.points <= 2000, `${all.points}`);

    t = Number(await page.$eval('body', (b) => b.dataset.renderedAt));
    const from = new Date(seed.lastTs - 20 * 24 * HOUR).toISOString().slice(0, 10);
    const to = new Date(seed.lastTs - 10 * 24 * HOUR).toISOString().slice(0, 10);
    await page.fill('#range-from', from);
    await page.fill('#range-to', to);
    await page.click('.custom-range button[type="submit"]');
    await rendered(page, t);
    const custom = await chartInfo(page);
    assert.ok(custom.points >= 230 && custom.points <= 265, `${custom.points}`);
    assert.match(page.url(), new RegExp(`from=${from}`));

    await page.reload();
    await rendered(page);
    assert.equal((await chartInfo(page)).points, custom.points, 'the range survives a reload');
    await page.close();
  });

  test('account page content: cards, holdings with dust and unpriced, flows, incomplete snapshots', async () => {
    const page = await browser.newPage();
    await page.goto(`${dashboard.url}/accounts/alpha?range=90d`);
    await rendered(page);
    await page.waitForSelector('.chart canvas');
    const text = (await page.textContent('#account-root')) ?? '';
    for (const label of [
      'Return (TWR)',
      'Benchmark return',
      'Alpha',
      'MWR',
      'Max drawdown',
      'Volatility',
      'Sharpe',
    ]) {
      assert.ok(text.includes(label), label);
    }
    assert.match(text, /Dust \(1 asset under \$1\)/);
    assert.match(text, /NEWTOKEN — 1,500 in spot/);
    assert.match(
      text,
      /not enabled for this account \(count as 0\): crossMargin, isolatedMargin, coinm, earnLocked/,
    );
    assert.match(text, /Deposits and withdrawals/);
    assert.match(text, /Performance fees.*20% monthly, high-water mark/);
    assert.match(text, /Incomplete snapshots/);
    assert.match(text, /usdm/);
    assert.match((await page.textContent('.notice')) ?? '', /excluded from returns and charts/);
    await shot(page, 'account');
    await page.close();
  });

  test('auto-refresh shows a new run without losing range or zoom', async () => {
    const page = await browser.newPage();
    await page.goto(`${dashboard.url}/accounts/alpha?range=7d`);
    await rendered(page);
    await page.waitForSelector('.chart[data-kind="nav"] canvas');
    // Zoom by dragging across the middle of the NAV chart.
    const box = (await page.$('.chart[data-kind="nav"] .u-over'))!.boundingBox();
    const b = (await box)!;
    await page.mouse.move(b.x + b.width * 0.3, b.y + b.height / 2);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width * 0.6, b.y + b.height / 2, { steps: 8 });
    await page.mouse.up();
    const zoomed = await chartInfo(page);
    assert.ok(zoomed.zoomed, 'dragging zooms');
    const before = await chartInfo(page);

    const alpha = seed.accounts.find((a) => a.name === 'alpha')!;
    const t = Number(await page.$eval('body', (el) => el.dataset.renderedAt));
    now += HOUR;
    await writeSnapshot(store, alpha.id, seed.lastTs + HOUR, '123456.78', '99999.99');
    await page.waitForFunction(
      () => document.querySelector('#account-cards')?.textContent?.includes('$123,456.78'),
      null,
      {
        timeout: 10_000,
      },
    );
    await rendered(page, t);
    const afterRefresh = await chartInfo(page);
    assert.ok(afterRefresh.points > before.points - 2, 'the new point arrived');
    assert.ok(afterRefresh.zoomed, 'zoom kept');
    assert.equal(afterRefresh.xMin, before.xMin);
    assert.equal(afterRefresh.xMax, before.xMax);
    assert.match(page.url(), /\?range=7d$/, 'range kept');

    await page.dblclick('.chart[data-kind="nav"] .u-over');
    assert.equal((await chartInfo(page)).zoomed, false, 'double-click resets the zoom');
    await page.close();
  });

  test('phone width: no sideways scrolling of the page, charts fit', async () => {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of ['/', '/accounts/alpha', '/accounts/beta', '/total', '/runs', '/status']) {
      await page.goto(`${dashboard.url}${path}`);
      await rendered(page);
      const widths = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        chart: document.querySelector('.chart canvas')?.getBoundingClientRect().right ?? 0,
        // A table scrolling inside its panel hides columns and clips its caption mid-sentence.
        tables: [...document.querySelectorAll('.table-wrap')]
          .filter((w) => w.scrollWidth > w.clientWidth)
          .map((w) => `${w.querySelector('caption')?.textContent}: ${w.scrollWidth}/${w.clientWidth}`),
      }));
      assert.ok(widths.page <= 390, `${path}: page is ${widths.page}px wide`);
      assert.ok(widths.chart <= 390, `${path}: chart ends at ${widths.chart}px`);
      assert.deepEqual(widths.tables, [], `${path}: every table fits the screen`);
    }
    await page.goto(`${dashboard.url}/accounts/alpha`);
    await rendered(page);
    await page.waitForSelector('.chart canvas');
    await shot(page, 'account-phone');
    await page.close();
  });

  test('accessibility in both themes: contrast, names, landmarks, lang', async () => {
    const page = await browser.newPage();
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const path of ['/', '/accounts/alpha?range=30d', '/total', '/runs', '/status']) {
        await page.goto(`${dashboard.url}${path}`);
        await rendered(page);
        const report = await auditAccessibility(page);
        assert.deepEqual(report.lowContrast, [], `${scheme} ${path}`);
        assert.deepEqual(report.unnamed, [], `${scheme} ${path}`);
        assert.equal(report.lang, 'en');
        for (const tag of ['header', 'nav', 'main', 'footer'])
          assert.equal(report.landmarks[tag], 1, `${path} <${tag}>`);
      }
      await page.goto(`${dashboard.url}/runs`);
      await rendered(page);
      await shot(page, `runs-${scheme}`);
    }
    await page.close();
  });

  test('the theme toggle switches and remembers the theme', async () => {
    const page = await browser.newPage();
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(`${dashboard.url}/`);
    await rendered(page);
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await bg();
    await page.click('#theme-toggle');
    assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
    assert.notEqual(await bg(), light);
    await page.reload();
    await rendered(page);
    assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
    assert.equal(await page.getAttribute('#theme-toggle', 'aria-label'), 'Switch to the light theme');
    await shot(page, 'overview-dark');
    await page.click('#theme-toggle');
    await page.close();
  });

  test('status: last and next run, weight, and the failures named', async () => {
    const page = await browser.newPage();
    await page.goto(`${dashboard.url}/status`);
    await rendered(page);
    const text = (await page.textContent('#status-root')) ?? '';
    for (const label of ['Last run', 'Next run', 'Failed runs (24 h)', 'Binance weight (24 h)', 'Failures'])
      assert.ok(text.includes(label), label);
    assert.match(text, /Runs that failed or timed out in the last 7 days/);
    assert.match(text, /an account has an incomplete snapshot/);
    assert.match(text, /last run: [\d,]+/);
    await shot(page, 'status');
    await page.close();
  });

  test('runs and logs filters', async () => {
    const page = await browser.newPage();
    await page.goto(`${dashboard.url}/runs`);
    await rendered(page);
    const t = Number(await page.$eval('body', (b) => b.dataset.renderedAt));
    await page.selectOption('#level', 'error');
    await page.click('form.filters button[type="submit"]');
    await rendered(page, t);
    assert.match(page.url(), /level=error/);
    const levels = await page.$$eval('section[aria-label="Logs"] tbody tr td:nth-child(2)', (tds) =>
      tds.map((td) => td.textContent),
    );
    assert.ok(levels.length > 0 && levels.every((l) => l === 'error'), levels.join());
    await page.close();
  });

  test('with no accounts the overview says how to add one', async () => {
    const empty = await testStores()[0]!.open();
    const d = await startDashboard({ store: empty, port: 0 });
    try {
      const page = await browser.newPage();
      await page.goto(`${d.url}/`);
      await rendered(page);
      const text = (await page.textContent('#overview-root')) ?? '';
      assert.match(text, /No accounts yet/);
      assert.match(text, /bpm account add/);
      await shot(page, 'overview-empty');
      await empty.accounts.add({ name: 'fresh', apiKey: 'k', secret: 's', keyType: 'hmac' });
      await page.goto(`${d.url}/accounts/fresh`);
      await rendered(page);
      assert.match((await page.textContent('#account-root')) ?? '', /No snapshots yet.*bpm collect/);
      await page.goto(`${d.url}/`);
      await rendered(page);
      assert.match((await page.textContent('#overview-root tbody')) ?? '', /fresh.*no data/);
      await page.close();
    } finally {
      await d.close();
      await empty.close();
    }
  });

  test('README screenshots (BPM_UPDATE_SCREENSHOTS=1)', {
    skip: process.env.BPM_UPDATE_SCREENSHOTS !== '1',
  }, async () => {
    const demo = await testStores()[0]!.open();
    const demoSeed = await seedStore(demo, {
      accounts: ['main', 'client-a', 'client-b'],
      hours: 24 * 365,
      until: seed.lastTs,
      seed: 11,
      holdingsHours: 48,
      incompleteEvery: 0,
    });
    const d = await startDashboard({ store: demo, port: 0, now: () => demoSeed.lastTs + 20 * 60_000 });
    try {
      const page = await browser.newPage();
      await page.setViewportSize({ width: 1280, height: 600 });
      await page.emulateMedia({ colorScheme: 'light' });
      await page.goto(`${d.url}/`);
      await rendered(page);
      await page.screenshot({ path: join(DOCS, 'screenshot-overview.png') });
      await page.setViewportSize({ width: 1280, height: 1180 });
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.goto(`${d.url}/accounts/main?range=90d`);
      await rendered(page);
      await page.waitForSelector('.chart canvas');
      await page.screenshot({ path: join(DOCS, 'screenshot-account.png') });
      await page.close();
    } finally {
      await d.close();
      await demo.close();
    }
  });

  test('no console errors on any page', () => {
    assert.deepEqual(browser.errors, []);
  });
});
