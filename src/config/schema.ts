import { Cron } from 'croner';
import { z } from 'zod';
import { parseDuration } from './duration.ts';

/** Environment values arrive as text: numbers are read from it, blank text counts as unset. */
function numberFromText(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const t = v.trim();
  return t === '' ? undefined : Number(t);
}

function blankAsUnset(v: unknown): unknown {
  return typeof v === 'string' && v.trim() === '' ? undefined : v;
}

const int = (min: number, max: number) =>
  z.preprocess(
    numberFromText,
    z
      .number({ error: `expected a whole number from ${min} to ${max}` })
      .int({ error: `expected a whole number from ${min} to ${max}` })
      .min(min, { error: `expected a whole number from ${min} to ${max}` })
      .max(max, { error: `expected a whole number from ${min} to ${max}` }),
  );

const fraction = z.preprocess(
  numberFromText,
  z
    .number({ error: 'expected a fraction between 0 and 1 (e.g. 0.2 for 20 %)' })
    .gt(0, { error: 'expected a fraction between 0 and 1 (e.g. 0.2 for 20 %)' })
    .lt(1, { error: 'expected a fraction between 0 and 1 (e.g. 0.2 for 20 %)' }),
);

const duration = (minMs: number) =>
  z.unknown().transform((v, ctx) => {
    const ms = parseDuration(v);
    if (ms === null || ms < minMs) {
      ctx.addIssue({
        code: 'custom',
        message: `expected a duration of at least ${minMs} ms, like "30s", "5m" or "6h"`,
      });
      return z.NEVER;
    }
    return ms;
  });

const text = z.preprocess(blankAsUnset, z.string({ error: 'expected text' }).min(1));

const httpUrl = z.preprocess(blankAsUnset, z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }));

const postgresUrl = z.preprocess(
  blankAsUnset,
  z.string().regex(/^postgres(ql)?:\/\/\S+$/, { error: 'expected a postgres:// or postgresql:// URL' }),
);

/** 32 bytes as 64 hex digits or as base64, the two forms the store reads (src/store/secrets.ts). */
function isKeyOf32Bytes(v: string): boolean {
  const t = v.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return true;
  return /^[A-Za-z0-9+/]+={0,2}$/.test(t) && Buffer.from(t, 'base64').length === 32;
}

const secretKey = z.preprocess(
  blankAsUnset,
  z.string().refine(isKeyOf32Bytes, {
    error:
      'expected 32 random bytes as base64 or as 64 hex digits (e.g. `openssl rand -base64 32` or `openssl rand -hex 32`)',
  }),
);

const cron = z.string({ error: 'expected a cron expression' }).superRefine((v, ctx) => {
  try {
    new Cron(v, { timezone: 'UTC', paused: true });
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `invalid cron expression: ${(err as Error).message}` });
  }
});

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;

const dashboardSchema = z.strictObject({
  host: text.default('127.0.0.1'),
  // 0 asks the system for a free port (tests, a second instance): `bpm serve` prints the one it got.
  port: int(0, 65535).default(8000),
  token: text.optional(),
  user: text.optional(),
  password: text.optional(),
});

const telegramSchema = z.strictObject({
  botToken: text.optional(),
  chatId: text.optional(),
  apiUrl: httpUrl.default('https://api.telegram.org'),
});

const alertsSchema = z.strictObject({
  webhookUrl: httpUrl.optional(),
  telegram: telegramSchema.prefault({}),
  failedRuns: int(1, 1000).default(3),
  drawdown: fraction.default(0.2),
  underperformance: fraction.default(0.05),
  underperformancePeriod: duration(3_600_000).default(30 * 86_400_000),
  repeatAfter: duration(0).default(6 * 3_600_000),
});

/** The merged input (defaults < config file < environment < command-line overrides), validated. */
export const configSchema = z.strictObject({
  databaseUrl: postgresUrl.optional(),
  db: text.default('./data/monitor.db'),
  secretKey: secretKey.optional(),
  binanceBaseUrl: httpUrl.optional(),
  schedule: z.preprocess(blankAsUnset, cron.default('0 * * * *')),
  runTimeout: duration(1000).default(5 * 60_000),
  shutdownGrace: duration(0).default(30_000),
  concurrency: int(1, 64).default(4),
  lookbackDays: int(1, 3650).default(90),
  logLevel: z
    .preprocess(
      (v) => (typeof v === 'string' ? blankAsUnset(v.trim().toLowerCase()) : v),
      z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` }),
    )
    .default('info'),
  logFormat: z
    .preprocess(
      (v) => (typeof v === 'string' ? blankAsUnset(v.trim().toLowerCase()) : v),
      z.enum(LOG_FORMATS, { error: `expected one of ${LOG_FORMATS.join(', ')}` }),
    )
    .default('auto'),
  logRetentionDays: int(1, 3650).default(30),
  dashboard: dashboardSchema.prefault({}),
  alerts: alertsSchema.prefault({}),
});

export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFormat = (typeof LOG_FORMATS)[number];
