/** Errors of the worker and the account service. Messages name the account, never its key or secret. */

export class WorkerError extends Error {
  override name = 'WorkerError';
  readonly account?: string;
  constructor(message: string, account?: string, options?: ErrorOptions) {
    super(message, options);
    if (account !== undefined) this.account = account;
  }
}

export class AccountNotFoundError extends WorkerError {
  override name = 'AccountNotFoundError';
  constructor(account: string) {
    super(`account "${account}" does not exist`, account);
  }
}

export class DuplicateAccountError extends WorkerError {
  override name = 'DuplicateAccountError';
  constructor(account: string) {
    super(`an account named "${account}" already exists`, account);
  }
}

/** The key may withdraw funds: a monitor must never hold such a key unless the owner insists. */
export class UnsafeKeyError extends WorkerError {
  override name = 'UnsafeKeyError';
  constructor(account: string) {
    super(
      `the API key of "${account}" can withdraw funds; create a read-only key, or pass --allow-unsafe-key`,
      account,
    );
  }
}

export class KeyNotReadableError extends WorkerError {
  override name = 'KeyNotReadableError';
  constructor(account: string) {
    super(`the API key of "${account}" does not have reading enabled`, account);
  }
}

export class BenchmarkConfigError extends WorkerError {
  override name = 'BenchmarkConfigError';
}

/**
 * Thrown by the test-only crash hook to stop a run dead at a step boundary, as a killed process would:
 * nothing after the step runs, nothing catches it.
 */
export class SimulatedCrash extends Error {
  override name = 'SimulatedCrash';
}
