// age X25519 key strings: identities (AGE-SECRET-KEY-1…) and recipients (age1…), bech32-encoded
// exactly as age-keygen writes them, so keys move freely between Lifeboat and the age CLI.
import crypto, { type KeyObject } from 'node:crypto';
import { bech32 } from '@scure/base';
import { LifeboatError } from '../../src-shared/errors';
import { rawPublicKey, x25519PrivateKey, x25519PublicKey } from './age-primitives';

const IDENTITY_HRP = 'AGE-SECRET-KEY-';
const RECIPIENT_HRP = 'age';
// age keys are 62 (recipient) and 74 (identity) characters; @scure/base defaults to BIP-173's 90,
// which fits, but the limit is explicit so a library default change cannot break parsing.
const BECH32_LIMIT = 100;

/** A parsed identity: what unwrapping needs, with the secret held only inside a KeyObject. */
export interface X25519Identity {
  privateKey: KeyObject;
  publicKey: Buffer;
}

const IDENTITY_FIX = 'Use the secret key line that starts with AGE-SECRET-KEY-1 from the key file Lifeboat or age-keygen created.';
const RECIPIENT_FIX = 'Use a public key that starts with age1, for example the "# public key:" line of an age-keygen key file.';

function keyInvalid(message: string, fix: string): LifeboatError {
  return new LifeboatError('KEY_INVALID', message, { fix });
}

/** Decodes bech32 to bytes, or returns a reason; never echoes the input, which may be secret. */
function decodeBech32(s: string, hrp: string): Uint8Array | string {
  let decoded: { prefix: string; words: number[] };
  try {
    decoded = bech32.decode(s as `${string}1${string}`, BECH32_LIMIT);
  } catch {
    return 'its checksum or characters are wrong (a character was probably mistyped or cut off)';
  }
  if (decoded.prefix !== hrp.toLowerCase()) return `it does not start with ${hrp}1`;
  let bytes: Uint8Array;
  try {
    bytes = bech32.fromWords(decoded.words);
  } catch {
    return 'its data is malformed';
  }
  if (bytes.length !== 32) return `it holds ${bytes.length} bytes instead of 32`;
  return bytes;
}

function encodeBech32(hrp: string, bytes: Uint8Array): string {
  return bech32.encode(hrp, bech32.toWords(bytes), BECH32_LIMIT);
}

/** Returns the 32-byte X25519 public key of an `age1…` recipient; throws KEY_INVALID otherwise. */
export function parseRecipient(s: string): Buffer {
  const text = typeof s === 'string' ? s.trim() : '';
  if (text === '') throw keyInvalid('The public key is empty.', RECIPIENT_FIX);
  if (text.toUpperCase().startsWith(IDENTITY_HRP)) {
    throw keyInvalid(
      'A secret key (AGE-SECRET-KEY-1…) was given where a public key (age1…) is expected.',
      'Give the public key instead, and keep the secret key private: anyone holding it can read your backups.',
    );
  }
  if (!text.startsWith('age1')) {
    throw keyInvalid('The public key is not an age public key: it must start with age1 (lowercase).', RECIPIENT_FIX);
  }
  if (text !== text.toLowerCase()) throw keyInvalid('The public key mixes upper and lower case letters.', RECIPIENT_FIX);
  const bytes = decodeBech32(text, RECIPIENT_HRP);
  if (typeof bytes === 'string') throw keyInvalid(`The public key is not valid: ${bytes}.`, RECIPIENT_FIX);
  return Buffer.from(bytes);
}

/** Returns the raw 32-byte X25519 secret of an identity; throws KEY_INVALID otherwise. */
function parseIdentitySecret(s: string): Buffer {
  const text = typeof s === 'string' ? s.trim() : '';
  if (text === '') throw keyInvalid('The secret key is empty.', IDENTITY_FIX);
  if (text.startsWith('age1')) {
    throw keyInvalid('A public key (age1…) was given where a secret key (AGE-SECRET-KEY-1…) is needed.', IDENTITY_FIX);
  }
  if (text.toUpperCase().startsWith('AGE-SECRET-KEY-PQ-1')) {
    throw keyInvalid('Post-quantum age secret keys (AGE-SECRET-KEY-PQ-1…) are not supported.', IDENTITY_FIX);
  }
  if (!text.startsWith('AGE-SECRET-KEY-1')) {
    throw keyInvalid('The secret key is not an age secret key: it must start with AGE-SECRET-KEY-1 (uppercase).', IDENTITY_FIX);
  }
  if (text !== text.toUpperCase()) throw keyInvalid('The secret key mixes upper and lower case letters.', IDENTITY_FIX);
  const bytes = decodeBech32(text, IDENTITY_HRP);
  if (typeof bytes === 'string') throw keyInvalid(`The secret key is not valid: ${bytes}.`, IDENTITY_FIX);
  return Buffer.from(bytes);
}

/** Parses an identity into the form the decryptor uses; throws KEY_INVALID. */
export function parseIdentity(s: string): X25519Identity {
  const secret = parseIdentitySecret(s);
  try {
    const privateKey = x25519PrivateKey(secret);
    return { privateKey, publicKey: rawPublicKey(crypto.createPublicKey(privateKey)) };
  } finally {
    secret.fill(0);
  }
}

/** Builds the KeyObject for a recipient, for the encryptor. */
export function recipientPublicKey(recipient: string): KeyObject {
  return x25519PublicKey(parseRecipient(recipient));
}

export function generateIdentity(): { identity: string; recipient: string } {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('x25519');
  const secret = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(-32);
  const identity = encodeBech32(IDENTITY_HRP, secret).toUpperCase();
  secret.fill(0);
  return { identity, recipient: encodeBech32(RECIPIENT_HRP, rawPublicKey(publicKey)) };
}

export function recipientFromIdentity(identity: string): string {
  return encodeBech32(RECIPIENT_HRP, parseIdentity(identity).publicKey);
}

export function isRecipient(s: string): boolean {
  try {
    parseRecipient(s);
    return true;
  } catch {
    return false;
  }
}

export function isIdentity(s: string): boolean {
  try {
    parseIdentitySecret(s).fill(0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads an age identity file: one AGE-SECRET-KEY-1… per line, `#` comments and blank lines
 * ignored (age-keygen writes `# created:` and `# public key:` comments). Returns the identity
 * strings; throws KEY_INVALID naming the bad line number but never its content.
 */
export function parseIdentities(text: string): string[] {
  const identities: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line === '' || line.startsWith('#')) continue;
    try {
      parseIdentitySecret(line).fill(0);
    } catch (error) {
      const reason = error instanceof LifeboatError ? error.message : 'it is not a secret key';
      throw new LifeboatError('KEY_INVALID', `Line ${i + 1} of the key file is not a valid secret key. ${reason}`, {
        fix: 'Each non-comment line of a key file must be a secret key starting with AGE-SECRET-KEY-1. Check that the right file was chosen and that it was not edited.',
        details: { line: i + 1 },
      });
    }
    identities.push(line);
  }
  if (identities.length === 0) {
    throw keyInvalid('The key file contains no secret key (no line starting with AGE-SECRET-KEY-1).', IDENTITY_FIX);
  }
  return identities;
}
