import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { SecretKeyError } from '../../src/store/errors.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { rotateSecretKey } from '../../src/store/rotate.ts';
import { decryptSecret, encryptSecret, generateKey, keyId, parseKey } from '../../src/store/secrets.ts';
import { tempDir, testStores } from '../helpers/stores.ts';

const PEM = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIHx9\n-----END PRIVATE KEY-----\n';

async function envelopes(store: Store): Promise<Record<string, string>> {
  const rows = await store.db.selectFrom('binance_accounts').select(['name', 'api_secret_enc']).execute();
  return Object.fromEntries(rows.map((r) => [r.name, r.api_secret_enc]));
}

test('envelope: versioned, random IV, authenticated; the wrong key is named as such', () => {
  const key = generateKey();
  const a = encryptSecret(key, 'hunter2');
  const b = encryptSecret(key, 'hunter2');
  assert.notEqual(a, b, 'a fresh IV every time');
  assert.match(a, new RegExp(`^v1\\.${keyId(key)}\\.`));
  assert.equal(a.includes('hunter2'), false);
  assert.equal(decryptSecret(key, a, 'account alpha'), 'hunter2');
  assert.throws(
    () => decryptSecret(generateKey(), a, 'account alpha'),
    /account alpha: the secret was encrypted with key/,
  );
  const parts = a.split('.');
  parts[4] = Buffer.from('tampered').toString('base64');
  assert.throws(() => decryptSecret(key, parts.join('.'), 'account alpha'), /failed authentication/);
  assert.throws(
    () => parseKey('too-short', 'MONITOR_SECRET_KEY'),
    (e: Error) => {
      assert.ok(e instanceof SecretKeyError);
      assert.equal(e.message.includes('too-short'), false, 'never echoes the key text');
      return true;
    },
  );
  assert.equal(parseKey(key.toString('hex'), 'x').equals(key), true);
});

test('embedded store: key file created with mode 0600 beside the database on first secret, reused after', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const dbPath = join(dir, 'monitor.db');
    const keyFile = join(dir, 'monitor.key');
    let store = await openStore({ dbPath });
    assert.equal(existsSync(keyFile), false, 'opening alone creates no key');
    await store.accounts.add({ name: 'alpha', apiKey: 'k', secret: PEM, keyType: 'ed25519' });
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    const raw = await envelopes(store);
    assert.equal(raw.alpha!.includes('PRIVATE'), false, 'encrypted at rest');
    await store.close();

    store = await openStore({ dbPath });
    const id = (await store.accounts.byName('alpha'))!.id;
    assert.equal((await store.accounts.credentials(id)).secret, PEM);
    await store.close();

    // A different key: a clear error, nothing changed.
    store = await openStore({ dbPath, secretKey: generateKey().toString('base64') });
    await assert.rejects(store.accounts.credentials(id), (e: Error) => {
      assert.ok(e instanceof SecretKeyError);
      assert.match(
        e.message,
        /account alpha: the secret was encrypted with key [0-9a-f]{8}, but the configured key is/,
      );
      return true;
    });
    assert.deepEqual(await envelopes(store), raw);
    await store.close();

    // The key file lost: reading says so, and adding an account does not mint a new key over the old secrets.
    const saved = readFileSync(keyFile);
    rmSync(keyFile);
    store = await openStore({ dbPath });
    await assert.rejects(store.accounts.credentials(id), /secret key file .*monitor\.key is missing/);
    await assert.rejects(
      store.accounts.add({ name: 'beta', apiKey: 'k', secret: 's', keyType: 'hmac' }),
      /key file .* is missing but 1 account\(s\) hold secrets/,
    );
    assert.equal(existsSync(keyFile), false);
    assert.deepEqual(await envelopes(store), raw);
    await store.close();
    assert.equal(saved.length > 0, true);
  } finally {
    cleanup();
  }
});

test('embedded store, key file lost: replacing one account’s credentials does not mint a key over another’s', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const dbPath = join(dir, 'monitor.db');
    const keyFile = join(dir, 'monitor.key');
    let store = await openStore({ dbPath });
    const alpha = await store.accounts.add({ name: 'alpha', apiKey: 'ka', secret: 'sa', keyType: 'hmac' });
    const beta = await store.accounts.add({ name: 'beta', apiKey: 'kb', secret: 'sb', keyType: 'hmac' });
    const raw = await envelopes(store);
    await store.close();
    rmSync(keyFile);

    store = await openStore({ dbPath });
    await assert.rejects(
      store.accounts.setCredentials(alpha.id, { apiKey: 'ka2', secret: 'sa2', keyType: 'hmac' }),
      (e: Error) =>
        e instanceof SecretKeyError && /is missing but 1 account\(s\) hold secrets/.test(e.message),
    );
    assert.equal(existsSync(keyFile), false, 'no new key file');
    assert.deepEqual(await envelopes(store), raw, 'nothing changed');
    assert.equal((await store.accounts.get(alpha.id))?.apiKey, 'ka');

    // With only that account left, its new secret may start a new key.
    await store.accounts.remove(beta.id);
    await store.accounts.setCredentials(alpha.id, { apiKey: 'ka2', secret: 'sa2', keyType: 'hmac' });
    assert.equal((await store.accounts.credentials(alpha.id)).secret, 'sa2');
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    await store.close();
  } finally {
    cleanup();
  }
});

test('embedded store: a process that is already running follows a rotation made by another one', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const dbPath = join(dir, 'monitor.db');
    // Two stores with their own keyrings, as the scheduler and `bpm secrets rotate` would have.
    const running = await openStore({ dbPath });
    const alpha = await running.accounts.add({ name: 'alpha', apiKey: 'k', secret: 'sa', keyType: 'hmac' });
    assert.equal((await running.accounts.credentials(alpha.id)).secret, 'sa');
    const rotating = await openStore({ dbPath });
    const newKey = generateKey();
    await rotateSecretKey(rotating, newKey);
    await rotating.close();

    assert.equal((await running.accounts.credentials(alpha.id)).secret, 'sa', 'reads with the new key');
    const beta = await running.accounts.add({ name: 'beta', apiKey: 'k', secret: 'sb', keyType: 'hmac' });
    assert.match((await envelopes(running)).beta!, new RegExp(`^v1\\.${keyId(newKey)}\\.`), 'writes too');
    assert.equal((await running.accounts.credentials(beta.id)).secret, 'sb');
    await running.close();
  } finally {
    cleanup();
  }
});

test('PostgreSQL without MONITOR_SECRET_KEY: a clear error when a secret is needed', async (t) => {
  const direct = process.env.TEST_DATABASE_URL;
  if (!direct) {
    t.skip('TEST_DATABASE_URL not set');
    return;
  }
  const pgStore = testStores().find((s) => s.name === 'postgres')!;
  const store = await pgStore.open({ secretKey: undefined });
  try {
    await assert.rejects(
      store.accounts.add({ name: 'alpha', apiKey: 'k', secret: 's', keyType: 'hmac' }),
      /MONITOR_SECRET_KEY is required with PostgreSQL/,
    );
    assert.deepEqual(await store.accounts.list(), []);
  } finally {
    await store.close();
  }
});

for (const backend of testStores()) {
  describe(`secret rotation on ${backend.name}`, () => {
    test('rotate re-encrypts every secret; the new key opens them, the old one no longer does', async () => {
      const store = await backend.open();
      try {
        for (const name of ['alpha', 'beta', 'gamma']) {
          await store.accounts.add({
            name,
            apiKey: `${name}-key`,
            secret: `${name}-secret`,
            keyType: 'hmac',
          });
        }
        const before = await envelopes(store);
        const newKey = generateKey();
        const result = await rotateSecretKey(store, newKey);
        assert.equal(result.accounts, 3);
        assert.equal(result.newKeyId, keyId(newKey));
        const after = await envelopes(store);
        for (const name of ['alpha', 'beta', 'gamma']) {
          assert.notEqual(after[name], before[name]);
          assert.equal(decryptSecret(newKey, after[name]!, name), `${name}-secret`);
          const id = (await store.accounts.byName(name))!.id;
          assert.equal((await store.accounts.credentials(id)).secret, `${name}-secret`);
        }
        if (result.keyFile) {
          assert.equal(parseKey(readFileSync(result.keyFile, 'utf8'), 'f').equals(newKey), true);
          assert.equal(statSync(result.keyFile).mode & 0o777, 0o600);
        }
      } finally {
        await store.close();
      }
    });

    test('a failure midway changes nothing: rows and key file as before', async () => {
      const store = await backend.open();
      try {
        for (const name of ['alpha', 'beta', 'gamma']) {
          await store.accounts.add({
            name,
            apiKey: `${name}-key`,
            secret: `${name}-secret`,
            keyType: 'hmac',
          });
        }
        // beta's envelope is damaged: alpha (first by name) is re-encrypted before the failure is met.
        const damaged = (await envelopes(store)).beta!.replace(/\.[^.]+$/, '.AAAA');
        await store.db
          .updateTable('binance_accounts')
          .set({ api_secret_enc: damaged })
          .where('name', '=', 'beta')
          .execute();
        const before = await envelopes(store);
        const keyFile = store.keys.source.kind === 'file' ? store.keys.source.path : null;
        const keyBefore = keyFile ? readFileSync(keyFile, 'utf8') : null;
        await assert.rejects(
          rotateSecretKey(store, generateKey()),
          /account beta: stored secret failed authentication/,
        );
        assert.deepEqual(await envelopes(store), before);
        if (keyFile) {
          assert.equal(readFileSync(keyFile, 'utf8'), keyBefore);
          assert.equal(existsSync(`${keyFile}.new`), false);
        }
        const alphaId = (await store.accounts.byName('alpha'))!.id;
        assert.equal(
          (await store.accounts.credentials(alphaId)).secret,
          'alpha-secret',
          'old key still opens them',
        );
      } finally {
        await store.close();
      }
    });

    test('rotating with the wrong current key fails before touching anything', async () => {
      const store = await backend.open();
      try {
        await store.accounts.add({ name: 'alpha', apiKey: 'k', secret: 's', keyType: 'hmac' });
        const before = await envelopes(store);
        const other = await openStore(
          store.dialect === 'sqlite'
            ? { dbPath: store.location, secretKey: generateKey().toString('base64') }
            : { databaseUrl: store.location, secretKey: generateKey().toString('base64') },
        );
        try {
          await assert.rejects(rotateSecretKey(other, generateKey()), SecretKeyError);
        } finally {
          await other.close();
        }
        assert.deepEqual(await envelopes(store), before);
      } finally {
        await store.close();
      }
    });
  });
}

test('a rotation interrupted between commit and key-file rename is finished on the next read', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const dbPath = join(dir, 'monitor.db');
    const keyFile = join(dir, 'monitor.key');
    let store = await openStore({ dbPath });
    const id = (
      await store.accounts.add({ name: 'alpha', apiKey: 'k', secret: 'alpha-secret', keyType: 'hmac' })
    ).id;
    // What rotate leaves behind if the process dies right after its commit: rows under the new key, the new
    // key parked beside the old file.
    const newKey = generateKey();
    await store.db
      .updateTable('binance_accounts')
      .set({ api_secret_enc: encryptSecret(newKey, 'alpha-secret') })
      .execute();
    writeFileSync(`${keyFile}.new`, `${newKey.toString('base64')}\n`, { mode: 0o600 });
    await store.close();

    store = await openStore({ dbPath });
    try {
      assert.equal((await store.accounts.credentials(id)).secret, 'alpha-secret');
      assert.equal(parseKey(readFileSync(keyFile, 'utf8'), 'f').equals(newKey), true);
      assert.equal(existsSync(`${keyFile}.new`), false);
    } finally {
      await store.close();
    }
  } finally {
    cleanup();
  }
});
