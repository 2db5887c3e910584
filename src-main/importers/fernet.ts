// Fernet tokens (Python `cryptography`, used by backup.py scripts with ENCRYPTION_KEY):
//   base64url( 0x80 | timestamp (8 bytes, big-endian seconds) | IV (16) | AES-128-CBC ciphertext | HMAC-SHA256 (32) )
// The key is base64url of 32 bytes: the first 16 sign, the last 16 encrypt.
//
// The HMAC covers the whole token and sits at its end, and nothing may be decrypted before it
// is verified. Rather than holding the token in memory (Python's Fernet does; a 4 GB backup
// would need 4 GB of RAM), the file is read twice: a first pass only verifies the HMAC, the
// second decrypts while computing the HMAC again, and fails at the end if the file changed in
// between. So there is no size limit; the cost is reading the file twice.
import { createDecipheriv, createHmac, timingSafeEqual, type Decipher, type Hmac } from 'node:crypto';
import { Transform, Writable, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { LifeboatError } from '../../src-shared/errors';
import { Base64Decode } from './base64-stream';
import { transformStage, type Stage } from './streams';

const VERSION = 0x80;
const PREFIX = 1 + 8 + 16;
const MAC = 32;

export interface FernetKey {
  signing: Buffer;
  encryption: Buffer;
}

export function parseFernetKey(text: string): FernetKey {
  const trimmed = text.trim();
  const raw = /^[A-Za-z0-9_\-+/]+={0,2}$/.test(trimmed) ? Buffer.from(trimmed, 'base64') : Buffer.alloc(0);
  if (raw.length !== 32) {
    throw new LifeboatError('KEY_INVALID', 'The Fernet key is not valid: it must be 32 bytes in URL-safe base64 (44 characters ending in "=", as Fernet.generate_key() prints).', {
      fix: 'Give the ENCRYPTION_KEY value the backup script used, unchanged.',
    });
  }
  return { signing: raw.subarray(0, 16), encryption: raw.subarray(16) };
}

/** Splits the decoded token into prefix, body and the trailing HMAC, holding back the last 32 bytes. */
abstract class TokenReader extends Transform {
  protected prefix: Buffer | undefined;
  private head = Buffer.alloc(0);
  private tail = Buffer.alloc(0);
  protected readonly hmac: Hmac;

  constructor(protected readonly key: FernetKey, protected readonly label: string) {
    super({ highWaterMark: 1024 * 1024 });
    this.hmac = createHmac('sha256', key.signing);
  }

  protected abstract onPrefix(prefix: Buffer): void;
  protected abstract onBody(body: Buffer): Buffer | undefined;
  protected abstract onEnd(macOk: boolean): Buffer | undefined;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      let data = chunk;
      if (!this.prefix) {
        this.head = Buffer.concat([this.head, data]);
        if (this.head.length < PREFIX) return done();
        this.prefix = this.head.subarray(0, PREFIX);
        if (this.prefix[0] !== VERSION) throw damaged(this.label, `its version byte is 0x${this.prefix[0]!.toString(16)}, not 0x80`);
        this.hmac.update(this.prefix);
        this.onPrefix(this.prefix);
        data = this.head.subarray(PREFIX);
        this.head = Buffer.alloc(0);
      }
      const all = this.tail.length > 0 ? Buffer.concat([this.tail, data]) : data;
      if (all.length <= MAC) {
        this.tail = Buffer.from(all);
        return done();
      }
      const body = all.subarray(0, all.length - MAC);
      this.tail = Buffer.from(all.subarray(all.length - MAC));
      this.hmac.update(body);
      const out = this.onBody(body);
      done(null, out && out.length > 0 ? out : undefined);
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      if (!this.prefix || this.tail.length < MAC) throw damaged(this.label, 'it is too short to be a Fernet token (truncated?)');
      const expected = this.hmac.digest();
      const out = this.onEnd(timingSafeEqual(expected, this.tail));
      done(null, out && out.length > 0 ? out : undefined);
    } catch (error) {
      done(error as Error);
    }
  }
}

/** First pass: verifies the HMAC, outputs nothing. */
class FernetVerifier extends TokenReader {
  timestamp: Date | undefined;
  bodyBytes = 0;
  protected onPrefix(prefix: Buffer): void {
    this.timestamp = new Date(Number(prefix.readBigUInt64BE(1)) * 1000);
  }
  protected onBody(body: Buffer): undefined {
    this.bodyBytes += body.length;
    return undefined;
  }
  protected onEnd(macOk: boolean): undefined {
    if (!macOk) throw wrongKey(this.label);
    if (this.bodyBytes === 0 || this.bodyBytes % 16 !== 0) throw damaged(this.label, 'its ciphertext is not whole AES blocks');
    return undefined;
  }
}

/** Second pass: decrypts, and checks the HMAC again at the end. */
class FernetDecrypter extends TokenReader {
  private decipher: Decipher | undefined;
  protected onPrefix(prefix: Buffer): void {
    this.decipher = createDecipheriv('aes-128-cbc', this.key.encryption, prefix.subarray(9, 25));
  }
  protected onBody(body: Buffer): Buffer {
    return this.decipher!.update(body);
  }
  protected onEnd(macOk: boolean): Buffer {
    if (!macOk) throw new LifeboatError('HASH_MISMATCH', `${this.label} changed while it was being read: its Fernet HMAC was correct on the first reading and is not now.`, { fix: 'Make sure nothing writes to the file, then try again.' });
    try {
      return this.decipher!.final();
    } catch (error) {
      throw damaged(this.label, `its padding is invalid (${(error as Error).message})`);
    }
  }
}

export interface FernetLayer {
  stage: Stage;
  /** When the token was made (its embedded timestamp). */
  timestamp: Date | undefined;
}

/**
 * `input` is this layer's data for the decrypting pass; `reopen` gives the same data again
 * from the start for the verifying pass that must come first.
 */
export async function fernetStage(input: Readable, reopen: () => Promise<Readable>, fernetKey: string | undefined, label: string): Promise<FernetLayer> {
  if (!fernetKey) {
    input.destroy();
    throw new LifeboatError('DECRYPT_NO_KEY', `${label} is encrypted with Fernet; its key is needed to read it.`, {
      fix: 'Put the key (the ENCRYPTION_KEY of the backup script) in an environment variable and pass its name: --fernet-key-env VAR.',
    });
  }
  let key: FernetKey;
  try {
    key = parseFernetKey(fernetKey);
  } catch (error) {
    input.destroy();
    throw error;
  }
  const verifier = new FernetVerifier(key, label);
  try {
    await pipeline(await reopen(), new Base64Decode(`Fernet token in ${label}`), verifier, new Writable({ write: (_c, _e, next) => next() }));
  } catch (error) {
    input.destroy();
    throw error;
  }
  const stage = transformStage(input, [new Base64Decode(`Fernet token in ${label}`), new FernetDecrypter(key, label)], (error) => {
    if (error instanceof LifeboatError) return error;
    return damaged(label, (error as Error).message);
  });
  return { stage, timestamp: verifier.timestamp };
}

function wrongKey(label: string): LifeboatError {
  return new LifeboatError('DECRYPT_WRONG_KEY', `The Fernet key does not open ${label}: the token's HMAC does not match. Either it is not the key this file was encrypted with, or the file is damaged (Fernet cannot tell the two apart). Nothing was decrypted.`, {
    fix: 'Check the key (ENCRYPTION_KEY of the backup script at the time this file was made); if it is right, use another copy of the file.',
  });
}

function damaged(label: string, why: string): LifeboatError {
  return new LifeboatError('HASH_MISMATCH', `${label} is not a valid Fernet token: ${why}.`, { fix: 'The file is damaged or truncated; use another copy.' });
}
