/**
 * Settings changed after an account was added: its performance fee (design §6) and its benchmark (§4).
 *
 * A new benchmark replaces the old one over the account's whole history: the config is saved with the cached
 * replay state cleared, and the next run that stores a snapshot replays from t₀ with the new weights and rule
 * and rewrites every stored snapshot's benchmark value and every flow's B(τ⁻) in its one transaction
 * (pipeline.ts, `restateFrom`). Until then the stored values are the old benchmark's.
 */
import Big from 'big.js';
import { validateBenchmarkConfig } from '../domain/benchmark.ts';
import type { BenchmarkConfig, FeePeriod, PerformanceFeeConfig } from '../domain/types.ts';
import type { Store } from '../store/index.ts';
import { accountByName } from './account-service.ts';
import { BenchmarkConfigError, WorkerError } from './errors.ts';

export const FEE_PERIODS: readonly FeePeriod[] = ['monthly', 'quarterly', 'yearly'];
const RATE = /^(0|[1-9]\d*)?(\.\d+)?$/;

/** A fee rate as a fraction: more than 0, less than 1 ("0.2" is 20 %). */
export function parseFeeRate(text: string): string {
  const t = text.trim();
  if (t === '' || !RATE.test(t))
    throw new WorkerError(`fee rate "${text}" is not a decimal fraction, e.g. 0.2`);
  const rate = new Big(t);
  if (rate.lte(0) || rate.gte(1)) throw new WorkerError(`fee rate ${t} must be more than 0 and less than 1`);
  return rate.toString();
}

export function parseFeePeriod(text: string): FeePeriod {
  const found = FEE_PERIODS.find((p) => p === text);
  if (!found) throw new WorkerError(`fee period must be one of ${FEE_PERIODS.join(', ')}`);
  return found;
}

/** Sets (or with null removes) the account's performance fee. Rows already accrued are kept either way. */
export async function setAccountFee(
  store: Store,
  name: string,
  fee: PerformanceFeeConfig | null,
): Promise<void> {
  const account = await accountByName(store, name);
  await store.accounts.setFeeConfig(account.id, fee);
}

/**
 * Sets the account's benchmark. The cached state is cleared so that the next run replays from t₀ with the new
 * config (see the top of this file); an unchanged config keeps its state and changes nothing.
 */
export async function setAccountBenchmark(
  store: Store,
  name: string,
  config: BenchmarkConfig,
  /** Whether an asset has a USD price on Binance now (as `add` checks): an unpriceable asset would fail every run. */
  isPriced?: (asset: string) => boolean,
): Promise<{ changed: boolean; hasHistory: boolean }> {
  try {
    validateBenchmarkConfig(config);
  } catch (err) {
    throw new BenchmarkConfigError((err as Error).message, name);
  }
  const unpriceable = isPriced ? config.assets.filter((w) => !isPriced(w.asset)).map((w) => w.asset) : [];
  if (unpriceable.length > 0) {
    throw new BenchmarkConfigError(
      `benchmark asset(s) without a USD price on Binance: ${unpriceable.join(', ')}`,
      name,
    );
  }
  const account = await accountByName(store, name);
  return store.transaction(async (tx) => {
    const current = await tx.benchmarks.get(account.id);
    const hasHistory = (await tx.nav.first(account.id, { status: 'complete' })) !== undefined;
    if (current && sameConfig(current.config, config)) return { changed: false, hasHistory };
    await tx.benchmarks.setConfig(account.id, config, {
      units: null,
      initializedAt: null,
      lastRebalanceAt: null,
    });
    return { changed: true, hasHistory };
  }, `setting the benchmark of account ${name}`);
}

function sameConfig(a: BenchmarkConfig, b: BenchmarkConfig): boolean {
  if (a.rebalance !== b.rebalance || a.assets.length !== b.assets.length) return false;
  return a.assets.every(
    (w, i) => w.asset === b.assets[i]?.asset && new Big(w.weight).eq(b.assets[i]!.weight),
  );
}
