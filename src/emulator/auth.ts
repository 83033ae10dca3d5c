import { createHmac, timingSafeEqual, verify } from 'node:crypto';
import { ApiError, badParam, invalidKey } from './errors.ts';
import type { AccountRuntime, World } from './world.ts';

/** The text a client signed: the query string and the body, each without its signature parameter. */
export function signedPayload(query: string, body: string): { payload: string; signature: string | null } {
  let signature: string | null = null;
  const strip = (text: string): string =>
    text
      .split('&')
      .filter((part) => {
        if (part.startsWith('signature=')) {
          signature ??= part.slice('signature='.length);
          return false;
        }
        return part !== '';
      })
      .join('&');
  const q = strip(query);
  const b = strip(body);
  return { payload: q + b, signature };
}

/** The account named by X-MBX-APIKEY: -2014 when the header is missing or malformed, -2015 when unknown. */
export function accountForKey(world: World, header: string | undefined): AccountRuntime {
  if (header === undefined || !/^[A-Za-z0-9]{1,128}$/.test(header)) {
    throw new ApiError(401, -2014, 'API-key format invalid.');
  }
  const account = world.byKey.get(header);
  if (!account) throw invalidKey();
  return account;
}

/** Timestamp against the server's clock, as Binance checks it: not 1s or more ahead, not older than recvWindow. */
export function checkTimestamp(params: Map<string, string>, serverTime: number): void {
  const raw = params.get('timestamp');
  if (raw === undefined || !/^\d{1,16}$/.test(raw)) throw badParam('timestamp');
  const timestamp = Number(raw);
  const rw = params.get('recvWindow');
  if (rw !== undefined && !/^\d+(\.\d+)?$/.test(rw)) throw badParam('recvWindow');
  const recvWindow = rw === undefined ? 5000 : Number(rw);
  if (recvWindow > 60000) throw new ApiError(400, -1131, 'recvWindow must be less than 60000');
  if (timestamp >= serverTime + 1000) {
    throw new ApiError(400, -1021, "Timestamp for this request was 1000ms ahead of the server's time.");
  }
  if (serverTime - timestamp > recvWindow) {
    throw new ApiError(400, -1021, 'Timestamp for this request is outside of the recvWindow.');
  }
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** HMAC-SHA256 hex, or Ed25519 base64 (percent-encoded on the wire), over the signed payload. */
export function checkSignature(account: AccountRuntime, payload: string, signature: string | null): void {
  if (signature === null || signature === '') throw badParam('signature');
  const bad = new ApiError(400, -1022, 'Signature for this request is not valid.');
  if (account.publicKey) {
    let sig: Buffer;
    try {
      sig = Buffer.from(decodeURIComponent(signature), 'base64');
    } catch {
      throw bad;
    }
    if (sig.length !== 64 || !verify(null, Buffer.from(payload), account.publicKey, sig)) throw bad;
    return;
  }
  const expected = createHmac('sha256', account.spec.apiSecret ?? '')
    .update(payload)
    .digest('hex');
  if (!sameText(expected, signature.toLowerCase())) throw bad;
}

const LOOPBACK = ['127.0.0.1', '::1'];

/** `::ffff:127.0.0.1` (an IPv4 client on a dual-stack socket) is 127.0.0.1. */
function plainIp(ip: string): string {
  return ip.startsWith('::ffff:') ? ip.slice('::ffff:'.length) : ip;
}

/**
 * What the key may do, checked after its signature: every endpoint served here reads, so a key without
 * `enableReading` is refused; a key restricted to trusted IPs is refused from any other address. Both are -2015,
 * Binance's "Invalid API-key, IP, or permissions for action".
 */
export function checkKeyPermissions(account: AccountRuntime, ip: string): void {
  const p = account.spec.permissions;
  if (!p.enableReading) throw invalidKey();
  if (p.ipRestrict) {
    const trusted = (account.spec.trustedIps ?? LOOPBACK).map(plainIp);
    if (!trusted.includes(plainIp(ip))) throw invalidKey();
  }
}
