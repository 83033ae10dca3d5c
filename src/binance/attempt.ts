import type { z } from 'zod';
import { claimFor, type RequestContext, usedWeightHeader } from './context.ts';
import { type Endpoint, endpointLabel } from './endpoints.ts';
import {
  BinanceApiError,
  BinanceError,
  BinanceNetworkError,
  BinanceResponseError,
  BinanceTimeoutError,
  IpBanError,
  RateLimitError,
} from './errors.ts';
import { parseBinanceJson } from './json.ts';
import { encodeParams, type Params } from './query.ts';

/** How the pipeline may react to a failed try. */
export type RetryKind = 'never' | 'transient' | 'malformed' | 'clock' | 'rateLimited';

export type AttemptResult<T> = { ok: true; value: T } | { ok: false; error: BinanceError; retry: RetryKind };

const MIN_BAN_MS = 120_000;

/** One send of one request: ban check, throttle, sign, fetch with timeout, weight accounting, validation. */
export async function attempt<S extends z.ZodType>(
  ctx: RequestContext,
  endpoint: Endpoint,
  params: Params,
  schema: S,
  signal: AbortSignal | undefined,
): Promise<AttemptResult<z.output<S>>> {
  const where = {
    endpoint: endpointLabel(endpoint),
    ...(ctx.account === undefined ? {} : { account: ctx.account }),
  };
  signal?.throwIfAborted();
  const base = ctx.hosts[endpoint.host];
  const bannedUntil = ctx.limiter.bannedUntil(base);
  if (bannedUntil !== undefined)
    return { ok: false, error: new IpBanError(bannedUntil, where), retry: 'never' };

  if (endpoint.signed && ctx.credentials === undefined) {
    return {
      ok: false,
      error: new BinanceError('this endpoint needs API credentials', where),
      retry: 'never',
    };
  }
  if (endpoint.signed) await ctx.clock.ensureSynced(ctx.readServerTime, signal);
  const claim = claimFor(ctx, endpoint);
  const reservation = await ctx.limiter.acquire([claim], signal);
  ctx.spent.set(claim.name, (ctx.spent.get(claim.name) ?? 0) + claim.weight);

  const timeout = AbortSignal.timeout(ctx.timeoutMs);
  const requestSignal = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
  let response: Response;
  let text: string;
  try {
    response = await ctx.fetch(buildUrl(ctx, endpoint, params), {
      method: endpoint.method,
      headers: endpoint.signed && ctx.credentials ? { 'X-MBX-APIKEY': ctx.credentials.apiKey } : {},
      signal: requestSignal,
    });
    text = await response.text();
  } catch (cause) {
    // The request may have reached Binance and been counted: its weight stays counted.
    signal?.throwIfAborted();
    if (timeout.aborted)
      return { ok: false, error: new BinanceTimeoutError(ctx.timeoutMs, where), retry: 'transient' };
    const reason = ctx.redact(describeCause(cause));
    return {
      ok: false,
      error: new BinanceNetworkError(`request failed: ${reason}`, where),
      retry: 'transient',
    };
  }

  const reported = Number(response.headers.get(usedWeightHeader(endpoint)));
  ctx.limiter.settle(
    reservation,
    Number.isFinite(reported) && reported > 0 ? new Map([[claim.bucket, reported]]) : new Map(),
  );

  const status = response.status;
  if (status === 418) {
    const until = Date.now() + retryAfterMs(response, MIN_BAN_MS);
    ctx.limiter.ban(base, until);
    return { ok: false, error: new IpBanError(until, where), retry: 'never' };
  }
  if (status === 429) {
    const waitMs = retryAfterMs(response, untilNextMinute());
    ctx.limiter.coolDown([claim.bucket], Date.now() + waitMs);
    return { ok: false, error: new RateLimitError(waitMs, where), retry: 'rateLimited' };
  }

  let body: unknown;
  try {
    body = parseBinanceJson(text);
  } catch {
    const retry: RetryKind = status >= 500 ? 'transient' : status < 300 ? 'malformed' : 'never';
    const what = status < 300 ? 'malformed JSON body' : `HTTP ${status} without a JSON error body`;
    return { ok: false, error: new BinanceResponseError(what, { ...where, status }), retry };
  }

  if (status >= 300) {
    const retry: RetryKind = status >= 500 ? 'transient' : 'never';
    if (!isErrorBody(body)) {
      return { ok: false, error: new BinanceResponseError(`HTTP ${status}`, { ...where, status }), retry };
    }
    const error = new BinanceApiError(ctx.redact(body.msg), { ...where, status, code: body.code });
    return { ok: false, error, retry: body.code === -1021 ? 'clock' : retry };
  }

  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    return {
      ok: false,
      error: new BinanceResponseError(`unexpected response shape: ${issues}`, { ...where, status }),
      retry: 'never',
    };
  }
  return { ok: true, value: parsed.data };
}

/**
 * GET and POST alike carry every parameter in the query string and send no body: the signature covers exactly
 * the query string, and Binance accepts POST parameters there.
 */
function buildUrl(ctx: RequestContext, endpoint: Endpoint, params: Params): string {
  let query = encodeParams(params);
  if (endpoint.signed && ctx.credentials !== undefined) {
    const stamp = encodeParams({ recvWindow: ctx.recvWindow, timestamp: Math.round(ctx.clock.now()) });
    query = query === '' ? stamp : `${query}&${stamp}`;
    query = `${query}&signature=${ctx.credentials.sign(query)}`;
  }
  const url = `${ctx.hosts[endpoint.host]}${endpoint.path}`;
  return query === '' ? url : `${url}?${query}`;
}

function isErrorBody(body: unknown): body is { code: number; msg: string } {
  if (typeof body !== 'object' || body === null) return false;
  const { code, msg } = body as Record<string, unknown>;
  return typeof code === 'number' && typeof msg === 'string';
}

function retryAfterMs(response: Response, fallbackMs: number): number {
  const header = response.headers.get('retry-after');
  const seconds = header === null ? Number.NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : fallbackMs;
}

function untilNextMinute(): number {
  return 60_000 - (Date.now() % 60_000);
}

/** fetch's own message is "fetch failed"; the useful part (ECONNRESET, ECONNREFUSED…) sits in its cause. */
function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const inner = cause.cause;
  if (inner instanceof Error) {
    const code = (inner as NodeJS.ErrnoException).code;
    return code === undefined ? inner.message : `${code} (${inner.message})`;
  }
  return cause.message;
}
