import { existsSync, readFileSync } from 'node:fs';
import { SecretKeyError } from '../../store/errors.ts';
import { openStore, type Store } from '../../store/index.ts';
import { rotateSecretKey } from '../../store/rotate.ts';
import { generateKey, keyId, parseKey, writeKeyFile } from '../../store/secrets.ts';
import { type Command, STORE_OPTIONS, stringOption, UsageError } from '../command.ts';
import { commandStoreOptions } from './db.ts';

export const command: Command = {
  name: 'secrets',
  summary: 'Re-encrypt stored API secrets with a new key',
  usage: [
    'bpm secrets rotate generate            (embedded store with its key file: a new random key replaces it)',
    'bpm secrets rotate --new-key-file F    (the key in F, or a new random key written to F when F does not exist)',
    'bpm secrets check',
  ],
  description: [
    'API secrets are stored encrypted (AES-256-GCM). The key is MONITOR_SECRET_KEY (32 bytes, base64 or hex) or,',
    'for the embedded database, the key file beside it (data/monitor.key). `rotate` re-encrypts every secret in',
    'one transaction: if anything fails, nothing changes. With MONITOR_SECRET_KEY set, rotate needs',
    '--new-key-file, and MONITOR_SECRET_KEY must then be set to the new key before the next start.',
    '`check` decrypts every secret with the current key and reports which cannot be opened.',
  ].join('\n'),
  subcommands: {
    rotate: 'Re-encrypt every API secret with a new key',
    check: 'Verify that the current key opens every stored secret',
  },
  options: {
    'new-key-file': { type: 'string', placeholder: 'FILE', description: 'The new key (created when absent)' },
    ...STORE_OPTIONS,
  },
  allowPositionals: true,
  async run(ctx) {
    const [sub, ...rest] = ctx.positionals;
    const store = await openStore(commandStoreOptions(ctx));
    try {
      if (sub === 'check') {
        if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
        return await check(store, ctx.stdout);
      }
      const newKeyFile = stringOption(ctx.values, 'new-key-file');
      const generate = rest[0] === 'generate';
      if (rest.length > (generate ? 1 : 0)) throw new UsageError(`unexpected argument "${rest.at(-1)}"`);
      if (generate === (newKeyFile !== undefined)) {
        throw new UsageError('give exactly one of `generate` or --new-key-file FILE');
      }
      if (generate && store.keys.source.kind !== 'file') {
        throw new UsageError(
          'with MONITOR_SECRET_KEY set, use --new-key-file FILE so the new key is saved somewhere',
        );
      }
      const newKey = newKeyFile ? keyFromFile(newKeyFile) : generateKey();
      const result = await rotateSecretKey(store, newKey);
      ctx.stdout.write(
        `re-encrypted ${result.accounts} secret(s): key ${result.oldKeyId ?? '-'} -> ${result.newKeyId}\n`,
      );
      if (result.keyFile) ctx.stdout.write(`the key file ${result.keyFile} now holds the new key\n`);
      else ctx.stdout.write(`set MONITOR_SECRET_KEY to the key in ${newKeyFile} before the next start\n`);
      return 0;
    } finally {
      await store.close();
    }
  },
};

/** Reads the new key from FILE, or creates FILE (mode 0600) with a fresh random key. */
function keyFromFile(path: string): Buffer {
  if (existsSync(path)) return parseKey(readFileSync(path, 'utf8'), `key file ${path}`);
  const key = generateKey();
  writeKeyFile(path, key);
  return key;
}

async function check(store: Store, out: NodeJS.WritableStream): Promise<number> {
  const accounts = await store.accounts.list();
  let bad = 0;
  for (const a of accounts) {
    try {
      await store.accounts.credentials(a.id);
    } catch (err) {
      if (!(err instanceof SecretKeyError)) throw err;
      bad++;
      out.write(`${a.name}: ${err.message}\n`);
    }
  }
  const kid = accounts.length > 0 && bad < accounts.length ? keyId(store.keys.keyForReading()) : null;
  out.write(
    `${accounts.length - bad} of ${accounts.length} secret(s) open with the current key${kid ? ` (${kid})` : ''}\n`,
  );
  return bad === 0 ? 0 : 1;
}
