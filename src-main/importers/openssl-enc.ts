// Files written by `openssl enc -aes-256-cbc -pbkdf2 -pass …`: "Salted__", an 8-byte salt, then
// AES-256-CBC with PKCS#7 padding. Key and IV come from the passphrase: PBKDF2-HMAC-SHA256 with
// 10,000 iterations when -pbkdf2 was given (OpenSSL's default count), or the legacy
// EVP_BytesToKey (one round of SHA-256 since OpenSSL 1.1, MD5 before) when it was not — some
// runbooks forget -pbkdf2.
//
// CBC carries no authentication, so a wrong passphrase would normally show only as bad padding
// at the very end. Instead the first kilobyte is decrypted with each candidate key and must be
// a format we know (gzip, SQL text, a pg_dump archive …): a wrong passphrase fails before any
// database is created. Bad padding at the end then means the file is damaged or truncated.
import { createDecipheriv, createHash, pbkdf2Sync } from 'node:crypto';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { LifeboatError } from '../../src-shared/errors';
import { detectFormat } from './detect';
import { peek, transformStage, type Stage } from './streams';

const HEADER = 16; // "Salted__" + salt
const PROBE = 1024;

interface Kdf {
  name: string;
  derive(passphrase: Buffer, salt: Buffer): { key: Buffer; iv: Buffer };
}

function split(material: Buffer): { key: Buffer; iv: Buffer } {
  return { key: material.subarray(0, 32), iv: material.subarray(32, 48) };
}

function pbkdf2(iterations: number): Kdf {
  return {
    name: iterations === 10_000 ? 'openssl enc -aes-256-cbc -pbkdf2' : `openssl enc -aes-256-cbc -pbkdf2 -iter ${iterations}`,
    derive: (passphrase, salt) => split(pbkdf2Sync(passphrase, salt, iterations, 48, 'sha256')),
  };
}

function bytesToKey(md: 'sha256' | 'md5'): Kdf {
  return {
    name: `openssl enc -aes-256-cbc without -pbkdf2 (legacy key derivation, ${md === 'sha256' ? 'SHA-256' : 'MD5, OpenSSL 1.0 or older'})`,
    derive: (passphrase, salt) => {
      const out: Buffer[] = [];
      let previous = Buffer.alloc(0);
      let length = 0;
      while (length < 48) {
        previous = createHash(md).update(previous).update(passphrase).update(salt).digest();
        out.push(previous);
        length += previous.length;
      }
      return split(Buffer.concat(out));
    },
  };
}

/** In the order tried: the runbooks' -pbkdf2 first, then what openssl did without it. */
const KDFS: readonly Kdf[] = [pbkdf2(10_000), bytesToKey('sha256'), bytesToKey('md5'), pbkdf2(100_000)];

export interface OpensslLayer {
  stage: Stage;
  /** Which key derivation opened it, e.g. "openssl enc -aes-256-cbc -pbkdf2". */
  variant: string;
}

export async function opensslStage(input: Readable, passphrase: string | undefined, label: string): Promise<OpensslLayer> {
  if (!passphrase) {
    throw new LifeboatError('DECRYPT_NO_KEY', `${label} is encrypted with openssl enc; a passphrase is needed to read it.`, {
      fix: 'Put the passphrase in an environment variable and pass its name: --passphrase-env VAR (the runbooks call it BACKUP_ENCRYPT_PASSPHRASE or similar).',
    });
  }
  const { head, stream, whole } = await peek(input, HEADER + PROBE);
  if (head.length < HEADER + 16 || (whole && (head.length - HEADER) % 16 !== 0)) {
    stream.destroy();
    throw new LifeboatError('HASH_MISMATCH', `${label} is truncated: an openssl enc file holds whole 16-byte blocks after its 16-byte header, this one has ${head.length} bytes.`, {
      fix: 'Use another copy of this file.',
    });
  }
  const salt = head.subarray(8, HEADER);
  const body = head.subarray(HEADER);
  const probeLength = Math.min(body.length - (body.length % 16), PROBE);
  const secret = Buffer.from(passphrase, 'utf8');
  const chosen = KDFS.map((kdf) => ({ kdf, ...kdf.derive(secret, salt) })).find(({ key, iv }) => startsWithKnownFormat(body.subarray(0, probeLength), key, iv, whole));
  if (!chosen) {
    stream.destroy();
    throw new LifeboatError('DECRYPT_WRONG_KEY', `The passphrase does not open ${label} (openssl enc -aes-256-cbc): with it, the start of the file decrypts to noise. It is the wrong passphrase, or the file is damaged at its start, or it was encrypted with other options (another cipher, -md or -iter).`, {
      fix: 'Check the passphrase (the BACKUP_ENCRYPT_PASSPHRASE, or whatever the runbook called it, at the time this file was made).',
    });
  }
  const decipher = createDecipheriv('aes-256-cbc', chosen.key, chosen.iv);
  const stage = transformStage(stream, [new SkipBytes(HEADER), decipher], (error) => explainOpensslError(error, label));
  return { stage, variant: chosen.kdf.name };
}

function startsWithKnownFormat(ciphertext: Buffer, key: Buffer, iv: Buffer, whole: boolean): boolean {
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, iv);
    let plain: Buffer;
    if (whole) {
      plain = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    } else {
      decipher.setAutoPadding(false);
      plain = decipher.update(ciphertext);
    }
    return detectFormat(plain).role !== 'unknown';
  } catch {
    return false; // bad padding on a file small enough to check it whole
  }
}

function explainOpensslError(error: unknown, label: string): LifeboatError {
  if (error instanceof LifeboatError) return error;
  const message = (error as Error).message ?? String(error);
  if (/bad decrypt|wrong final block length/i.test(message)) {
    return new LifeboatError('HASH_MISMATCH', `${label} decrypted correctly at its start but not at its end (bad padding in the last block): the file is truncated or damaged. openssl enc (CBC) has no integrity check of its own, so this is all it can tell.`, {
      fix: 'Use another copy of this file. (If every copy fails the same way, the passphrase may be wrong after all.)',
      cause: error,
    });
  }
  return new LifeboatError('HASH_MISMATCH', `${label} could not be decrypted (openssl enc): ${message}.`, { fix: 'Use another copy of this file.', cause: error });
}

/** Drops the first `count` bytes (the "Salted__" header). */
class SkipBytes extends Transform {
  constructor(private remaining: number) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.remaining === 0) return done(null, chunk);
    if (chunk.length <= this.remaining) {
      this.remaining -= chunk.length;
      return done();
    }
    const rest = chunk.subarray(this.remaining);
    this.remaining = 0;
    done(null, rest);
  }
}
