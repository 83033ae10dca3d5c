/**
 * Static files, loaded once at startup. Page scripts are written in TypeScript and served as JavaScript after
 * Node strips their types (no build step); their relative `.ts` imports are pointed at the served `.js` names.
 * uPlot is served straight from node_modules.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire, stripTypeScriptTypes } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Asset {
  body: string;
  contentType: string;
  etag: string;
}

const STATIC_DIR = join(dirname(fileURLToPath(import.meta.url)), 'static');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

function asset(body: string, ext: string): Asset {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
  return { body, contentType: TYPES[ext] ?? 'application/octet-stream', etag };
}

/** Rewrites `from './x.ts'` and `import './x.ts'` to `.js` so the browser asks for the served names. */
export function pointImportsAtJs(code: string): string {
  return code.replace(/((?:from|import)\s*['"]\.\/[\w-]+)\.ts(['"])/g, '$1.js$2');
}

function withoutWarning<T>(fn: () => T): T {
  // stripTypeScriptTypes is marked experimental and warns once per process; the warning is noise here.
  const emit = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (text.includes('stripTypeScriptTypes')) return;
    (emit as (...a: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return fn();
  } finally {
    process.emitWarning = emit;
  }
}

export function loadStaticAssets(dir = STATIC_DIR): Map<string, Asset> {
  const out = new Map<string, Asset>();
  for (const file of readdirSync(dir)) {
    const ext = extname(file);
    const text = readFileSync(join(dir, file), 'utf8');
    if (ext === '.ts') {
      const js = withoutWarning(() => stripTypeScriptTypes(text, { mode: 'strip' }));
      out.set(`${file.slice(0, -3)}.js`, asset(pointImportsAtJs(js), '.js'));
    } else if (TYPES[ext]) out.set(file, asset(text, ext));
  }
  return out;
}

export function loadUplotAssets(): Map<string, Asset> {
  const dist = dirname(createRequire(import.meta.url).resolve('uplot'));
  const out = new Map<string, Asset>();
  for (const file of ['uPlot.iife.min.js', 'uPlot.min.css']) {
    out.set(file, asset(readFileSync(join(dist, file), 'utf8'), extname(file)));
  }
  return out;
}
