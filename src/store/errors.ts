/** Errors raised by the store. Messages name what the store was doing; they never contain secrets. */

export class StoreError extends Error {
  override name = 'StoreError';
  /** What the store was doing, e.g. "saving snapshot for account alpha at 2026-01-05T10:00Z". */
  readonly purpose: string;
  /** Whether retrying the same work may succeed (lost connection, lock contention, serialization failure). */
  readonly transient: boolean;
  /** The database's own error code when it gave one (SQLSTATE, errno name or SQLite result code). */
  readonly code: string | undefined;

  constructor(purpose: string, cause: unknown) {
    super(`${purpose}: ${causeMessage(cause)}`, { cause });
    this.purpose = purpose;
    this.transient = isTransientError(cause);
    this.code = errorCode(cause);
  }
}

/** The secret key is missing, malformed, or not the key the secrets were encrypted with. */
export class SecretKeyError extends Error {
  override name = 'SecretKeyError';
}

const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000',
  '08003',
  '08006', // connection failures
  '53300', // too_many_connections
]);

const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;

interface ErrorLike {
  code?: unknown;
  errcode?: unknown;
  message?: unknown;
  errors?: unknown;
}

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as ErrorLike;
  if (typeof e.errcode === 'number') return `SQLITE_${e.errcode}`;
  return typeof e.code === 'string' ? e.code : undefined;
}

/** Whether an error from pg, node:net or node:sqlite is worth retrying. */
export function isTransientError(err: unknown): boolean {
  if (err instanceof StoreError) return err.transient;
  if (typeof err !== 'object' || err === null) return false;
  const e = err as ErrorLike;
  if (typeof e.errcode === 'number') {
    const primary = e.errcode & 0xff;
    return primary === SQLITE_BUSY || primary === SQLITE_LOCKED;
  }
  if (typeof e.code === 'string' && TRANSIENT_CODES.has(e.code)) return true;
  // An AggregateError from a dual-stack connect carries the per-address errors.
  if (Array.isArray(e.errors)) return e.errors.some(isTransientError);
  const msg = typeof e.message === 'string' ? e.message : '';
  return /Connection terminated|connection error and is not queryable|server closed the connection|database is locked/i.test(
    msg,
  );
}

function causeMessage(err: unknown): string {
  if (err instanceof Error) {
    if (err.message) return err.message;
    const code = errorCode(err);
    if (code) return code;
    if (err instanceof AggregateError && err.errors.length > 0) return causeMessage(err.errors[0]);
    return err.name;
  }
  return String(err);
}
