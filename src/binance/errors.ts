/**
 * Typed failures of the Binance client. Every error names the endpoint (method and path, never the query
 * string, which carries the signature) and the account label; no key, secret or signature ever reaches a message.
 */

export interface BinanceErrorDetails {
  endpoint: string;
  account?: string;
  code?: number;
  status?: number;
  /** How many times the request was sent before giving up. */
  attempts?: number;
  cause?: unknown;
}

export class BinanceError extends Error {
  code?: number;
  status?: number;
  endpoint: string;
  account?: string;
  attempts?: number;

  constructor(message: string, details: BinanceErrorDetails) {
    super(describe(message, details), details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.endpoint = details.endpoint;
    if (details.account !== undefined) this.account = details.account;
    if (details.code !== undefined) this.code = details.code;
    if (details.status !== undefined) this.status = details.status;
    if (details.attempts !== undefined) this.attempts = details.attempts;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      endpoint: this.endpoint,
      account: this.account,
      code: this.code,
      status: this.status,
      attempts: this.attempts,
    };
  }
}

/** Binance answered with its error body `{code, msg}` (any HTTP status). */
export class BinanceApiError extends BinanceError {
  binanceMessage: string;
  constructor(binanceMessage: string, details: BinanceErrorDetails & { code: number; status: number }) {
    super(`Binance error ${details.code} (HTTP ${details.status}): ${binanceMessage}`, details);
    this.binanceMessage = binanceMessage;
  }
}

/** HTTP 429: a weight or request limit was hit. */
export class RateLimitError extends BinanceError {
  retryAfterMs: number;
  constructor(retryAfterMs: number, details: BinanceErrorDetails) {
    super(`rate limited (HTTP 429), retry after ${Math.ceil(retryAfterMs / 1000)} s`, {
      ...details,
      status: 429,
    });
    this.retryAfterMs = retryAfterMs;
  }
}

/** HTTP 418, or a request refused locally because the host's IP ban has not ended yet. */
export class IpBanError extends BinanceError {
  bannedUntil: number;
  constructor(bannedUntil: number, details: BinanceErrorDetails) {
    super(`IP banned by Binance until ${new Date(bannedUntil).toISOString()}`, { ...details, status: 418 });
    this.bannedUntil = bannedUntil;
  }
}

export class BinanceTimeoutError extends BinanceError {
  timeoutMs: number;
  constructor(timeoutMs: number, details: BinanceErrorDetails) {
    super(`no response within ${timeoutMs} ms`, details);
    this.timeoutMs = timeoutMs;
  }
}

/** Connection refused/reset, DNS failure and the like: the request may not have reached Binance. */
export class BinanceNetworkError extends BinanceError {}

/** The body was not JSON, was not the expected shape, or an HTTP error came without Binance's error body. */
export class BinanceResponseError extends BinanceError {}

function describe(message: string, details: BinanceErrorDetails): string {
  const who = details.account === undefined ? '' : ` [account ${details.account}]`;
  return `${details.endpoint}${who}: ${message}`;
}
