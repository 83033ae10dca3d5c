import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { pointImportsAtJs } from '../../src/dashboard/assets.ts';
import { csvCell, toCsv } from '../../src/dashboard/csv.ts';
import { m4Indices } from '../../src/dashboard/downsample.ts';
import { groupHoldings } from '../../src/dashboard/model/holdings.ts';
import { escapeHtml } from '../../src/dashboard/pages/html.ts';
import { prng } from '../helpers/seed.ts';

describe('CSV', () => {
  test('quotes commas, quotes and line breaks (RFC 4180)', () => {
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('two\nlines'), '"two\nlines"');
    assert.equal(csvCell(null), '');
    assert.equal(csvCell(12.5), '12.5');
    assert.equal(toCsv(['a', 'b'], [['1', 'x,y']]), 'a,b\r\n1,"x,y"\r\n');
  });

  test('neutralises spreadsheet formulas but keeps negative amounts', () => {
    assert.equal(csvCell('=HYPERLINK("x")'), '"\'=HYPERLINK(""x"")"');
    assert.equal(csvCell('+1+1'), "'+1+1");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('-12.50'), '-12.50');
    assert.equal(csvCell('-2+3'), "'-2+3");
  });
});

describe('M4 downsampling', () => {
  const n = 50_000;
  const rand = prng(3);
  const ts = Array.from({ length: n }, (_, i) => 1_700_000_000_000 + i * 3_600_000);
  let v = 100;
  const a = ts.map(() => (v *= 1 + 0.01 * (rand() - 0.5)));
  const b = ts.map((_, i) => Math.sin(i / 300) + (i === 31_337 ? -9 : 0));

  test('stays within the budget, keeps both ends and every series extreme', () => {
    const keep = m4Indices(ts, [a, b], 2000);
    assert.ok(keep.length <= 2000 && keep.length > 1000, `${keep.length}`);
    assert.equal(keep[0], 0);
    assert.equal(keep.at(-1), n - 1);
    assert.ok(
      keep.every((k, i) => i === 0 || k > (keep[i - 1] as number)),
      'sorted, no duplicates',
    );
    const max = (xs: number[]) => xs.reduce((m, x) => Math.max(m, x), -Infinity);
    const min = (xs: number[]) => xs.reduce((m, x) => Math.min(m, x), Infinity);
    const kept = (xs: number[]) => keep.map((k) => xs[k] as number);
    assert.equal(max(kept(a)), max(a));
    assert.equal(min(kept(a)), min(a));
    assert.equal(min(kept(b)), -9 + Math.sin(31_337 / 300), 'a one-point spike survives');
    assert.ok(keep.includes(31_337));
  });

  test('every bucket keeps its own extremes (local shape, not only global)', () => {
    const keep = new Set(m4Indices(ts, [a], 400));
    // With ≥ 100 buckets, each quarter of the series keeps its own maximum.
    for (let q = 0; q < 4; q++) {
      const from = (q * n) / 4;
      const slice = a.slice(from, from + n / 4);
      const arg = from + slice.indexOf(Math.max(...slice));
      assert.ok(keep.has(arg), `quarter ${q}`);
    }
  });

  test('short series and gaps are left alone; nulls are skipped', () => {
    assert.deepEqual(m4Indices([1, 2, 3], [[1, 2, 3]], 10), [0, 1, 2]);
    const keep = m4Indices(ts.slice(0, 100), [a.slice(0, 100).map((x, i) => (i % 2 ? null : x))], 10);
    assert.ok(keep.length <= 10);
  });
});

describe('holdings grouping', () => {
  test('groups by wallet, adds up exactly, groups dust under $1 and lists unpriced assets', () => {
    const g = groupHoldings('acc', 1, [
      { wallet: 'spot', asset: 'BTC', quantity: '0.1', price: '90000.10', value: '9000.01' },
      { wallet: 'spot', asset: 'DOGE', quantity: '3', price: '0.1', value: '0.3' },
      { wallet: 'funding', asset: 'SHIB', quantity: '1000', price: '0.00001', value: '0.01' },
      { wallet: 'funding', asset: 'BTC', quantity: '0.01', price: '90000.10', value: '900.001' },
      { wallet: 'spot', asset: 'ZZZ', quantity: '5', price: null, value: null },
      { wallet: 'usdm', asset: 'USDT', quantity: '-20', price: '1', value: '-20' },
    ]);
    // 9000.01 + 0.3 + 0.01 + 900.001 − 20 = 9880.321
    assert.equal(g.nav, '9880.321');
    assert.deepEqual(
      g.wallets.map((w) => [w.wallet, w.value]),
      [
        ['spot', '9000.31'],
        ['funding', '900.011'],
        ['usdm', '-20'],
      ],
    );
    assert.deepEqual([g.dust.assets, g.dust.value], [2, '0.31']);
    assert.ok(Math.abs(g.dust.share - 0.31 / 9880.321) < 1e-15);
    assert.deepEqual(
      g.allocation.map((x) => [x.asset, x.value]),
      [
        ['BTC', '9900.01'],
        ['USDT', '-20.00'],
      ],
    );
    assert.deepEqual(g.unpriced, [{ wallet: 'spot', asset: 'ZZZ', quantity: '5' }]);
  });
});

describe('HTML and script serving helpers', () => {
  test('escapeHtml escapes the five characters', () => {
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
  test('relative .ts imports point at the served .js names', () => {
    assert.equal(
      pointImportsAtJs("import { a } from './dom.ts';\nimport './x-y.ts';"),
      "import { a } from './dom.js';\nimport './x-y.js';",
    );
    assert.equal(pointImportsAtJs("const s = 'file.ts';"), "const s = 'file.ts';");
  });
});

describe('read models and dashboard code', () => {
  test('never name the key columns or the credentials repository', () => {
    const root = join(import.meta.dirname, '..', '..', 'src');
    const files = (dir: string): string[] =>
      readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
      );
    for (const file of [...files('store/read-models'), ...files('dashboard')]) {
      const code = readFileSync(join(root, file), 'utf8')
        .split('\n')
        .filter((l) => !/^\s*(\/\/|\*|\/\*\*)/.test(l))
        .join('\n');
      assert.doesNotMatch(code, /api_key|api_secret|apiKey|\.credentials\(|store\.accounts\b/, file);
      assert.doesNotMatch(
        code,
        /from '(\.\.\/)+(worker|binance)\//,
        `${file} imports the worker or the client`,
      );
    }
  });
});
