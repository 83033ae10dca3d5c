import { type BinanceClient, createBinanceClient } from '../binance/client.ts';
import { createWeightLimiter, type WeightLimiter } from '../binance/limiter.ts';
import type { RetryPolicy } from '../binance/retry.ts';
import type { ClientFactory } from './run.ts';

export interface ClientFactoryOptions {
  /** One base URL for every Binance host (the emulator); Binance's real hosts when absent. */
  baseUrl?: string | undefined;
  /** Shared by every client of the process: Binance's IP limits are per IP, not per account. */
  limiter?: WeightLimiter;
  timeoutMs?: number;
  fetch?: typeof fetch;
  retry?: Partial<RetryPolicy>;
}

/**
 * Clients for one process: all share one weight limiter, so many accounts together stay under the limits. An
 * account's own base URL (binance_accounts.base_url) wins over the process-wide one for its signed client.
 */
export function createClientFactory(opts: ClientFactoryOptions = {}): ClientFactory {
  const limiter = opts.limiter ?? createWeightLimiter();
  return (account): BinanceClient => {
    const baseUrl = account?.baseUrl ?? opts.baseUrl;
    return createBinanceClient({
      ...(baseUrl ? { baseUrl } : {}),
      ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
      ...(opts.retry ? { retry: opts.retry } : {}),
      limiter,
      ...(account ? { credentials: account.credentials, accountLabel: account.label } : {}),
    });
  };
}
