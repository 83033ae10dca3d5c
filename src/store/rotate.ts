/**
 * Re-encrypting every stored API secret under a new key, in one transaction: a failure anywhere (a secret the
 * current key cannot open, a lost connection) leaves every row, and the key file, as they were.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { sql } from 'kysely';
import { SecretKeyError } from './errors.ts';
import type { Store } from './index.ts';
import { decryptSecret, encryptSecret, keyId, pendingKeyFilePath, writeKeyFile } from './secrets.ts';

export interface RotationResult {
  accounts: number;
  oldKeyId: string | null;
  newKeyId: string;
  /** The key file now holding the new key, when the store keeps its key in a file. */
  keyFile: string | null;
}

export async function rotateSecretKey(store: Store, newKey: Buffer): Promise<RotationResult> {
  const count = await store.db
    .selectFrom('binance_accounts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const oldKey = Number(count.n) > 0 ? store.keys.keyForReading() : null;
  if (oldKey && keyId(oldKey) === keyId(newKey)) throw new SecretKeyError('the new key is the current key');
  const source = store.keys.source;
  const keyFile = source.kind === 'file' ? source.path : null;
  const parked = keyFile ? pendingKeyFilePath(keyFile) : null;
  if (parked) {
    rmSync(parked, { force: true });
    writeKeyFile(parked, newKey);
  }
  let accounts: number;
  try {
    accounts = await store.transaction(async (tx) => {
      // No account may be added or re-keyed with the old key while its rows are re-encrypted. SQLite's
      // BEGIN IMMEDIATE already excludes other writers; PostgreSQL needs the table lock (transaction-scoped,
      // so safe through a transaction-mode pooler).
      if (tx.dialect === 'postgres') {
        await sql`LOCK TABLE binance_accounts IN SHARE ROW EXCLUSIVE MODE`.execute(tx.db);
      }
      const rows = await tx.db
        .selectFrom('binance_accounts')
        .select(['id', 'name', 'api_secret_enc'])
        .orderBy('name')
        .execute();
      for (const row of rows) {
        if (!oldKey) throw new SecretKeyError('accounts appeared during rotation; run it again');
        const plain = decryptSecret(oldKey, row.api_secret_enc, `account ${row.name}`);
        await tx.db
          .updateTable('binance_accounts')
          .set({ api_secret_enc: encryptSecret(newKey, plain) })
          .where('id', '=', row.id)
          .execute();
      }
      return rows.length;
    }, 're-encrypting API secrets');
  } catch (err) {
    if (parked) rmSync(parked, { force: true });
    throw err;
  }
  if (keyFile && parked && existsSync(parked)) renameSync(parked, keyFile);
  store.keys.replaceKey(newKey);
  return { accounts, oldKeyId: oldKey ? keyId(oldKey) : null, newKeyId: keyId(newKey), keyFile };
}
