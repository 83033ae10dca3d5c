import type { BenchmarkConfig, BenchmarkUnits } from '../../domain/types.ts';
import type { StoredBenchmark } from '../records.ts';
import type { BenchmarkConfigsTable } from '../schema.ts';
import { parseJson, type RepoContext } from './context.ts';

export interface BenchmarkState {
  units: BenchmarkUnits | null;
  initializedAt: number | null;
  lastRebalanceAt: number | null;
}

export interface BenchmarkConfigRepository {
  get(accountId: string): Promise<StoredBenchmark | undefined>;
  list(): Promise<StoredBenchmark[]>;
  /** Sets assets/weights and rule; keeps the cached state unless `state` is given. */
  setConfig(accountId: string, config: BenchmarkConfig, state?: BenchmarkState): Promise<void>;
  /** Saves the replay's cached state (units, start, last rebalance). The config row must exist. */
  setState(accountId: string, state: BenchmarkState): Promise<void>;
}

export function benchmarkRepository(ctx: RepoContext): BenchmarkConfigRepository {
  const { db } = ctx;
  return {
    get: (accountId) =>
      ctx.run(`reading benchmark of account ${accountId}`, async () => {
        const row = await db
          .selectFrom('benchmark_configs')
          .selectAll()
          .where('account_id', '=', accountId)
          .executeTakeFirst();
        return row && toStored(row);
      }),
    list: () =>
      ctx.run('listing benchmarks', async () =>
        (await db.selectFrom('benchmark_configs').selectAll().orderBy('account_id').execute()).map(toStored),
      ),
    setConfig: (accountId, config, state) =>
      ctx.run(`saving benchmark of account ${accountId}`, async () => {
        const now = Date.now();
        const base = { assets: JSON.stringify(config.assets), rebalance: config.rebalance, updated_at: now };
        const stateCols = state ? stateColumns(state) : {};
        await db
          .insertInto('benchmark_configs')
          .values({
            account_id: accountId,
            units: null,
            initialized_at: null,
            last_rebalance_at: null,
            ...base,
            ...stateCols,
          })
          .onConflict((oc) => oc.column('account_id').doUpdateSet({ ...base, ...stateCols }))
          .execute();
      }),
    setState: (accountId, state) =>
      ctx.run(`saving benchmark state of account ${accountId}`, async () => {
        const r = await db
          .updateTable('benchmark_configs')
          .set({ ...stateColumns(state), updated_at: Date.now() })
          .where('account_id', '=', accountId)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) === 0) throw new Error(`no benchmark config for account ${accountId}`);
      }),
  };
}

function stateColumns(s: BenchmarkState) {
  return {
    units: s.units ? JSON.stringify(s.units) : null,
    initialized_at: s.initializedAt,
    last_rebalance_at: s.lastRebalanceAt,
  };
}

function toStored(r: BenchmarkConfigsTable): StoredBenchmark {
  return {
    accountId: r.account_id,
    config: { assets: JSON.parse(r.assets), rebalance: r.rebalance },
    units: parseJson(r.units, null),
    initializedAt: r.initialized_at === null ? null : Number(r.initialized_at),
    lastRebalanceAt: r.last_rebalance_at === null ? null : Number(r.last_rebalance_at),
    updatedAt: Number(r.updated_at),
  };
}
