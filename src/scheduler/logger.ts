import pino, { type Logger } from 'pino';
import type { LogFormat, LogLevel } from '../config/index.ts';
import type { SystemLogRepository } from '../store/index.ts';
import type { EventLevel, EventLog } from './events.ts';

/** Keys whose values never reach a log line, wherever they appear in the logged object. */
const REDACT = [
  'token',
  'botToken',
  'password',
  'secret',
  'secretKey',
  'apiSecret',
  'databaseUrl',
  '*.token',
  '*.botToken',
  '*.password',
  '*.secret',
  '*.secretKey',
  '*.apiSecret',
  '*.databaseUrl',
];

const LEVEL_NAMES: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};
const HIDDEN = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'component', 'op']);

/** One readable line per entry for a terminal: time, level, component/operation, message, the rest as k=v. */
export function prettyLine(json: string): string {
  let e: Record<string, unknown>;
  try {
    e = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const time = typeof e.time === 'number' ? new Date(e.time).toISOString().slice(11, 23) : '';
  const level = (LEVEL_NAMES[Number(e.level)] ?? String(e.level)).padEnd(5);
  const where = [e.component, e.op].filter(Boolean).join('/');
  const rest = Object.entries(e)
    .filter(([k]) => !HIDDEN.has(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  return `${time} ${level} ${where ? `${where}: ` : ''}${String(e.msg ?? '')}${rest ? `  ${rest}` : ''}\n`;
}

export interface CreateLoggerOptions {
  level: LogLevel;
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Readable single lines instead of JSON; default from `format`. */
  pretty?: boolean;
  /** Default BPM_LOG_FORMAT, else auto: pretty when the stream is a terminal. */
  format?: LogFormat;
}

/** 'auto' decided for one output: pretty on a terminal, JSON otherwise. */
export function resolveLogFormat(format: LogFormat, stream: { isTTY?: boolean }): 'json' | 'pretty' {
  return format === 'auto' ? (stream.isTTY ? 'pretty' : 'json') : format;
}

function wantsPretty(o: CreateLoggerOptions, stream: { isTTY?: boolean }): boolean {
  if (o.pretty !== undefined) return o.pretty;
  const env = process.env.BPM_LOG_FORMAT?.trim().toLowerCase();
  const format = o.format ?? (env === 'json' || env === 'pretty' ? env : 'auto');
  return resolveLogFormat(format, stream) === 'pretty';
}

/**
 * pino: JSON lines for log collectors, readable lines on a terminal. Child processes started by the scheduler
 * are told the scheduler's choice (BPM_LOG_FORMAT), so one terminal shows one format.
 */
export function createLogger(o: CreateLoggerOptions): Logger {
  const stream = o.stream ?? process.stdout;
  const pretty = wantsPretty(o, stream);
  const destination = pretty ? { write: (line: string) => stream.write(prettyLine(line)) } : stream;
  return pino({ level: o.level, redact: { paths: REDACT, censor: '[redacted]' } }, destination);
}

/**
 * Events to pino and, from info up, to system_logs under one component, so the dashboard's log page shows what
 * the daemon did. Store writes are queued in order and never throw into the caller.
 */
export class DaemonEventLog implements EventLog {
  readonly #logger: Logger;
  readonly #logs: SystemLogRepository | null;
  readonly #component: string;
  #pending: Promise<void> = Promise.resolve();

  constructor(logger: Logger, logs: SystemLogRepository | null, component = 'scheduler') {
    this.#logger = logger.child({ component });
    this.#logs = logs;
    this.#component = component;
  }

  event(level: EventLevel, operation: string, message: string, data?: Record<string, unknown>): void {
    this.#logger[level]({ op: operation, ...data }, message);
    const logs = this.#logs;
    if (!logs || level === 'debug') return;
    const entry = { ts: Date.now(), level, component: this.#component, operation, message, data };
    this.#pending = this.#pending
      .then(() => logs.write(entry))
      .catch((err: Error) =>
        this.#logger.warn({ op: 'system_log' }, `could not write system_logs: ${err.message}`),
      );
  }

  /** Resolves when every queued system_logs write is done. */
  flush(): Promise<void> {
    return this.#pending;
  }
}
