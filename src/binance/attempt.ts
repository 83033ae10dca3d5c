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

type Where = { endpoint: string; account?: string };
type Failure = { ok: false; error: BinanceError; retry: RetryKind };
type Answer = { ok: true; status: number; headers: Headers; text: string };

/** One send of one request: ban check, throttle, sign, fetch with timeout, weight accounting, validation. */
export async function attempt<S extends z.ZodType>(
  ctx: RequestContext,
  endpoint: Endpoint,
  params: Params,
  schema: S,
  signal: AbortSignal | undefined,
): Promise<AttemptResult<z.output<S>>> {
  const where: Where = {
    endpoint: endpointLabel(endpoint),
    ...(ctx.account === undefined ? {} : { account: ctx.account }),
  };
  signal?.throwIfAborted();
  const refusal = refuseLocally(ctx, endpoint, where);
  if (refusal !== undefined) return refusal;
  if (endpoint.signed) await ctx.clock.ensureSynced(ctx.readServerTime, signal);

  const claim = claimFor(ctx, endpoint);
  const reservation = await ctx.limiter.acquire([claim], signal);
  ctx.spent.set(claim.name, (ctx.spent.get(claim.name) ?? 0) + claim.weight);
  // Once sent, a request counts whether or not an answer comes back.
  const answer = await exchange(ctx, endpoint, params, where, signal);
  if (!answer.ok) return answer;

  const reported = Number(answer.headers.get(usedWeightHeader(endpoint)));
  const known = Number.isFinite(reported) && reported > 0;
  ctx.limiter.settle(reservation, known ? new Map([[claim.bucket, reported]]) : new Map());

  const limited = rateLimitFailure(ctx, endpoint, claim.bucket, answer, where);
  if (limited !== undefined) return limited;
  return decode(ctx, answer, schema, where);
}

/** Refusals that need no request: an IP ban still running, or a signed endpoint without credentials. */
function refuseLocally(ctx: RequestContext, endpoint: Endpoint, where: Where): Failure | undefined {
  const bannedUntil = ctx.limiter.bannedUntil(ctx.hosts[endpoint.host]);
  if (bannedUntil !== undefined)
    return { ok: false, error: new IpBanError(bannedUntil, where), retry: 'never' };
  if (endpoint.signed && ctx.credentials === undefined) {
    const error = new BinanceError('this endpoint needs API credentials', where);
    return { ok: false, error, retry: 'never' };
  }
  return undefined;
}

/** The HTTP exchange itself, body included, under the per-try timeout and the caller's signal. */
async function exchange(
  ctx: RequestContext,
  endpoint: Endpoint,
  params: Params,
  where: Where,
  signal: AbortSignal | undefined,
): Promise<Answer | Failure> {
  const timeout = AbortSignal.timeout(ctx.timeoutMs);
  try {
    const response = await ctx.fetch(buildUrl(ctx, endpoint, params), {
      method: endpoint.method,
      headers: endpoint.signed && ctx.credentials ? { 'X-MBX-APIKEY': ctx.credentials.apiKey } : {},
      signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]),
    });
    const text = await response.text();
    return { ok: true, status: response.status, headers: response.headers, text };
  } catch (cause) {
    signal?.throwIfAborted();
    if (timeout.aborted) {
      return { ok: false, error: new BinanceTimeoutError(ctx.timeoutMs, where), retry: 'transient' };
    }
    const reason = ctx.redact(describeCause(cause));
    return {
      ok: false,
      error: new BinanceNetworkError(`request failed: ${reason}`, where),
      retry: 'transient',
    };
  }
}

/** 418 bans the host until Retry-After; 429 cools the bucket down until then. */
function rateLimitFailure(
  ctx: RequestContext,
  endpoint: Endpoint,
  bucket: string,
  answer: Answer,
  where: Where,
): Failure | undefined {
  if (answer.status === 418) {
    const until = Date.now() + retryAfterMs(answer.headers, MIN_BAN_MS);
    ctx.limiter.ban(ctx.hosts[endpoint.host], until);
    return { ok: false, error: new IpBanError(until, where), retry: 'never' };
  }
  if (answer.status === 429) {
    const waitMs = retryAfterMs(answer.headers, untilNextMinute());
    ctx.limiter.coolDown([bucket], Date.now() + waitMs);
    return { ok: false, error: new RateLimitError(waitMs, where), retry: 'rateLimited' };
  }
  return undefined;
}

/** Body → validated value, Binance's {code, msg} error, or a response error. */
function decode<S extends z.ZodType>(
  ctx: RequestContext,
  answer: Answer,
  schema: S,
  where: Where,
): AttemptResult<z.output<S>> {
  const { status } = answer;
  let body: unknown;
  try {
    body = parseBinanceJson(answer.text);
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
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  const error = new BinanceResponseError(`unexpected response shape: ${issues}`, { ...where, status });
  return { ok: false, error, retry: 'never' };
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

function retryAfterMs(headers: Headers, fallbackMs: number): number {
  const header = headers.get('retry-after');
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
