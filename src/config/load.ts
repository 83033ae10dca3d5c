import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { z } from 'zod';
import { isLoopback } from '../dashboard/security.ts';
import { configSchema, type LogFormat, type LogLevel } from './schema.ts';
import { SETTINGS } from './settings.ts';

export type DashboardAuth =
  | { kind: 'none' }
  | { kind: 'token'; token: string }
  | { kind: 'basic'; user: string; password: string };

export interface AlertSettings {
  webhookUrl?: string;
  telegram?: { botToken: string; chatId: string; apiUrl: string };
  failedRuns: number;
  drawdown: number;
  underperformance: number;
  underperformancePeriodMs: number;
  repeatAfterMs: number;
}

export interface Config {
  store: { databaseUrl?: string; dbPath: string; secretKey?: string };
  binanceBaseUrl?: string;
  /** Cron expression, evaluated in UTC. */
  schedule: string;
  runTimeoutMs: number;
  shutdownGraceMs: number;
  concurrency: number;
  lookbackDays: number;
  log: { level: LogLevel; format: LogFormat; retentionDays: number };
  dashboard: { host: string; port: number; auth: DashboardAuth };
  alerts: AlertSettings;
  /** The config file that was read, if any. */
  file?: string;
}

export interface LoadConfigOptions {
  env: NodeJS.ProcessEnv;
  /** Config file; else BPM_CONFIG; else ./bpm.config.json when it exists. */
  file?: string;
  /** Values from the command line by dotted config key, e.g. { 'dashboard.port': '9000' }; they win. */
  overrides?: Record<string, unknown>;
  /** How each override was given, for messages, e.g. { 'dashboard.port': '--port' } (default "command line"). */
  overrideSources?: Record<string, string>;
  cwd?: string;
  /**
   * The command serves the dashboard (itself or as a child, like `bpm run`): a listen address beyond loopback
   * without dashboard auth is then a problem of the configuration, reported with the others.
   */
  servesDashboard?: boolean;
}

export interface ConfigIssue {
  /** Dotted config key ('' for the whole configuration). */
  path: string;
  /** Where the offending value came from: an environment variable, the file, the command line. */
  source?: string;
  message: string;
  /** On the issue of a dashboard listening beyond loopback without auth: that address. */
  insecureHost?: string;
}

/** Every problem of the configuration at once. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly issues: ConfigIssue[];
  constructor(issues: ConfigIssue[]) {
    const lines = issues.map((i) => {
      const where = [i.path || '(configuration)', i.source ? `(from ${i.source})` : ''].filter(Boolean);
      return `  - ${where.join(' ')}: ${i.message}`;
    });
    const n = issues.length;
    super(`invalid configuration, ${n} problem${n === 1 ? '' : 's'}:\n${lines.join('\n')}`);
    this.issues = issues;
  }
}

type Raw = Record<string, unknown>;

function setPath(target: Raw, dotted: string, value: unknown): void {
  const parts = dotted.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[part] = {};
    node = node[part] as Raw;
  }
  node[parts[parts.length - 1]!] = value;
}

/** Records which source supplied each leaf of a file's object, so an error can point at it. */
function noteSources(value: unknown, prefix: string, source: string, sources: Map<string, string>): void {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value))
      noteSources(v, prefix ? `${prefix}.${k}` : k, source, sources);
  } else if (prefix) {
    sources.set(prefix, source);
  }
}

function deepMerge(target: Raw, source: Raw): void {
  for (const [k, v] of Object.entries(source)) {
    const existing = target[k];
    if (
      typeof v === 'object' &&
      v !== null &&
      !Array.isArray(v) &&
      typeof existing === 'object' &&
      existing
    ) {
      deepMerge(existing as Raw, v as Raw);
    } else {
      target[k] = v;
    }
  }
}

function chooseFile(opts: LoadConfigOptions, cwd: string): { path: string; explicit: boolean } | null {
  const named = opts.file ?? (opts.env.BPM_CONFIG?.trim() || undefined);
  if (named) return { path: resolve(cwd, named), explicit: true };
  const fallback = resolve(cwd, 'bpm.config.json');
  return existsSync(fallback) ? { path: fallback, explicit: false } : null;
}

function readFile(path: string, issues: ConfigIssue[]): Raw | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    issues.push({
      path: '',
      source: path,
      message: `cannot read the config file: ${(err as Error).message}`,
    });
    return null;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Raw;
    issues.push({ path: '', source: path, message: 'the config file must hold one JSON object' });
  } catch (err) {
    issues.push({ path: '', source: path, message: `not valid JSON: ${(err as Error).message}` });
  }
  return null;
}

const SECRET_KEYS = new Set(SETTINGS.filter((s) => s.secret).map((s) => s.key));

function sourceOf(path: string, sources: Map<string, string>): string | undefined {
  for (let p = path; p; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
    const s = sources.get(p);
    if (s) return s;
  }
  return undefined;
}

function describeIssue(issue: z.core.$ZodIssue, sources: Map<string, string>, file?: string): ConfigIssue[] {
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((k) => {
      const key = path ? `${path}.${k}` : k;
      return { path: key, source: sources.get(key) ?? file, message: 'unknown setting' };
    });
  }
  return [{ path, source: sourceOf(path, sources), message: issue.message }];
}

function toConfig(parsed: z.output<typeof configSchema>, file?: string): Config {
  const d = parsed.dashboard;
  const auth: DashboardAuth = d.token
    ? { kind: 'token', token: d.token }
    : d.user && d.password
      ? { kind: 'basic', user: d.user, password: d.password }
      : { kind: 'none' };
  const t = parsed.alerts.telegram;
  return {
    store: { databaseUrl: parsed.databaseUrl, dbPath: parsed.db, secretKey: parsed.secretKey },
    binanceBaseUrl: parsed.binanceBaseUrl,
    schedule: parsed.schedule,
    runTimeoutMs: parsed.runTimeout,
    shutdownGraceMs: parsed.shutdownGrace,
    concurrency: parsed.concurrency,
    lookbackDays: parsed.lookbackDays,
    log: { level: parsed.logLevel, format: parsed.logFormat, retentionDays: parsed.logRetentionDays },
    dashboard: { host: d.host, port: d.port, auth },
    alerts: {
      webhookUrl: parsed.alerts.webhookUrl,
      telegram:
        t.botToken && t.chatId ? { botToken: t.botToken, chatId: t.chatId, apiUrl: t.apiUrl } : undefined,
      failedRuns: parsed.alerts.failedRuns,
      drawdown: parsed.alerts.drawdown,
      underperformance: parsed.alerts.underperformance,
      underperformancePeriodMs: parsed.alerts.underperformancePeriod,
      repeatAfterMs: parsed.alerts.repeatAfter,
    },
    file,
  };
}

/**
 * Settings from defaults < config file < environment < overrides, validated in one pass.
 * Throws ConfigError listing every problem, each with its key and where the value came from.
 */
export function loadConfig(opts: LoadConfigOptions): Config {
  const cwd = opts.cwd ?? process.cwd();
  const issues: ConfigIssue[] = [];
  const sources = new Map<string, string>();
  const raw: Raw = {};

  const file = chooseFile(opts, cwd);
  if (file) {
    const content = readFile(file.path, issues);
    if (content) {
      noteSources(content, '', file.path, sources);
      deepMerge(raw, content);
    }
  }
  for (const s of SETTINGS) {
    const value = opts.env[s.env];
    if (value === undefined) continue;
    setPath(raw, s.key, value);
    sources.set(s.key, s.env);
  }
  for (const [key, value] of Object.entries(opts.overrides ?? {})) {
    if (value === undefined) continue;
    setPath(raw, key, value);
    sources.set(key, opts.overrideSources?.[key] ?? 'command line');
  }

  issues.push(...pairingIssues(raw, sources));
  if (opts.servesDashboard) issues.push(...exposureIssues(raw, sources));
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) issues.push(...describeIssue(issue, sources, file?.path));
  }
  if (issues.length > 0 || !result.success) {
    for (const i of issues) {
      // A secret's value is never repeated back, even if a message were to quote it.
      const value = getPath(raw, i.path);
      if (SECRET_KEYS.has(i.path) && typeof value === 'string' && value) {
        i.message = i.message.replaceAll(value, '***');
      }
    }
    throw new ConfigError(issues);
  }
  return toConfig(result.data, file?.path);
}

function getPath(raw: Raw, dotted: string): unknown {
  let node: unknown = raw;
  for (const part of dotted.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Raw)[part];
  }
  return node;
}

/** Settings that only make sense together; checked on the raw input so they are reported alongside the rest. */
const PAIRS: ReadonlyArray<readonly [string, string, string]> = [
  ['dashboard.user', 'dashboard.password', 'must be set together'],
  ['alerts.telegram.botToken', 'alerts.telegram.chatId', 'must be set together'],
];

function isSet(v: unknown): boolean {
  return v !== undefined && !(typeof v === 'string' && v.trim() === '');
}

function pairingIssues(raw: Raw, sources: Map<string, string>): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const [a, b, rule] of PAIRS) {
    const hasA = isSet(getPath(raw, a));
    if (hasA !== isSet(getPath(raw, b))) {
      const given = hasA ? a : b;
      out.push({ path: given, source: sources.get(given), message: `${a} and ${b} ${rule}` });
    }
  }
  if (isSet(getPath(raw, 'dashboard.token')) && isSet(getPath(raw, 'dashboard.user'))) {
    out.push({
      path: 'dashboard.token',
      source: sources.get('dashboard.token'),
      message: 'choose one dashboard auth: a token, or a user and password',
    });
  }
  return out;
}

/** The dashboard shows balances: reachable from other machines only behind a token or a user and password. */
function exposureIssues(raw: Raw, sources: Map<string, string>): ConfigIssue[] {
  const host = getPath(raw, 'dashboard.host');
  if (!isSet(host) || typeof host !== 'string' || isLoopback(host.trim())) return [];
  const authSet =
    isSet(getPath(raw, 'dashboard.token')) ||
    (isSet(getPath(raw, 'dashboard.user')) && isSet(getPath(raw, 'dashboard.password')));
  if (authSet) return [];
  return [
    {
      path: 'dashboard.host',
      source: sources.get('dashboard.host'),
      message:
        `listening on ${host.trim()} (beyond loopback) needs dashboard auth: set dashboard.token ` +
        '(BPM_DASHBOARD_TOKEN) or dashboard.user and dashboard.password, or listen on 127.0.0.1',
      insecureHost: host.trim(),
    },
  ];
}
