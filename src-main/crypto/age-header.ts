// The age v1 text header: strict parse/serialize, the X25519 and scrypt stanzas that wrap the
// file key, and the header MAC. Parsing is canonical-only so the raw bytes are exactly what age MACs.
import crypto, { type KeyObject } from 'node:crypto';
import { LifeboatError } from '../../src-shared/errors';
import type { X25519Identity } from './age-keys';
import {
  FILE_KEY_SIZE,
  TAG_SIZE,
  constantTimeEqual,
  hkdf32,
  hmacSha256,
  openOnce,
  rawPublicKey,
  scryptAsync,
  sealOnce,
  x25519PublicKey,
  x25519Shared,
} from './age-primitives';

export const AGE_INTRO = 'age-encryption.org/v1\n';
const INTRO_BYTES = Buffer.from(AGE_INTRO, 'latin1');
const FOOTER_PREFIX = '---';
const COLUMNS = 64;
const X25519_LABEL = 'age-encryption.org/v1/X25519';
const SCRYPT_LABEL = Buffer.from('age-encryption.org/v1/scrypt', 'latin1');
const WRAPPED_KEY_SIZE = FILE_KEY_SIZE + TAG_SIZE;
const MAC_SIZE = 32;

/** Headers are a few hundred bytes; the cap stops a non-age stream from being buffered forever. */
export const MAX_HEADER_SIZE = 1024 * 1024;
export const DEFAULT_SCRYPT_WORK_FACTOR = 18;
/** Highest scrypt log2(N) we agree to compute when decrypting (2^22 needs 4 GiB): a DoS guard, as in age. */
export const MAX_SCRYPT_WORK_FACTOR = 22;

export interface Stanza {
  type: string;
  args: string[];
  body: Buffer;
}

export interface ParsedHeader {
  stanzas: Stanza[];
  /** Header bytes from the start through `---`, the exact input of the MAC. */
  macInput: Buffer;
  mac: Buffer;
  /** Total header length in bytes, including the MAC line's newline: where the payload starts. */
  length: number;
}

const CORRUPT_FIX =
  'The backup file was damaged (for example by an interrupted copy or a failing disk). Use another copy of this backup, such as a mirror, or a different backup.';

function corrupt(message: string, details?: Record<string, string | number | boolean>): LifeboatError {
  return new LifeboatError('DECRYPT_CORRUPT', message, details ? { fix: CORRUPT_FIX, details } : { fix: CORRUPT_FIX });
}

export function notAgeError(message: string): LifeboatError {
  return new LifeboatError('NOT_A_BACKUP', message, {
    fix: 'Choose a Lifeboat backup file (an age-encrypted file, usually ending in .age). If you picked the right file, it may have been overwritten by something else.',
  });
}

// ---- base64 as age uses it: standard alphabet, no padding, canonical only ----

const B64_CHARS = /^[A-Za-z0-9+/]*$/;

export function b64Encode(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64').replace(/=+$/, '');
}

/** Strict decode: Node's decoder silently skips junk and accepts non-zero trailing bits; age must not. */
export function b64DecodeStrict(s: string): Buffer | null {
  if (!B64_CHARS.test(s) || s.length % 4 === 1) return null;
  const bytes = Buffer.from(s, 'base64');
  return b64Encode(bytes) === s ? bytes : null;
}

// ---- serialization ----

function isArg(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

function serializeStanza(stanza: Stanza): string {
  const words = [stanza.type, ...stanza.args];
  if (!words.every(isArg)) throw new LifeboatError('INTERNAL', 'An age stanza argument is not printable ASCII.');
  const body = b64Encode(stanza.body);
  let text = `-> ${words.join(' ')}\n`;
  // Full lines of 64, then always a shorter final line (empty when the body fills the last line).
  for (let i = 0; i <= body.length; i += COLUMNS) text += `${body.slice(i, i + COLUMNS)}\n`;
  return text;
}

function headerMac(fileKey: Uint8Array, macInput: Uint8Array): Buffer {
  return hmacSha256(hkdf32(fileKey, Buffer.alloc(0), 'header'), macInput);
}

/** Serializes a complete header, MAC line included. */
export function buildHeader(stanzas: Stanza[], fileKey: Uint8Array): Buffer {
  if (stanzas.length === 0) throw new LifeboatError('INTERNAL', 'An age header needs at least one stanza.');
  const macInput = Buffer.from(AGE_INTRO + stanzas.map(serializeStanza).join('') + FOOTER_PREFIX, 'latin1');
  return Buffer.concat([macInput, Buffer.from(` ${b64Encode(headerMac(fileKey, macInput))}\n`, 'latin1')]);
}

export function verifyHeaderMac(header: ParsedHeader, fileKey: Uint8Array): boolean {
  return constantTimeEqual(headerMac(fileKey, header.macInput), header.mac);
}

// ---- parsing ----

/** Throws NOT_A_BACKUP as soon as the bytes seen so far cannot be the start of an age file. */
export function checkIntro(buf: Buffer): void {
  const n = Math.min(buf.length, INTRO_BYTES.length);
  if (buf.subarray(0, n).equals(INTRO_BYTES.subarray(0, n))) return;
  if (buf.subarray(0, 14).toString('latin1') === '-----BEGIN AGE') {
    throw notAgeError('The file is an ASCII-armored age file, which Lifeboat does not read. Lifeboat backups are binary age files.');
  }
  throw notAgeError('The file does not start with the age encryption header, so it is not an encrypted Lifeboat backup.');
}

function validateKnownStanza(stanza: Stanza, index: number): void {
  const where = { stanza: index + 1 };
  if (stanza.type === 'X25519') {
    const share = stanza.args.length === 1 ? b64DecodeStrict(stanza.args[0] ?? '') : null;
    if (!share || share.length !== 32 || stanza.body.length !== WRAPPED_KEY_SIZE) {
      throw corrupt('A public-key (X25519) entry in the backup header is malformed.', where);
    }
  } else if (stanza.type === 'scrypt') {
    const salt = stanza.args.length === 2 ? b64DecodeStrict(stanza.args[0] ?? '') : null;
    const logN = stanza.args[1] ?? '';
    if (!salt || salt.length !== 16 || !/^[1-9][0-9]*$/.test(logN) || stanza.body.length !== WRAPPED_KEY_SIZE) {
      throw corrupt('The passphrase (scrypt) entry in the backup header is malformed.', where);
    }
  }
}

/**
 * Parses a header from the start of `buf`. Returns null when `buf` ends before the header does
 * (read more and call again). Throws NOT_A_BACKUP if this is not an age file, DECRYPT_CORRUPT if
 * it is one whose header is damaged.
 */
export function parseHeader(buf: Buffer): ParsedHeader | null {
  checkIntro(buf);
  if (buf.length < INTRO_BYTES.length) return null;
  const limit = Math.min(buf.length, MAX_HEADER_SIZE);
  let pos = INTRO_BYTES.length;

  const nextLine = (): string | null => {
    const end = buf.indexOf(0x0a, pos);
    if (end === -1 || end >= limit) {
      if (buf.length >= MAX_HEADER_SIZE) throw corrupt(`The backup header is longer than ${MAX_HEADER_SIZE} bytes, so it is damaged.`);
      return null;
    }
    const line = buf.toString('latin1', pos, end);
    pos = end + 1;
    return line;
  };

  const stanzas: Stanza[] = [];
  for (;;) {
    const lineStart = pos;
    const line = nextLine();
    if (line === null) return null;
    if (line.startsWith(FOOTER_PREFIX)) {
      const parts = line.split(' ');
      const mac = parts.length === 2 && parts[0] === FOOTER_PREFIX ? b64DecodeStrict(parts[1] ?? '') : null;
      if (!mac || mac.length !== MAC_SIZE) throw corrupt('The backup header ends with a malformed MAC line.');
      if (stanzas.length === 0) throw corrupt('The backup header lists no keys at all.');
      stanzas.forEach(validateKnownStanza);
      if (stanzas.length > 1 && stanzas.some((s) => s.type === 'scrypt')) {
        throw corrupt('The backup header mixes a passphrase entry with other entries, which age forbids.');
      }
      return { stanzas, macInput: buf.subarray(0, lineStart + FOOTER_PREFIX.length), mac, length: pos };
    }
    if (!line.startsWith('-> ')) throw corrupt('The backup header contains a line that is neither a key entry nor the MAC.');
    const words = line.slice(3).split(' ');
    if (!words.every(isArg)) throw corrupt('A key entry in the backup header has malformed arguments.');
    let body = '';
    for (;;) {
      const bodyLine = nextLine();
      if (bodyLine === null) return null;
      if (bodyLine.length > COLUMNS || !B64_CHARS.test(bodyLine)) throw corrupt('A key entry body in the backup header is malformed.');
      body += bodyLine;
      if (bodyLine.length < COLUMNS) break;
    }
    const bodyBytes = b64DecodeStrict(body);
    if (!bodyBytes) throw corrupt('A key entry body in the backup header is not valid base64.');
    const [type, ...args] = words as [string, ...string[]];
    stanzas.push({ type, args, body: bodyBytes });
  }
}

// ---- X25519 stanza ----

function x25519WrapKey(shared: Uint8Array, share: Uint8Array, recipient: Uint8Array): Buffer {
  return hkdf32(shared, Buffer.concat([share, recipient]), X25519_LABEL);
}

export function wrapX25519(fileKey: Uint8Array, recipient: KeyObject): Stanza {
  const recipientBytes = rawPublicKey(recipient);
  const ephemeral = crypto.generateKeyPairSync('x25519');
  const share = rawPublicKey(ephemeral.publicKey);
  const shared = x25519Shared(ephemeral.privateKey, recipient);
  if (!shared) {
    throw new LifeboatError('KEY_INVALID', 'The public key is a degenerate X25519 point that cannot be encrypted to.', {
      fix: 'Use a public key generated by Lifeboat or age-keygen.',
    });
  }
  const wrapKey = x25519WrapKey(shared, share, recipientBytes);
  const body = sealOnce(wrapKey, fileKey);
  shared.fill(0);
  wrapKey.fill(0);
  return { type: 'X25519', args: [b64Encode(share)], body };
}

/**
 * Returns the file key if this stanza was made for this identity, else null. A degenerate
 * ephemeral share is a forged or damaged header, so it throws instead of being skipped.
 */
export function unwrapX25519(stanza: Stanza, identity: X25519Identity): Buffer | null {
  if (stanza.type !== 'X25519') return null;
  const share = b64DecodeStrict(stanza.args[0] ?? '');
  if (!share || share.length !== 32) throw corrupt('A public-key (X25519) entry in the backup header is malformed.');
  const shared = x25519Shared(identity.privateKey, x25519PublicKey(share));
  if (!shared) throw corrupt('A public-key (X25519) entry in the backup header holds an invalid point.');
  const wrapKey = x25519WrapKey(shared, share, identity.publicKey);
  shared.fill(0);
  const fileKey = openOnce(wrapKey, stanza.body);
  wrapKey.fill(0);
  return fileKey && fileKey.length === FILE_KEY_SIZE ? fileKey : null;
}

// ---- scrypt stanza ----

function scryptSalt(salt: Uint8Array): Buffer {
  return Buffer.concat([SCRYPT_LABEL, salt]);
}

export async function wrapScrypt(fileKey: Uint8Array, passphrase: string, logN: number): Promise<Stanza> {
  const salt = crypto.randomBytes(16);
  const key = await scryptAsync(Buffer.from(passphrase, 'utf8'), scryptSalt(salt), logN);
  const body = sealOnce(key, fileKey);
  key.fill(0);
  return { type: 'scrypt', args: [b64Encode(salt), String(logN)], body };
}

export function scryptWorkFactor(stanza: Stanza): number {
  return Number(stanza.args[1]);
}

/** Returns the file key, or null when the passphrase is wrong. Throws on a work factor above the guard. */
export async function unwrapScrypt(stanza: Stanza, passphrase: string): Promise<Buffer | null> {
  const salt = b64DecodeStrict(stanza.args[0] ?? '');
  const logN = scryptWorkFactor(stanza);
  if (!salt || salt.length !== 16 || !Number.isSafeInteger(logN) || logN < 1) {
    throw corrupt('The passphrase (scrypt) entry in the backup header is malformed.');
  }
  if (logN > MAX_SCRYPT_WORK_FACTOR) {
    throw new LifeboatError(
      'DECRYPT_CORRUPT',
      `The backup asks for a passphrase work factor of 2^${logN}, above the safety limit of 2^${MAX_SCRYPT_WORK_FACTOR}; computing it could exhaust this computer's memory, so Lifeboat refuses. Lifeboat never writes such files, so the header is damaged or was made by another tool.`,
      {
        fix: `If another tool made this file on purpose, re-encrypt it there with a work factor of ${MAX_SCRYPT_WORK_FACTOR} or less; otherwise use another copy of the backup.`,
        details: { workFactor: logN },
      },
    );
  }
  const key = await scryptAsync(Buffer.from(passphrase, 'utf8'), scryptSalt(salt), logN);
  const fileKey = openOnce(key, stanza.body);
  key.fill(0);
  return fileKey && fileKey.length === FILE_KEY_SIZE ? fileKey : null;
}
