import type { ServerClock, ServerTimeReader } from './clock.ts';
import { type Endpoint, LIMIT_PER_MINUTE } from './endpoints.ts';
import type { Hosts } from './hosts.ts';
import type { WeightClaim, WeightLimiter } from './limiter.ts';
import type { RetryPolicy } from './retry.ts';
import type { Signer } from './signing.ts';

/** Everything one client's requests share. */
export interface RequestContext {
  hosts: Hosts;
  limiter: WeightLimiter;
  /** Shared by every client of the same server. */
  clock: ServerClock;
  /** GET /api/v3/time through this client (its fetch, limiter and retries). */
  readServerTime: ServerTimeReader;
  fetch: typeof fetch;
  timeoutMs: number;
  recvWindow: number;
  retry: RetryPolicy;
  /** Named in errors; never the key. */
  account?: string;
  /** Identity of the account's UID-limited buckets. */
  accountKey: string;
  credentials?: { apiKey: string; sign: Signer };
  /** Removes the key, secret and any signature from text that leaves the client (error messages). */
  redact: (text: string) => string;
  /** Weight this client has sent, per limit name. */
  spent: Map<string, number>;
}

export interface NamedClaim extends WeightClaim {
  /** Human name of the limit, e.g. "api", "sapi-ip /sapi/v1/margin/account". */
  name: string;
}

export function claimFor(ctx: RequestContext, endpoint: Endpoint, weight = endpoint.weight): NamedClaim {
  const base = ctx.hosts[endpoint.host];
  const limit = LIMIT_PER_MINUTE[endpoint.limit];
  switch (endpoint.limit) {
    case 'sapi-ip':
      return { bucket: `${base}|sapi-ip|${endpoint.path}`, limit, weight, name: `sapi-ip ${endpoint.path}` };
    case 'sapi-uid':
      return {
        bucket: `uid|${ctx.accountKey}|${endpoint.path}`,
        limit,
        weight,
        name: `sapi-uid ${endpoint.path}`,
      };
    default:
      return { bucket: `${base}|${endpoint.limit}`, limit, weight, name: endpoint.limit };
  }
}

/** The used-weight header that reports on an endpoint's limit. */
export function usedWeightHeader(endpoint: Endpoint): string {
  switch (endpoint.limit) {
    case 'sapi-ip':
      return 'x-sapi-used-ip-weight-1m';
    case 'sapi-uid':
      return 'x-sapi-used-uid-weight-1m';
    default:
      return 'x-mbx-used-weight-1m';
  }
}
