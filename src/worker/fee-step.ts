import type { Account, Store } from '../store/index.ts';
import { accrueStoredFees } from './analytics-service.ts';
import type { AccountRunResult, WorkerLogger } from './types.ts';

/** A run that stored a snapshot (ok, incomplete or partial) may have moved the account's return index. */
const WROTE = new Set<AccountRunResult['status']>(['ok', 'incomplete', 'partial']);

/**
 * Performance fees (design §6) after the run's account transactions: every account with a fee config whose run
 * stored a snapshot has its ended fee periods recomputed from the stored facts and upserted (one transaction per
 * account; idempotent, restated when a late flow changed history). An account skipped or failed in this run has
 * nothing new, so a second run in the same slot writes nothing. A failure is recorded on the account's result
 * (its snapshot stays stored; the next run that stores one accrues again).
 */
export async function accrueFeesOfRun(input: {
  store: Store;
  accounts: readonly Account[];
  results: AccountRunResult[];
  at: number;
  logger: WorkerLogger;
}): Promise<void> {
  const byId = new Map(input.accounts.map((a) => [a.id, a] as const));
  for (const result of input.results) {
    const account = byId.get(result.accountId);
    if (!account || account.feeConfig === null || !WROTE.has(result.status)) continue;
    try {
      const [fees] = await accrueStoredFees(input.store, { account: account.id, now: input.at });
      result.feePeriods = fees?.rows.length ?? 0;
    } catch (err) {
      result.feeError = err instanceof Error ? err.message : String(err);
      input.logger.error({ account: account.name, err: result.feeError }, 'performance fees not accrued');
    }
  }
}
