import type { BinanceClient } from '../binance/client.ts';
import type { ApiRestrictions } from '../binance/schemas/wallets.ts';
import { validateBenchmarkConfig } from '../domain/benchmark.ts';
import type { BenchmarkConfig, EpochMs, WalletKind, WalletRead } from '../domain/types.ts';
import { DEFAULT_BENCHMARK, WALLET_KINDS } from '../domain/types.ts';
import type { Account, Store } from '../store/index.ts';
import { type BackfillResult, backfillAccount } from './backfill.ts';
import {
  AccountNotFoundError,
  BenchmarkConfigError,
  DuplicateAccountError,
  KeyNotReadableError,
  UnsafeKeyError,
  WorkerError,
} from './errors.ts';
import type { ClientFactory } from './run.ts';
import { loadRunMarket } from './run-market.ts';
import { readWallets, walletsEnabled } from './wallet-reads.ts';
import {
  type EndpointWeight,
  maxAccountsPerMinute,
  SNAPSHOT_CALLS,
  SUB_ACCOUNT_CALLS,
  weightOf,
} from './weights.ts';

export interface AccountServiceDeps {
  store: Store;
  clientFactory: ClientFactory;
  signal?: AbortSignal;
}

export interface NewAccountInput {
  name: string;
  apiKey: string;
  /** HMAC secret, or the Ed25519 private key PEM. */
  secret: string;
  keyType: 'hmac' | 'ed25519';
  subAccountOf?: string | null;
  allowUnsafeKey?: boolean;
  benchmark?: BenchmarkConfig;
  /** Build 30 days of daily history at once (default true). */
  backfill?: boolean;
  /** "Now" for the backfill (default Binance's current time: ours corrected by the measured clock offset). */
  at?: EpochMs;
  /** The account's own Binance base URL, stored and used for it instead of the process-wide one. */
  baseUrl?: string | null;
}

export interface KeyPermissions {
  reading: boolean;
  withdrawals: boolean;
  trading: boolean;
  futures: boolean;
  ipRestricted: boolean;
}

export interface AddAccountResult {
  account: Account;
  permissions: KeyPermissions;
  wallets: Partial<Record<WalletKind, boolean>>;
  warnings: string[];
  backfill: BackfillResult | null;
}

const ACCOUNT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export function validateAccountName(name: string): void {
  if (!ACCOUNT_NAME.test(name)) {
    throw new WorkerError(
      `account name "${name}" must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit`,
    );
  }
}

export function keyPermissions(r: ApiRestrictions): KeyPermissions {
  const loose = r as ApiRestrictions & { enableMargin?: boolean; enablePortfolioMarginTrading?: boolean };
  return {
    reading: r.enableReading,
    withdrawals: r.enableWithdrawals,
    trading: Boolean(r.enableSpotAndMarginTrading || r.enableFutures || loose.enableMargin),
    futures: r.enableFutures,
    ipRestricted: r.ipRestrict,
  };
}

function clientFor(
  deps: AccountServiceDeps,
  label: string,
  input: Pick<NewAccountInput, 'apiKey' | 'secret' | 'keyType' | 'baseUrl'>,
) {
  return deps.clientFactory({
    label,
    credentials: { apiKey: input.apiKey, secret: input.secret, keyType: input.keyType },
    baseUrl: input.baseUrl ?? null,
  });
}

/** Key checks shared by add and check: refuses keys that cannot read, or can withdraw unless allowed. */
async function checkKey(client: BinanceClient, name: string, allowUnsafe: boolean, signal?: AbortSignal) {
  const permissions = keyPermissions(await client.apiRestrictions({ signal }));
  if (!permissions.reading) throw new KeyNotReadableError(name);
  if (permissions.withdrawals && !allowUnsafe) throw new UnsafeKeyError(name);
  const warnings: string[] = [];
  if (permissions.withdrawals)
    warnings.push('the key can WITHDRAW funds (kept because --allow-unsafe-key was given)');
  if (permissions.trading) warnings.push('the key can trade; a read-only key is enough for monitoring');
  if (!permissions.ipRestricted) warnings.push('the key is not restricted to an IP address');
  return { permissions, warnings };
}

/**
 * Binance answers -2015 both for "no futures account" and for a key without the futures permission: with such a
 * key, futures holdings would be invisible, so the owner is told.
 */
function futuresWarning(permissions: KeyPermissions, reads: readonly WalletRead[]): string[] {
  const hidden = reads.filter(
    (r) => (r.wallet === 'usdm' || r.wallet === 'coinm') && r.status === 'not_enabled',
  );
  if (permissions.futures || hidden.length === 0) return [];
  return [
    `${hidden.map((r) => r.wallet).join(' and ')} answered as not enabled and the key has no futures permission: if the account has futures, allow futures on the key or they are not counted`,
  ];
}

/** Probes every wallet once: what exists (not enabled per Binance's answers) and what failed. */
async function probeWallets(
  client: BinanceClient,
  isKnownAsset: (a: string) => boolean,
  signal?: AbortSignal,
) {
  const reads = await readWallets(client, isKnownAsset, signal);
  const failed = reads.filter((r): r is Extract<WalletRead, { status: 'failed' }> => r.status === 'failed');
  return { reads, wallets: walletsEnabled(reads), failed };
}

/**
 * `bpm account add`: checks the key (read-only unless allowed), finds the enabled wallets, stores the account
 * with its encrypted secret and benchmark, then backfills 30 days of daily history.
 */
export async function addAccount(
  deps: AccountServiceDeps,
  input: NewAccountInput,
): Promise<AddAccountResult> {
  const { store, signal } = deps;
  validateAccountName(input.name);
  const config = input.benchmark ?? DEFAULT_BENCHMARK;
  try {
    validateBenchmarkConfig(config);
  } catch (err) {
    throw new BenchmarkConfigError((err as Error).message, input.name);
  }
  if (await store.accounts.byName(input.name)) throw new DuplicateAccountError(input.name);

  const client = clientFor(deps, input.name, input);
  // Binance's clock minus ours: the backfill runs as of Binance's "now" (the same instant on a real server; on an
  // emulator whose clock is elsewhere, its clock, so the month before it is what gets built).
  const offsetMs = await client.syncClock({ signal });
  const { permissions, warnings } = await checkKey(client, input.name, input.allowUnsafeKey ?? false, signal);
  const market = await loadRunMarket(client, {}, signal);
  const unpriceable = config.assets.filter((w) => market.router.usd(w.asset) === null).map((w) => w.asset);
  if (unpriceable.length > 0) {
    throw new BenchmarkConfigError(
      `benchmark asset(s) without a USD price on Binance: ${unpriceable.join(', ')}`,
      input.name,
    );
  }
  const probe = await probeWallets(client, market.isKnownAsset, signal);
  warnings.push(...futuresWarning(permissions, probe.reads));
  if (probe.failed.length > 0) {
    throw new WorkerError(
      `could not read wallet(s) of "${input.name}": ${probe.failed.map((f) => `${f.wallet} (${f.error})`).join('; ')}`,
      input.name,
    );
  }

  const account = await store.transaction(async (tx) => {
    const added = await tx.accounts.add({
      name: input.name,
      apiKey: input.apiKey,
      secret: input.secret,
      keyType: input.keyType,
      subAccountOf: input.subAccountOf ?? null,
      wallets: probe.wallets,
      baseUrl: input.baseUrl ?? null,
    });
    await tx.benchmarks.setConfig(added.id, config);
    return added;
  }, `adding account ${input.name}`);

  let backfill: BackfillResult | null = null;
  if (input.backfill !== false) {
    try {
      backfill = await backfillAccount({
        store,
        account,
        client,
        market,
        config,
        currentReads: probe.reads,
        at: input.at ?? Date.now() + offsetMs,
        signal,
      });
      if (backfill.uncovered.length > 0) {
        warnings.push(
          `backfill points are incomplete: ${backfill.uncovered.join(', ')} cannot be rebuilt from Binance's daily snapshots (they hold funds now, or the snapshot call failed)`,
        );
      }
    } catch (err) {
      warnings.push(`backfill failed, history starts with the first collection: ${(err as Error).message}`);
    }
  }
  return { account, permissions, wallets: probe.wallets, warnings, backfill };
}

export async function accountByName(store: Store, name: string): Promise<Account> {
  const account = await store.accounts.byName(name);
  if (!account) throw new AccountNotFoundError(name);
  return account;
}

export async function removeAccount(store: Store, name: string): Promise<void> {
  const account = await accountByName(store, name);
  await store.accounts.remove(account.id);
}

export async function setAccountEnabled(store: Store, name: string, enabled: boolean): Promise<void> {
  const account = await accountByName(store, name);
  await store.accounts.setEnabled(account.id, enabled);
}

export interface AccountCheck {
  account: Account;
  /** Binance's clock minus ours, in ms (measured at the round trip's midpoint). */
  clockSkewMs: number;
  roundTripMs: number;
  permissions: KeyPermissions;
  warnings: string[];
  reads: WalletRead[];
  wallets: Partial<Record<WalletKind, boolean>>;
  weights: EndpointWeight[];
  maxAccountsPerMinute: { accounts: number; bindingBudget: string };
}

/** `bpm account check`: clock skew, key permissions, wallets (saved again) and the weight of one snapshot. */
export async function checkAccount(deps: AccountServiceDeps, name: string): Promise<AccountCheck> {
  const { store, signal } = deps;
  const account = await accountByName(store, name);
  const credentials = await store.accounts.credentials(account.id);
  const client = deps.clientFactory({ label: account.name, credentials, baseUrl: account.baseUrl });
  const sent = Date.now();
  const serverTime = await client.serverTime({ signal });
  const received = Date.now();
  await client.syncClock({ signal });
  const { permissions, warnings } = await checkKey(client, account.name, true, signal);
  const market = await loadRunMarket(client, {}, signal);
  const probe = await probeWallets(client, market.isKnownAsset, signal);
  warnings.push(...futuresWarning(permissions, probe.reads));
  if (probe.failed.length === 0) await store.accounts.updateWallets(account.id, probe.wallets);
  const sub = account.subAccountOf !== null;
  return {
    account,
    clockSkewMs: Math.round(serverTime - (sent + received) / 2),
    roundTripMs: received - sent,
    permissions,
    warnings,
    reads: probe.reads,
    wallets: probe.wallets,
    weights: weightOf(sub ? [...SNAPSHOT_CALLS, ...SUB_ACCOUNT_CALLS] : SNAPSHOT_CALLS),
    maxAccountsPerMinute: maxAccountsPerMinute(sub),
  };
}

/** Wallet kinds in display order with what the account has. */
export function walletSummary(wallets: Partial<Record<WalletKind, boolean>> | null): string {
  if (!wallets) return '(not checked)';
  return WALLET_KINDS.filter((w) => wallets[w] !== false).join(',') || '(none)';
}
