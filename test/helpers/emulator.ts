import { createHmac, sign as edSign, type KeyObject } from 'node:crypto';
import { type RunningEmulator, type Scenario, startEmulator } from '../../src/emulator/index.ts';

/** An emulator for one test: frozen clock at the scenario start, random port. Close it when done. */
export function startTestEmulator(
  scenario: Scenario | string,
  opts: { enforceLimits?: boolean; wallClock?: () => number } = {},
): Promise<RunningEmulator> {
  return startEmulator({ scenario, port: 0, frozen: true, ...opts });
}

/** Runs fn against a fresh emulator and always closes it. */
export async function withEmulator<T>(
  scenario: Scenario | string,
  fn: (emu: RunningEmulator) => Promise<T>,
  opts: { enforceLimits?: boolean; wallClock?: () => number } = {},
): Promise<T> {
  const emu = await startTestEmulator(scenario, opts);
  try {
    return await fn(emu);
  } finally {
    await emu.close();
  }
}

export interface SignedCall {
  apiKey: string;
  /** HMAC secret, or an Ed25519 private key. */
  secret: string | KeyObject;
  method?: 'GET' | 'POST';
  params?: Record<string, string | number>;
  timestamp?: number;
  recvWindow?: number;
  /** Send params as a form body (POST) instead of the query string. */
  inBody?: boolean;
}

/** A signed request made with node:crypto directly: HMAC hex, or Ed25519 base64 percent-encoded. */
export async function signedFetch(emu: RunningEmulator, path: string, call: SignedCall): Promise<Response> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(call.params ?? {})) params.set(k, String(v));
  if (call.recvWindow !== undefined) params.set('recvWindow', String(call.recvWindow));
  params.set('timestamp', String(call.timestamp ?? emu.now()));
  const payload = params.toString();
  const signature =
    typeof call.secret === 'string'
      ? createHmac('sha256', call.secret).update(payload).digest('hex')
      : encodeURIComponent(edSign(null, Buffer.from(payload), call.secret).toString('base64'));
  const signed = `${payload}&signature=${signature}`;
  const method = call.method ?? 'GET';
  const headers: Record<string, string> = { 'X-MBX-APIKEY': call.apiKey };
  if (call.inBody) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    return fetch(`${emu.url}${path}`, { method, headers, body: signed });
  }
  return fetch(`${emu.url}${path}?${signed}`, { method, headers });
}

/** POST/GET/DELETE a control endpoint and return its JSON. */
export async function control(
  emu: RunningEmulator,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  const res = await fetch(`${emu.url}/__emulator/${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
  });
  const json = (await res.json()) as unknown;
  if (!res.ok) throw new Error(`control ${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Shape conformance (field names and JSON types, big numbers read exactly): see test/emulator/shape.ts. */
export { assertSameShape, numberText, parseExact, shapeDiff, shapeOf } from '../emulator/shape.ts';
