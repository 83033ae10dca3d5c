import type { IncomingMessage, ServerResponse } from 'node:http';
import { accountForKey, checkKeyPermissions, checkSignature, checkTimestamp, signedPayload } from './auth.ts';
import type { EmulatorClock } from './clock.ts';
import { ApiError, invalidKey } from './errors.ts';
import type { FaultBook, FaultSpec } from './faults.ts';
import { type Json, toJson } from './json.ts';
import type { LimitVerdict, WeightLimiter } from './limits.ts';
import type { Route } from './routes/types.ts';
import type { Stats } from './stats.ts';
import type { World } from './world.ts';

export interface EmulatorCore {
  world: World;
  clock: EmulatorClock;
  limiter: WeightLimiter;
  faults: FaultBook;
  stats: Stats;
  routes: Map<string, Route>;
  /** Responses a timeout fault holds open; closed with the server. */
  held: Set<ServerResponse>;
  timers: Set<NodeJS.Timeout>;
}

const MAX_BODY = 1 << 20;

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new ApiError(413, -1104, 'Request body too large.'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Query string wins over the body when both carry a parameter, as on Binance. */
function paramsOf(query: string, body: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const [k, v] of new URLSearchParams(body)) params.set(k, v);
  for (const [k, v] of new URLSearchParams(query)) params.set(k, v);
  return params;
}

export function send(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, {
    'Content-Type': 'application/json;charset=UTF-8',
    'Content-Length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

export function sendError(res: ServerResponse, err: ApiError, headers: Record<string, string> = {}): void {
  send(res, err.status, toJson({ code: err.code, msg: err.message }), { ...headers, ...err.headers });
}

function sleep(core: EmulatorCore, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      core.timers.delete(timer);
      resolve();
    }, ms);
    core.timers.add(timer);
  });
}

function weightHeader(route: Route): string {
  if (route.family !== 'sapi') return 'X-MBX-USED-WEIGHT-1M';
  return route.limit === 'uid' ? 'X-SAPI-USED-UID-WEIGHT-1M' : 'X-SAPI-USED-IP-WEIGHT-1M';
}

function ipLimit(core: EmulatorCore, route: Route): number {
  const c = core.limiter.config;
  return { api: c.api, sapi: c.sapiIp, fapi: c.fapi, dapi: c.dapi }[route.family];
}

function limitError(v: Exclude<LimitVerdict, { kind: 'ok' }>): ApiError {
  const headers = { 'Retry-After': String(v.retryAfterSec) };
  if (v.kind === 'limited') {
    return new ApiError(
      429,
      -1003,
      'Too much request weight used; please use WebSocket Streams for live updates to avoid polling the API.',
      headers,
    );
  }
  return new ApiError(
    418,
    -1003,
    `Way too much request weight used; IP banned until ${v.until}. Please use WebSocket Streams for live updates to avoid bans.`,
    headers,
  );
}

/** Faults that answer instead of the endpoint (latency and clock skew only shape the normal answer). */
function faultAnswer(f: FaultSpec): ApiError | null {
  switch (f.kind) {
    case '5xx':
      return new ApiError(
        503,
        -1008,
        'Server is currently overloaded with other requests. Please try again in a few minutes.',
      );
    case '429':
      return limitError({ kind: 'limited', used: 0, retryAfterSec: Math.ceil((f.ms ?? 60_000) / 1000) });
    case '418':
      return limitError({
        kind: 'banned',
        used: 0,
        retryAfterSec: Math.ceil((f.ms ?? 120_000) / 1000),
        until: Date.now() + (f.ms ?? 120_000),
      });
    case 'revoked_key':
      return invalidKey();
    default:
      return null;
  }
}

export async function handleApi(
  core: EmulatorCore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const route = core.routes.get(`${req.method} ${url.pathname}`);
  if (!route) {
    sendError(res, new ApiError(404, -1, `Unknown endpoint: ${req.method} ${url.pathname}`));
    return;
  }
  const body = req.method === 'POST' ? await readBody(req) : '';
  const query = url.search.startsWith('?') ? url.search.slice(1) : '';
  const params = paramsOf(query, body);
  const keyHeader = req.headers['x-mbx-apikey'];
  const apiKey = Array.isArray(keyHeader) ? keyHeader[0] : keyHeader;
  const known = apiKey === undefined ? undefined : core.world.byKey.get(apiKey);
  const accountName = known?.spec.name;
  const ip = req.socket.remoteAddress ?? 'unknown';
  const headers: Record<string, string> = {};
  let spent = 0;
  const finish = (status: number, text: string) => {
    core.stats.record(url.pathname, accountName, spent, status);
    send(res, status, text, headers);
  };
  const fail = (err: ApiError) => {
    core.stats.record(url.pathname, accountName, spent, err.status);
    sendError(res, err, headers);
  };

  const faults = core.faults.take(url.pathname, accountName);
  const latency = faults.filter((f) => f.kind === 'latency').reduce((acc, f) => acc + (f.ms ?? 0), 0);
  if (latency > 0) await sleep(core, latency);
  if (faults.some((f) => f.kind === 'timeout')) {
    core.stats.record(url.pathname, accountName, 0, 0);
    core.held.add(res);
    res.on('close', () => core.held.delete(res));
    return;
  }
  for (const f of faults) {
    const answer = faultAnswer(f);
    if (answer) return fail(answer);
  }
  const skew = faults.filter((f) => f.kind === 'clock_skew').reduce((acc, f) => acc + (f.ms ?? 0), 0);
  const now = core.clock.now() + skew;

  try {
    const banned = core.limiter.ban(ip, route.family);
    if (banned && banned.kind !== 'ok') throw limitError(banned);
    const weight = route.weight(params);
    if (route.limit === 'ip') {
      const key = route.family === 'sapi' ? `${ip}|sapi|${route.path}` : `${ip}|${route.family}`;
      const verdict = core.limiter.spend(key, weight, ipLimit(core, route), { ip, family: route.family });
      spent = weight;
      headers[weightHeader(route)] = String(verdict.used);
      if (route.family !== 'sapi') headers['X-MBX-USED-WEIGHT'] = String(verdict.used);
      if (verdict.kind === 'limited' || verdict.kind === 'banned') throw limitError(verdict);
    }
    let account = null;
    if (route.signed) {
      account = accountForKey(core.world, apiKey);
      checkTimestamp(params, now);
      const { payload, signature } = signedPayload(query, body);
      checkSignature(account, payload, signature);
      checkKeyPermissions(account, ip);
      if (route.limit === 'uid') {
        const verdict = core.limiter.spend(
          `${account.uid}|${route.path}`,
          weight,
          core.limiter.config.sapiUid,
          null,
        );
        spent = weight;
        headers[weightHeader(route)] = String(verdict.used);
        if (verdict.kind === 'limited' || verdict.kind === 'banned') throw limitError(verdict);
      }
    }
    const result: Json = route.handle({ world: core.world, now, params, account });
    const text = toJson(result);
    if (faults.some((f) => f.kind === 'malformed'))
      return finish(200, text.slice(0, Math.max(1, Math.floor(text.length / 2))));
    finish(200, text);
  } catch (err) {
    if (err instanceof ApiError) return fail(err);
    throw err;
  }
}
