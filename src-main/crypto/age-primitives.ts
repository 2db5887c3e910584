// Thin wrappers over node:crypto for the handful of primitives age uses, so the format code
// reads like the spec and raw 32-byte X25519 keys never leak DER details elsewhere.
import crypto, { type KeyObject } from 'node:crypto';

export const FILE_KEY_SIZE = 16;
export const TAG_SIZE = 16;

// DER wrappers for raw X25519 keys (RFC 8410): node:crypto only imports keys in container formats.
const PKCS8_X25519_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_X25519_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');

export function hkdf32(ikm: Uint8Array, salt: Uint8Array, info: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', ikm, salt, info, 32));
}

export function hmacSha256(key: Uint8Array, data: Uint8Array): Buffer {
  return crypto.createHmac('sha256', key).update(data).digest();
}

export function x25519PrivateKey(secret: Uint8Array): KeyObject {
  return crypto.createPrivateKey({ key: Buffer.concat([PKCS8_X25519_PREFIX, secret]), format: 'der', type: 'pkcs8' });
}

export function x25519PublicKey(raw: Uint8Array): KeyObject {
  return crypto.createPublicKey({ key: Buffer.concat([SPKI_X25519_PREFIX, raw]), format: 'der', type: 'spki' });
}

export function rawPublicKey(key: KeyObject): Buffer {
  return key.export({ format: 'der', type: 'spki' }).subarray(SPKI_X25519_PREFIX.length);
}

/**
 * X25519(secret, public), or null when the result is all zeros: a low-order public point would
 * make the shared secret predictable, so age forbids it. OpenSSL already refuses, this is belt
 * and braces in case a build does not.
 */
export function x25519Shared(privateKey: KeyObject, publicKey: KeyObject): Buffer | null {
  let shared: Buffer;
  try {
    shared = crypto.diffieHellman({ privateKey, publicKey });
  } catch {
    return null;
  }
  return shared.every((b) => b === 0) ? null : shared;
}

const ZERO_NONCE = Buffer.alloc(12);

/** ChaCha20-Poly1305 with a zero nonce: safe in age because every wrapping key is used once. */
export function sealOnce(key: Uint8Array, plaintext: Uint8Array): Buffer {
  const cipher = crypto.createCipheriv('chacha20-poly1305', key, ZERO_NONCE, { authTagLength: TAG_SIZE });
  return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

/** Opens a sealOnce box; null when the tag does not verify (wrong key or altered bytes). */
export function openOnce(key: Uint8Array, sealed: Uint8Array): Buffer | null {
  if (sealed.length < TAG_SIZE) return null;
  const body = sealed.subarray(0, sealed.length - TAG_SIZE);
  const decipher = crypto.createDecipheriv('chacha20-poly1305', key, ZERO_NONCE, { authTagLength: TAG_SIZE });
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_SIZE));
  const plain = decipher.update(body);
  try {
    decipher.final();
  } catch {
    plain.fill(0);
    return null;
  }
  return plain;
}

/** scrypt off the main thread; maxmem is sized to the request because Node's default caps N at 2^14. */
export function scryptAsync(password: Uint8Array, salt: Uint8Array, logN: number): Promise<Buffer> {
  const N = 2 ** logN;
  const r = 8;
  const p = 1;
  const maxmem = 128 * r * (N + 2 + p) + 1024 * 1024;
  return new Promise((resolve, reject) => {
    crypto.scrypt(password, salt, 32, { N, r, p, maxmem }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}
