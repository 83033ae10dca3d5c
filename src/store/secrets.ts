/**
 * API secrets at rest: AES-256-GCM with a random 12-byte IV, stored as a versioned envelope
 *   v1.<key id>.<iv b64>.<tag b64>.<ciphertext b64>
 * The key id (first 8 hex digits of SHA-256 of the key) tells "wrong key" apart from "damaged data".
 * Keys come from MONITOR_SECRET_KEY (base64 or hex, 32 bytes) or, for the embedded database only, from a key
 * file beside it created with mode 0600.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { SecretKeyError } from './errors.ts';

const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;

export function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/** Parses a 32-byte key given as base64 or hex text; never echoes the text in errors. */
export function parseKey(text: string, origin: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== KEY_BYTES || (!/^[0-9a-fA-F]{64}$/.test(t) && !/^[A-Za-z0-9+/=_-]+$/.test(t))) {
    throw new SecretKeyError(`${origin} is not a 32-byte key in base64 or hex`);
  }
  return key;
}

export function generateKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

export function encryptSecret(key: Buffer, plain: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, keyId(key), iv.toString('base64'), tag.toString('base64'), body.toString('base64')].join(
    '.',
  );
}

export function decryptSecret(key: Buffer, envelope: string, what: string): string {
  const parts = envelope.split('.');
  if (parts.length !== 5 || parts[0] !== VERSION) {
    throw new SecretKeyError(`${what}: stored secret is not a ${VERSION} envelope`);
  }
  const [, kid, iv, tag, body] = parts as [string, string, string, string, string];
  if (kid !== keyId(key)) {
    throw new SecretKeyError(
      `${what}: the secret was encrypted with key ${kid}, but the configured key is ${keyId(key)} (wrong MONITOR_SECRET_KEY or key file?)`,
    );
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretKeyError(`${what}: stored secret failed authentication (damaged data)`);
  }
}

/** Where the key of an embedded database lives: data/monitor.db -> data/monitor.key. */
export function keyFilePath(dbPath: string): string {
  return join(dirname(dbPath), `${basename(dbPath, extname(dbPath))}.key`);
}

/** Writes a key file atomically with mode 0600 (temp file, then rename). */
export function writeKeyFile(path: string, key: Buffer): void {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, `${key.toString('base64')}\n`);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** Where a rotation parks the new key until its transaction has committed. */
export function pendingKeyFilePath(path: string): string {
  return `${path}.new`;
}

/**
 * A rotation parks the new key beside the old one, commits, then renames it over the old one. If the process
 * died between commit and rename, the parked key is the right one when a stored secret carries its id.
 */
function recoverParkedKey(path: string, wantedKeyId: string): Buffer | undefined {
  const parked = pendingKeyFilePath(path);
  if (!existsSync(parked)) return undefined;
  const key = parseKey(readFileSync(parked, 'utf8'), `key file ${parked}`);
  if (keyId(key) !== wantedKeyId) return undefined;
  renameSync(parked, path);
  return key;
}

function envelopeKeyId(envelope: string): string | undefined {
  return envelope.split('.')[1];
}

/** Creates a key file only if none exists; when two processes race, the first one's key wins. */
function createKeyFileOnce(path: string): void {
  const key = generateKey();
  try {
    const fd = openSync(path, 'wx', 0o600);
    try {
      writeSync(fd, `${key.toString('base64')}\n`);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

export type KeySource = { kind: 'env' } | { kind: 'file'; path: string } | { kind: 'none'; reason: string };

/**
 * The store's secret key, resolved lazily: the dashboard never needs it, and a store whose accounts were
 * added elsewhere must not create a fresh (wrong) key file just by being opened. A key file is read at each
 * use, not cached: after `bpm secrets rotate` in another process, a running scheduler or worker decrypts and
 * encrypts with the new key without a restart.
 */
export class SecretKeyring {
  #key: Buffer | undefined;
  readonly source: KeySource;

  constructor(source: KeySource, key?: Buffer) {
    this.source = source;
    this.#key = key;
  }

  static fromOptions(secretKey: string | undefined, dbPath: string | undefined): SecretKeyring {
    if (secretKey !== undefined)
      return new SecretKeyring({ kind: 'env' }, parseKey(secretKey, 'MONITOR_SECRET_KEY'));
    if (dbPath === undefined) {
      return new SecretKeyring({
        kind: 'none',
        reason:
          'MONITOR_SECRET_KEY is required with PostgreSQL (32 bytes, base64 or hex) to store or read API secrets',
      });
    }
    if (dbPath === ':memory:') return new SecretKeyring({ kind: 'env' }, generateKey());
    return new SecretKeyring({ kind: 'file', path: keyFilePath(dbPath) });
  }

  /** Whether encrypting now would create a new key file (the caller checks no secret needs the old one). */
  wouldCreateKeyFile(): boolean {
    return !this.#key && this.source.kind === 'file' && !existsSync(this.source.path);
  }

  /** The key for decrypting: never created here, a missing key is an error. */
  keyForReading(): Buffer {
    if (this.#key) return this.#key;
    if (this.source.kind === 'none') throw new SecretKeyError(this.source.reason);
    if (this.source.kind === 'file') {
      if (!existsSync(this.source.path)) {
        throw new SecretKeyError(
          `secret key file ${this.source.path} is missing; set MONITOR_SECRET_KEY or restore it`,
        );
      }
      return parseKey(readFileSync(this.source.path, 'utf8'), `key file ${this.source.path}`);
    }
    throw new SecretKeyError('no secret key configured');
  }

  /** The key for encrypting: the embedded database's key file is created on first use. */
  keyForWriting(): Buffer {
    if (!this.#key && this.source.kind === 'file' && !existsSync(this.source.path)) {
      createKeyFileOnce(this.source.path);
    }
    return this.keyForReading();
  }

  encrypt(plain: string): string {
    return encryptSecret(this.keyForWriting(), plain);
  }

  decrypt(envelope: string, what: string): string {
    const wanted = envelopeKeyId(envelope);
    if (this.source.kind === 'file' && !this.#key && wanted && wanted !== this.#keyIdIfAny()) {
      recoverParkedKey(this.source.path, wanted);
    }
    return decryptSecret(this.keyForReading(), envelope, what);
  }

  #keyIdIfAny(): string | undefined {
    try {
      return keyId(this.keyForReading());
    } catch {
      return undefined;
    }
  }

  /** After a rotation: a MONITOR_SECRET_KEY store uses the new key from now on (a key file already holds it). */
  replaceKey(key: Buffer): void {
    if (this.source.kind !== 'file') this.#key = key;
  }
}
