/**
 * Loads stored facts and hands them to the pure analytics (src/domain): reports for one account or the
 * aggregate, and the performance-fee rows, recomputed from scratch and upserted (idempotent, restated when
 * late flows change history).
 *
 * Benchmark source: what the worker's exact replay stored, nav_history.benchmark_value of each complete
 * snapshot and processed_transactions.benchmark_before (B(τ⁻)) of each counted flow, chain-linked exactly
 * (benchmark-points.ts). A flow without a stored B(τ⁻) (imported history) is approximated, that flow only.
 * Replaying here would need the worker's price routing; the stored values already are the replay's output.
 */
import { type AccountHistory, aggregateAccounts } from '../domain/aggregate.ts';
import { benchmarkPointsFromFacts } from '../domain/benchmark-points.ts';
import { accrueFees, type FeePeriodResult } from '../domain/fees.ts';
import { feePeriods, type PeriodName, type Range, resolvePeriod } from '../domain/periods.ts';
import { prepareAnalytics, type Report, reportOver } from '../domain/report.ts';
import { returnIndex } from '../domain/returns.ts';
import type { FlowPoint, NavPoint, PerformanceFeeConfig } from '../domain/types.ts';
import type { Account, FeeRecord, Store, StoreRepositories } from '../store/index.ts';

export class AnalyticsError extends Error {
  override name = 'AnalyticsError';
  readonly account: string | undefined;
  constructor(message: string, account?: string) {
    super(message);
    this.account = account;
  }
}

export class UnknownAccountError extends AnalyticsError {
  override name = 'UnknownAccountError';
  constructor(account: string) {
    super(`unknown account "${account}" (see \`bpm account list\`)`, account);
  }
}

export class EmptyHistoryError extends AnalyticsError {
  override name = 'EmptyHistoryError';
}

export interface LoadedHistory extends AccountHistory {
  account: Account;
  /** Counted flows without a USD value: they cannot enter returns and are reported. */
  unvaluedFlows: number;
}

const ALL_TIME = { from: Number.MIN_SAFE_INTEGER, to: Number.MAX_SAFE_INTEGER };

export async function findAccount(store: StoreRepositories, nameOrId: string): Promise<Account> {
  const account = (await store.accounts.byName(nameOrId)) ?? (await store.accounts.get(nameOrId));
  if (!account) throw new UnknownAccountError(nameOrId);
  return account;
}

export async function loadHistory(store: StoreRepositories, account: Account): Promise<LoadedHistory> {
  const rows = await store.nav.range(account.id, ALL_TIME.from, ALL_TIME.to);
  const navs: NavPoint[] = rows.map((r) => ({
    ts: r.ts,
    nav: r.nav,
    benchmarkValue: r.benchmarkValue,
    status: r.status,
  }));
  const stored = await store.flows.list(account.id, { status: 'counted' });
  const flows: FlowPoint[] = [];
  let unvaluedFlows = 0;
  for (const f of stored) {
    if (f.usdValue === null) unvaluedFlows++;
    else flows.push({ ts: f.ts, usdValue: f.usdValue, benchmarkBefore: f.benchmarkBefore });
  }
  return { account, navs, flows, benchmark: benchmarkPointsFromFacts(navs, flows), unvaluedFlows };
}

export interface ReportRequest {
  /** Account name or id; omitted (or all) for the aggregate of every account. */
  account?: string;
  all?: boolean;
  period?: PeriodName;
  from?: number;
  to?: number;
  now: number;
  riskFreeRate?: number;
}

export interface ReportResult {
  scope: string;
  accounts: string[];
  benchmark_source: 'stored_benchmark_values';
  unvalued_flows: number;
  report: Report;
}

export async function buildReport(store: Store, req: ReportRequest): Promise<ReportResult> {
  const histories = await loadScope(store, req.account);
  const scope = req.account ?? 'all';
  const history = histories.length === 1 && req.account ? histories[0]! : aggregateAccounts(histories);
  const prepared = prepareAnalytics(history.navs, history.flows, history.benchmark);
  if (prepared.portfolio.ts.length === 0) {
    throw new EmptyHistoryError(
      req.account
        ? `account "${req.account}" has no complete snapshot yet (run \`bpm collect\`)`
        : 'no complete snapshot common to the accounts yet (run `bpm collect`)',
      req.account,
    );
  }
  const range = requestRange(req, prepared.portfolio.ts[0]!);
  return {
    scope,
    accounts: histories.map((h) => h.account.name),
    benchmark_source: 'stored_benchmark_values',
    unvalued_flows: histories.reduce((n, h) => n + h.unvaluedFlows, 0),
    report: reportOver(prepared, range.from, range.to, req.riskFreeRate ?? 0),
  };
}

function requestRange(req: ReportRequest, firstTs: number): Range {
  if (req.period) return resolvePeriod(req.period, req.to ?? req.now, firstTs);
  return { from: req.from ?? firstTs, to: req.to ?? req.now };
}

async function loadScope(store: Store, accountName: string | undefined): Promise<LoadedHistory[]> {
  if (accountName !== undefined) return [await loadHistory(store, await findAccount(store, accountName))];
  const accounts = await store.accounts.list();
  if (accounts.length === 0) throw new EmptyHistoryError('no accounts yet (add one with `bpm account add`)');
  const out: LoadedHistory[] = [];
  for (const a of accounts) out.push(await loadHistory(store, a));
  return out;
}

export interface AccountFees {
  account: string;
  config: PerformanceFeeConfig;
  rows: (FeePeriodResult & { status: FeeRecord['status'] })[];
}

/**
 * Recomputes every ended fee period of the account(s) from stored facts and upserts the rows in one
 * transaction per account. A row's status (accrued / paid / waived) is kept across recomputation.
 */
export async function accrueStoredFees(
  store: Store,
  opts: { account?: string; now: number },
): Promise<AccountFees[]> {
  const accounts = opts.account ? [await findAccount(store, opts.account)] : await store.accounts.list();
  if (opts.account && accounts[0]!.feeConfig === null) {
    throw new AnalyticsError(`account "${opts.account}" has no performance fee configured`, opts.account);
  }
  const out: AccountFees[] = [];
  for (const account of accounts) {
    const config = account.feeConfig;
    if (config === null) continue;
    const history = await loadHistory(store, account);
    const index = returnIndex(history.navs, history.flows);
    if (index.length === 0) {
      out.push({ account: account.name, config, rows: [] });
      continue;
    }
    const periods = feePeriods(config.period, index[0]!.ts, opts.now);
    const rows = accrueFees(config, index, history.navs, history.benchmark, periods);
    const saved = await store.transaction(async (tx) => {
      const existing = new Map((await tx.fees.list(account.id)).map((r) => [r.periodStart, r.status]));
      const withStatus = rows.map((r) => ({
        ...r,
        status: existing.get(r.period_start) ?? ('accrued' as const),
      }));
      for (const r of withStatus) await tx.fees.upsert(feeRecord(account.id, r, opts.now));
      return withStatus;
    }, `accruing fees of account ${account.name}`);
    out.push({ account: account.name, config, rows: saved });
  }
  return out;
}

function feeRecord(
  accountId: string,
  r: FeePeriodResult & { status: FeeRecord['status'] },
  now: number,
): FeeRecord {
  return {
    accountId,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    startIndex: String(r.start_index),
    endIndex: String(r.end_index),
    hwmBefore: String(r.hwm_before),
    hwmAfter: String(r.hwm_after),
    navEnd: r.nav_end,
    rate: r.rate,
    fee: r.fee,
    status: r.status,
    computedAt: now,
  };
}
