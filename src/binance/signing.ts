import { createHmac, createPrivateKey, type KeyObject, sign } from 'node:crypto';

export type KeyType = 'hmac' | 'ed25519';

/** Turns a payload (query string + body) into the `signature` parameter value, already URL-safe. */
export type Signer = (payload: string) => string;

export function hmacSignature(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

export function ed25519Signature(privateKey: KeyObject, payload: string): string {
  return sign(null, Buffer.from(payload), privateKey).toString('base64');
}

/** Builds the signer once per client so a PEM key is parsed (and validated) only at construction. */
export function createSigner(keyType: KeyType, secret: string): Signer {
  if (keyType === 'hmac') return (payload) => hmacSignature(secret, payload);
  const privateKey = loadEd25519Key(secret);
  // base64 has '+', '/' and '=': percent-encode so the query string carries it intact.
  return (payload) => encodeURIComponent(ed25519Signature(privateKey, payload));
}

function loadEd25519Key(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    // The PEM itself must never reach an error message.
    throw new Error('Ed25519 secret is not a PKCS#8 PEM private key');
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(`Ed25519 secret holds a ${key.asymmetricKeyType ?? 'unknown'} key, not an ed25519 key`);
  }
  return key;
}
