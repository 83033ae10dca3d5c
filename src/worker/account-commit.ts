import type { BenchmarkConfig, EpochMs, Flow, Snapshot, WalletKind } from '../domain/types.ts';
import type { BenchmarkState, FlowBenchmarkBefore, PricePoint, Store } from '../store/index.ts';

/** Everything one account's run writes, applied in ONE transaction (design §3 "Exactly once"). */
export interface AccountWrites {
  snapshot: Snapshot;
  flows: ReadonlyArray<{ flow: Flow; metadata: unknown }>;
  prices: readonly PricePoint[];
  benchmark: { config: BenchmarkConfig; state: BenchmarkState | null };
  /** Earlier snapshots whose benchmark value a late flow restated. */
  restated: ReadonlyArray<{ ts: EpochMs; benchmarkValue: string }>;
  /** B(τ⁻) of the flows whose stored value the replay changed (flow-benchmark.ts). */
  flowBenchmarkBefore: readonly FlowBenchmarkBefore[];
  wallets: Partial<Record<WalletKind, boolean>>;
}

export type CommitOutcome = 'written' | 'already-collected';

/**
 * Writes the run's results atomically. The slot is checked again inside the transaction: when another run
 * stored a complete snapshot for it meanwhile, nothing is written (idempotent per account and slot).
 * `midway` runs between the writes (the test-only crash hook uses it to stop mid-transaction).
 */
export async function commitAccountRun(
  store: Store,
  writes: AccountWrites,
  midway: () => void = () => {},
): Promise<CommitOutcome> {
  const { snapshot } = writes;
  const accountId = snapshot.accountId;
  return store.transaction(
    async (tx) => {
      const [existing] = await tx.nav.range(accountId, snapshot.ts, snapshot.ts);
      if (existing?.status === 'complete') return 'already-collected';
      if (writes.prices.length > 0) await tx.prices.put([...writes.prices]);
      for (const { flow, metadata } of writes.flows) await tx.flows.upsert(flow, metadata);
      midway();
      await tx.nav.save(snapshot);
      if (writes.restated.length > 0) await tx.nav.setBenchmarkValues(accountId, [...writes.restated]);
      // After the upserts: a flow whose τ, value or status changed had its old B(τ⁻) cleared by them.
      if (writes.flowBenchmarkBefore.length > 0) {
        await tx.flows.setBenchmarkBefore(accountId, writes.flowBenchmarkBefore);
      }
      const { config, state } = writes.benchmark;
      await tx.benchmarks.setConfig(accountId, config, state ?? undefined);
      await tx.accounts.updateWallets(accountId, writes.wallets);
      return 'written';
    },
    `storing the run of account ${accountId} at ${new Date(snapshot.ts).toISOString()}`,
  );
}
