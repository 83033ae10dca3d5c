import { randomUUID } from 'node:crypto';
import type { PerformanceFeeConfig, WalletKind } from '../../domain/types.ts';
import { SecretKeyError } from '../errors.ts';
import type { Account, AccountCredentials, NewAccount } from '../records.ts';
import type { BinanceAccountsTable } from '../schema.ts';
import { parseJson, type RepoContext } from './context.ts';

export interface AccountRepository {
  /** Adds an account; the secret is encrypted before it reaches the database. */
  add(account: NewAccount): Promise<Account>;
  list(opts?: { enabledOnly?: boolean }): Promise<Account[]>;
  get(id: string): Promise<Account | undefined>;
  byName(name: string): Promise<Account | undefined>;
  setEnabled(id: string, enabled: boolean): Promise<void>;
  /** Removes the account and, by cascade, its history, flows, fees and benchmark. */
  remove(id: string): Promise<boolean>;
  updateWallets(id: string, wallets: Partial<Record<WalletKind, boolean>>): Promise<void>;
  setFeeConfig(id: string, fee: PerformanceFeeConfig | null): Promise<void>;
  /** Replaces the API key and secret (e.g. after the user rotated them on Binance). */
  setCredentials(id: string, creds: AccountCredentials): Promise<void>;
  /** Sets (or, with null, clears) the account's own Binance base URL. */
  setBaseUrl(id: string, baseUrl: string | null): Promise<void>;
  /** Decrypts the account's secret. A wrong or missing key is a SecretKeyError. */
  credentials(id: string): Promise<AccountCredentials>;
}

export function accountRepository(ctx: RepoContext): AccountRepository {
  const { db } = ctx;
  const select = () => db.selectFrom('binance_accounts').selectAll();
  return {
    add: (a) =>
      ctx.run(`adding account ${a.name}`, async () => {
        if (ctx.keys.wouldCreateKeyFile()) await refuseNewKeyOverOldSecrets(ctx);
        const row: BinanceAccountsTable = {
          id: a.id ?? randomUUID(),
          name: a.name,
          api_key: a.apiKey,
          api_secret_enc: ctx.keys.encrypt(a.secret),
          key_type: a.keyType,
          sub_account_of: a.subAccountOf ?? null,
          enabled: a.enabled === false ? 0 : 1,
          wallets: a.wallets ? JSON.stringify(a.wallets) : null,
          fee_config: a.feeConfig ? JSON.stringify(a.feeConfig) : null,
          created_at: a.createdAt ?? Date.now(),
          base_url: a.baseUrl ?? null,
        };
        await db.insertInto('binance_accounts').values(row).execute();
        return toAccount(row);
      }),
    list: (opts) =>
      ctx.run('listing accounts', async () => {
        let q = select().orderBy('name');
        if (opts?.enabledOnly) q = q.where('enabled', '=', 1);
        return (await q.execute()).map(toAccount);
      }),
    get: (id) =>
      ctx.run(`reading account ${id}`, async () => {
        const row = await select().where('id', '=', id).executeTakeFirst();
        return row && toAccount(row);
      }),
    byName: (name) =>
      ctx.run(`reading account ${name}`, async () => {
        const row = await select().where('name', '=', name).executeTakeFirst();
        return row && toAccount(row);
      }),
    setEnabled: (id, enabled) =>
      ctx.run(`${enabled ? 'enabling' : 'disabling'} account ${id}`, async () => {
        await db
          .updateTable('binance_accounts')
          .set({ enabled: enabled ? 1 : 0 })
          .where('id', '=', id)
          .execute();
      }),
    remove: (id) =>
      ctx.run(`removing account ${id}`, async () => {
        const r = await db.deleteFrom('binance_accounts').where('id', '=', id).executeTakeFirst();
        return Number(r.numDeletedRows) > 0;
      }),
    updateWallets: (id, wallets) =>
      ctx.run(`saving wallets of account ${id}`, async () => {
        await db
          .updateTable('binance_accounts')
          .set({ wallets: JSON.stringify(wallets) })
          .where('id', '=', id)
          .execute();
      }),
    setFeeConfig: (id, fee) =>
      ctx.run(`saving fee settings of account ${id}`, async () => {
        await db
          .updateTable('binance_accounts')
          .set({ fee_config: fee ? JSON.stringify(fee) : null })
          .where('id', '=', id)
          .execute();
      }),
    setCredentials: (id, creds) =>
      ctx.run(`saving credentials of account ${id}`, async () => {
        if (ctx.keys.wouldCreateKeyFile()) await refuseNewKeyOverOldSecrets(ctx, id);
        await db
          .updateTable('binance_accounts')
          .set({
            api_key: creds.apiKey,
            api_secret_enc: ctx.keys.encrypt(creds.secret),
            key_type: creds.keyType,
          })
          .where('id', '=', id)
          .execute();
      }),
    setBaseUrl: (id, baseUrl) =>
      ctx.run(`saving the base URL of account ${id}`, async () => {
        await db.updateTable('binance_accounts').set({ base_url: baseUrl }).where('id', '=', id).execute();
      }),
    credentials: async (id) => {
      const row = await ctx.run(`reading credentials of account ${id}`, () =>
        db
          .selectFrom('binance_accounts')
          .select(['name', 'api_key', 'api_secret_enc', 'key_type'])
          .where('id', '=', id)
          .executeTakeFirst(),
      );
      if (!row) throw new Error(`account ${id} does not exist`);
      const secret = ctx.keys.decrypt(row.api_secret_enc, `account ${row.name}`);
      return { apiKey: row.api_key, secret, keyType: row.key_type };
    },
  };
}

/** A lost key file must not be silently replaced while other secrets encrypted with it remain. */
async function refuseNewKeyOverOldSecrets(ctx: RepoContext, replacing?: string): Promise<void> {
  let q = ctx.db.selectFrom('binance_accounts').select((eb) => eb.fn.countAll<number>().as('n'));
  // The account whose secret is being replaced no longer needs the old key.
  if (replacing !== undefined) q = q.where('id', '<>', replacing);
  const r = await q.executeTakeFirstOrThrow();
  if (Number(r.n) > 0) {
    const where = ctx.keys.source.kind === 'file' ? ` (${ctx.keys.source.path})` : '';
    throw new SecretKeyError(
      `the secret key file${where} is missing but ${r.n} account(s) hold secrets encrypted with it; restore it or set MONITOR_SECRET_KEY`,
    );
  }
}

function toAccount(r: BinanceAccountsTable): Account {
  return {
    id: r.id,
    name: r.name,
    apiKey: r.api_key,
    keyType: r.key_type,
    subAccountOf: r.sub_account_of,
    enabled: Number(r.enabled) === 1,
    wallets: parseJson(r.wallets, null),
    feeConfig: parseJson(r.fee_config, null),
    createdAt: Number(r.created_at),
    baseUrl: r.base_url ?? null,
  };
}
