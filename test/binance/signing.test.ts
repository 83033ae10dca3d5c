import assert from 'node:assert/strict';
import { generateKeyPairSync, verify } from 'node:crypto';
import { test } from 'node:test';
import { createSigner, hmacSignature } from '../../src/binance/signing.ts';

const PAYLOAD =
  'symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559';

test('HMAC-SHA256 matches Binance documented test vector', () => {
  const secret = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
  assert.equal(
    hmacSignature(secret, PAYLOAD),
    'c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71',
  );
  assert.equal(
    createSigner('hmac', secret)(PAYLOAD),
    'c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71',
  );
});

test('Ed25519 signature is base64, percent-encoded, and verifies with the public key', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const encoded = createSigner('ed25519', pem)(PAYLOAD);
  assert.doesNotMatch(encoded, /[+/=]/, 'base64 specials must be percent-encoded');
  const signature = Buffer.from(decodeURIComponent(encoded), 'base64');
  assert.equal(signature.length, 64);
  assert.ok(verify(null, Buffer.from(PAYLOAD), publicKey, signature));
  assert.ok(!verify(null, Buffer.from(`${PAYLOAD}0`), publicKey, signature));
});

test('a secret that is not an Ed25519 PKCS#8 PEM is refused without echoing it', () => {
  const secret = 'not-a-pem-secret-value-12345';
  assert.throws(
    () => createSigner('ed25519', secret),
    (error: Error) => !error.message.includes(secret) && /PKCS#8/.test(error.message),
  );
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ecPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  assert.throws(() => createSigner('ed25519', ecPem), /not an ed25519 key/);
});
