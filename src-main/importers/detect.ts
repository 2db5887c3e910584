// Recognises a backup file (or one decoded layer of it) by its first bytes, never by its name:
// offices rename files, and `.enc` alone says nothing about the cipher. Layers nest
// (Fernet → gzip → SQL, openssl → gzip → custom archive), so this is asked again for every
// layer's output until a payload (SQL text or a pg_dump archive) is reached.
import { LifeboatError } from '../../src-shared/errors';

/** Formats that wrap another format and are peeled off. */
export type LayerKind = 'gzip' | 'zstd' | 'openssl-enc' | 'openssl-base64' | 'fernet' | 'gpg' | 'age';
/** What pg_restore or psql finally reads. */
export type PayloadKind = 'sql' | 'pg-custom' | 'pg-tar';
/** Recognised, named, but not readable here: the error says what to do instead. */
export type UnsupportedKind = 'bzip2' | 'xz' | 'zip' | 'lz4' | 'pg-cluster-sql' | 'armored-gpg-public';

export type Detection =
  | { kind: LayerKind; role: 'layer'; name: string; detail?: GpgPacketInfo }
  | { kind: PayloadKind; role: 'payload'; name: string }
  | { kind: UnsupportedKind; role: 'unsupported'; name: string; fix: string }
  | { kind: 'unknown'; role: 'unknown'; name: string; seen: string };

export interface GpgPacketInfo {
  /** 'symmetric': a passphrase opens it (gpg --symmetric); 'public-key': a secret key in a keyring does. */
  encryption: 'symmetric' | 'public-key' | 'unknown';
  armored: boolean;
}

/** How many bytes detection wants to see (tar's magic sits at offset 257). */
export const DETECT_BYTES = 512;

export const FORMAT_NAMES: Record<LayerKind | PayloadKind, string> = {
  gzip: 'gzip',
  zstd: 'zstd',
  'openssl-enc': 'OpenSSL enc (Salted__)',
  'openssl-base64': 'base64 text of an OpenSSL enc file (openssl enc -a)',
  fernet: 'Fernet token (Python cryptography)',
  gpg: 'OpenPGP (GnuPG) encrypted data',
  age: 'age (Lifeboat backup)',
  sql: 'plain SQL (pg_dump -Fp)',
  'pg-custom': 'PostgreSQL custom archive (pg_dump -Fc)',
  'pg-tar': 'PostgreSQL tar archive (pg_dump -Ft)',
};

const SQL_START = /^(--|\/\*|\\(restrict|connect|set|encoding)\b|(SET|CREATE|INSERT|BEGIN|START|SELECT|COPY|ALTER|DROP|COMMENT|GRANT|REVOKE|DO|UPDATE|DELETE|TRUNCATE|WITH|VALUES|CALL|LOCK|ANALYZE|VACUUM|REFRESH|SECURITY)\b)/i;
const BASE64URL = /^[A-Za-z0-9_-]+={0,2}\s*$/;

export function detectFormat(head: Buffer): Detection {
  const ascii = head.toString('latin1');
  if (ascii.startsWith('age-encryption.org/v1\n') || ascii.startsWith('-----BEGIN AGE ENCRYPTED FILE-----')) {
    return { kind: 'age', role: 'layer', name: FORMAT_NAMES.age };
  }
  if (head.length >= 3 && head[0] === 0x1f && head[1] === 0x8b && head[2] === 0x08) return { kind: 'gzip', role: 'layer', name: FORMAT_NAMES.gzip };
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return { kind: 'zstd', role: 'layer', name: FORMAT_NAMES.zstd };
  if (ascii.startsWith('PGDMP')) return { kind: 'pg-custom', role: 'payload', name: FORMAT_NAMES['pg-custom'] };
  if (ascii.startsWith('Salted__')) return { kind: 'openssl-enc', role: 'layer', name: FORMAT_NAMES['openssl-enc'] };
  // "Salted__" in base64 is "U2FsdGVkX1"; openssl enc -a wraps lines at 64 characters.
  if (ascii.startsWith('U2FsdGVkX1')) return { kind: 'openssl-base64', role: 'layer', name: FORMAT_NAMES['openssl-base64'] };
  // Version byte 0x80 and the high bytes of a 64-bit timestamp: base64url "gAAAAA".
  if (ascii.startsWith('gAAAAA') && BASE64URL.test(ascii.slice(0, Math.min(ascii.length, 400)).split(/\s/)[0] ?? '')) {
    return { kind: 'fernet', role: 'layer', name: FORMAT_NAMES.fernet };
  }
  if (ascii.startsWith('-----BEGIN PGP MESSAGE-----')) {
    return { kind: 'gpg', role: 'layer', name: `${FORMAT_NAMES.gpg}, ASCII-armored`, detail: { encryption: 'unknown', armored: true } };
  }
  const pgp = openPgpStart(head);
  if (pgp) return { kind: 'gpg', role: 'layer', name: `${FORMAT_NAMES.gpg}, ${pgp === 'symmetric' ? 'passphrase (gpg --symmetric)' : 'public key (gpg --encrypt)'}`, detail: { encryption: pgp, armored: false } };
  if (ascii.startsWith('BZh') && /[1-9]/.test(ascii[3] ?? '')) return unsupported('bzip2', 'bzip2', 'Decompress it first (bunzip2 FILE), then import the result.');
  if (head.length >= 6 && head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return unsupported('xz', 'xz', 'Decompress it first (unxz FILE), then import the result.');
  if (ascii.startsWith('PK\x03\x04')) return unsupported('zip', 'a zip archive', 'Unpack it first and import the .sql, .dump or .gz file inside.');
  if (head.length >= 4 && head.readUInt32LE(0) === 0x184d2204) return unsupported('lz4', 'lz4', 'Decompress it first (lz4 -d FILE), then import the result.');
  if (head.length >= 263 && ascii.slice(257, 262) === 'ustar') {
    // pg_dump -Ft starts with toc.dat, itself a custom-format header.
    if (ascii.slice(0, 7) === 'toc.dat' || ascii.slice(512, 517) === 'PGDMP') return { kind: 'pg-tar', role: 'payload', name: FORMAT_NAMES['pg-tar'] };
    return unsupported('zip', 'a tar archive that pg_dump did not write', 'Unpack it first and import the backup file inside.');
  }
  const text = sqlText(head);
  if (text !== undefined) {
    if (/^--\s*\n--\s*PostgreSQL database cluster dump/.test(text)) {
      return unsupported('pg-cluster-sql', 'a pg_dumpall file (the whole server: roles and every database)', 'Lifeboat restores one database into a new database; restore a pg_dumpall file with psql by hand, or dump each database with pg_dump.');
    }
    return { kind: 'sql', role: 'payload', name: FORMAT_NAMES.sql };
  }
  return { kind: 'unknown', role: 'unknown', name: 'unknown', seen: describeBytes(head) };
}

function unsupported(kind: UnsupportedKind, name: string, fix: string): Detection {
  return { kind, role: 'unsupported', name, fix };
}

/** SQL text: valid UTF-8 (or Latin-1) without control bytes, starting with a comment, a statement or a psql command. */
function sqlText(head: Buffer): string | undefined {
  let start = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) start = 3;
  const sample = head.subarray(start);
  if (sample.length === 0) return undefined;
  for (const byte of sample) {
    if (byte === 0 || (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c)) return undefined;
  }
  const text = sample.toString('utf8');
  return SQL_START.test(text.trimStart()) ? text.trimStart() : undefined;
}

/**
 * An OpenPGP message starts with a session-key packet: tag 3 (symmetric, gpg --symmetric) or
 * tag 1 (public key), in the old (10TTTTLL) or new (11TTTTTT) header format, followed by a
 * version byte the tag allows. That is specific enough not to match SQL, gzip or random text.
 */
function openPgpStart(head: Buffer): 'symmetric' | 'public-key' | undefined {
  const first = head[0];
  if (first === undefined || (first & 0x80) === 0) return undefined;
  let tag: number;
  let bodyAt: number;
  if (first & 0x40) {
    tag = first & 0x3f;
    const len = head[1];
    if (len === undefined) return undefined;
    bodyAt = len < 192 ? 2 : len < 224 ? 3 : len === 255 ? 6 : 2;
  } else {
    tag = (first >> 2) & 0x0f;
    const lengthType = first & 0x03;
    bodyAt = lengthType === 0 ? 2 : lengthType === 1 ? 3 : lengthType === 2 ? 5 : 1;
  }
  const version = head[bodyAt];
  if (tag === 3 && (version === 4 || version === 5 || version === 6)) {
    const cipher = head[bodyAt + 1];
    return cipher !== undefined && cipher >= 1 && cipher <= 13 ? 'symmetric' : undefined;
  }
  if (tag === 1 && (version === 3 || version === 6)) return 'public-key';
  return undefined;
}

/** "1f 8b 00 … ("…")": what the first bytes were, for an error message. */
export function describeBytes(head: Buffer): string {
  if (head.length === 0) return 'an empty file';
  const first = head.subarray(0, 16);
  const hex = [...first].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  const printable = first.toString('latin1').replace(/[^\x20-\x7e]/g, '.');
  const textLike = [...head.subarray(0, 256)].every((b) => b >= 0x20 || b === 0x09 || b === 0x0a || b === 0x0d);
  const firstLine = head.toString('utf8').split('\n')[0]?.slice(0, 60) ?? '';
  return textLike ? `text starting with "${maskTokens(firstLine)}"` : `bytes ${hex} ("${maskTokens(printable)}")`;
}

/**
 * Error messages end up in logs and the audit log, and the file opened by mistake may be a key
 * (an age identity, a Fernet key, a password file): any run that looks like a key or a token
 * (16+ letters, digits, + / = _ -) is replaced by "…", so no secret is ever echoed back.
 */
export function maskTokens(text: string): string {
  return text.replace(/[A-Za-z0-9+/=_-]{16,}/g, '…');
}

/** The error for a layer or payload this importer cannot read. */
export function unreadableError(label: string, detection: Detection, insideOf: string[]): LifeboatError {
  const where = insideOf.length > 0 ? ` after ${insideOf.join(' → ')}` : '';
  if (detection.role === 'unsupported') {
    return new LifeboatError('NOT_A_BACKUP', `${label} is ${detection.name}${where}, which Lifeboat cannot read directly.`, { fix: detection.fix });
  }
  const seen = detection.role === 'unknown' ? detection.seen : detection.name;
  return new LifeboatError('NOT_A_BACKUP', `${label} is not a format Lifeboat recognises${where}: it holds ${seen}.`, {
    fix: 'Lifeboat reads pg_dump files (plain SQL, custom, tar), gzip or zstd compressed, encrypted with openssl enc -aes-256-cbc, Fernet, GnuPG or age. If it was encrypted with openssl enc -nosalt or another tool, decrypt it first.',
    details: { seen },
  });
}
