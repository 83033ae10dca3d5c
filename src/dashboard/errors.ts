/** Errors the dashboard turns into HTTP answers; messages are safe to show (no secrets, no stack). */
export class DashboardHttpError extends Error {
  override name = 'DashboardHttpError';
  readonly status: 400 | 401 | 404 | 503;
  constructor(status: 400 | 401 | 404 | 503, message: string) {
    super(message);
    this.status = status;
  }
}

export class BadRequestError extends DashboardHttpError {
  override name = 'BadRequestError';
  constructor(message: string) {
    super(400, message);
  }
}

export class AccountNotFoundError extends DashboardHttpError {
  override name = 'AccountNotFoundError';
  readonly account: string;
  constructor(account: string) {
    super(404, `no account named "${account}"`);
    this.account = account;
  }
}

/** Refusing to serve the dashboard beyond loopback without an access token or basic auth. */
export class InsecureBindError extends Error {
  override name = 'InsecureBindError';
  readonly host: string;
  constructor(host: string) {
    super(
      `refusing to listen on ${host} without authentication: the dashboard shows balances. ` +
        'Set an access token (--token or BPM_DASHBOARD_TOKEN) or basic auth, or bind 127.0.0.1.',
    );
    this.host = host;
  }
}
