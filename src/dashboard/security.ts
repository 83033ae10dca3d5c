/**
 * Response hardening and access control. The dashboard shows balances, so anything beyond loopback must be
 * authenticated; and the browser is told to run only our own scripts, never frame us, and never sniff types.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { MiddlewareHandler } from 'hono';
import { InsecureBindError } from './errors.ts';

export interface DashboardAuth {
  /** Accepted as `Authorization: Bearer <token>`, or as the password of basic auth with any user name. */
  token?: string;
  basic?: { user: string; password: string };
}

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    h.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('Referrer-Policy', 'no-referrer');
    h.set('X-Frame-Options', 'DENY');
    h.set('Cross-Origin-Opener-Policy', 'same-origin');
    h.set('Cross-Origin-Resource-Policy', 'same-origin');
    h.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
    for (const name of [...h.keys()]) if (name.startsWith('access-control-')) h.delete(name);
  };
}

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

export function hasAuth(auth: DashboardAuth | undefined): boolean {
  return Boolean(auth && ((auth.token && auth.token.length > 0) || auth.basic));
}

/** Throws InsecureBindError when `host` is reachable from other machines and no authentication is set. */
export function assertSafeBind(host: string, auth: DashboardAuth | undefined): void {
  if (!isLoopback(host) && !hasAuth(auth)) throw new InsecureBindError(host);
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** Constant-time comparison of two secrets of any length. */
function same(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

function authorized(header: string | undefined, auth: DashboardAuth): boolean {
  if (!header) return false;
  const [scheme, value = ''] = header.split(' ', 2);
  if (scheme?.toLowerCase() === 'bearer') return Boolean(auth.token) && same(value, auth.token ?? '');
  if (scheme?.toLowerCase() !== 'basic') return false;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  const user = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  if (auth.basic && same(user, auth.basic.user) && same(password, auth.basic.password)) return true;
  return Boolean(auth.token) && same(password, auth.token ?? '');
}

/** Requires credentials on every path except /healthz (for load balancers and container health checks). */
export function requireAuth(auth: DashboardAuth | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (!hasAuth(auth) || c.req.path === '/healthz') return next();
    if (authorized(c.req.header('authorization'), auth as DashboardAuth)) return next();
    c.header('WWW-Authenticate', 'Basic realm="Binance Portfolio Monitor", charset="UTF-8"');
    return c.json({ error: 'authentication required' }, 401);
  };
}
