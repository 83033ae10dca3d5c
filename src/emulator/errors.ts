/** An error answered the way Binance answers it: an HTTP status and a {code, msg} body. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: number;
  readonly code: number;
  readonly headers: Record<string, string>;
  constructor(status: number, code: number, msg: string, headers: Record<string, string> = {}) {
    // An expected answer, not a bug: skip the stack trace, which costs more than the whole request under load.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(msg);
    Error.stackTraceLimit = limit;
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

export const invalidKey = () => new ApiError(401, -2015, 'Invalid API-key, IP, or permissions for action.');
export const badParam = (name: string) =>
  new ApiError(400, -1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`);
export const illegalParam = (name: string) =>
  new ApiError(400, -1100, `Illegal characters found in parameter '${name}'.`);
export const invalidSymbol = () => new ApiError(400, -1121, 'Invalid symbol.');
