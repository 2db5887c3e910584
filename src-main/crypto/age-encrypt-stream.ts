// Streaming age encryption as a Node Transform, built for the backup path's throughput: plaintext
// is staged in one reused 64 KiB buffer and sealed chunks leave in batches of up to 1 MiB.
import crypto, { type KeyObject } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { LifeboatError } from '../../src-shared/errors';
import { DEFAULT_SCRYPT_WORK_FACTOR, MAX_SCRYPT_WORK_FACTOR, type Stanza, buildHeader, wrapScrypt, wrapX25519 } from './age-header';
import { recipientPublicKey } from './age-keys';
import { CHUNK_SIZE, ChunkNonce, ENCRYPTED_CHUNK_SIZE, PAYLOAD_NONCE_SIZE, payloadKey, sealChunkInto } from './age-payload';
import { FILE_KEY_SIZE, TAG_SIZE } from './age-primitives';

export type AgeEncryptOptions = { recipients: string[] } | { passphrase: string; workFactor?: number };

/** Chunks sealed into one output Buffer at most (1 MiB): fewer, larger writes downstream, bounded latency. */
const BATCH_CHUNKS = 16;
const STREAM_HIGH_WATER_MARK = 1024 * 1024;
const EMPTY = Buffer.alloc(0);

function badInput(message: string, fix: string): LifeboatError {
  return new LifeboatError('BAD_INPUT', message, { fix });
}

/** What precedes the first chunk (header + payload nonce) and the key that seals the chunks. */
interface Prelude {
  bytes: Buffer;
  key: KeyObject;
}

function makePrelude(stanzas: Stanza[], fileKey: Buffer): Prelude {
  const nonce = crypto.randomBytes(PAYLOAD_NONCE_SIZE);
  const prelude = { bytes: Buffer.concat([buildHeader(stanzas, fileKey), nonce]), key: payloadKey(fileKey, nonce) };
  fileKey.fill(0);
  return prelude;
}

/** Validates options synchronously (bad keys throw at creation, not mid-stream) and starts the header. */
function preparePrelude(options: AgeEncryptOptions): Prelude | Promise<Prelude> {
  if (options === null || typeof options !== 'object') {
    throw badInput('Encryption options are missing.', 'Pass { recipients } or { passphrase }.');
  }
  if ('recipients' in options && 'passphrase' in options) {
    throw badInput('Both public keys and a passphrase were given; age files use one or the other.', 'Choose either public keys or a passphrase.');
  }
  if ('recipients' in options) {
    const list: unknown = options.recipients;
    if (!Array.isArray(list) || list.length === 0) {
      throw new LifeboatError('KEY_INVALID', 'No public key was given to encrypt to.', {
        fix: 'Add at least one public key (age1…), or use a passphrase instead.',
      });
    }
    const keys = list.map((r: unknown, i) => {
      try {
        return recipientPublicKey(typeof r === 'string' ? r : '');
      } catch (error) {
        if (error instanceof LifeboatError && list.length > 1) {
          throw new LifeboatError(error.code, `Public key #${i + 1}: ${error.message}`, { fix: error.fix, details: { index: i + 1 } });
        }
        throw error;
      }
    });
    const fileKey = crypto.randomBytes(FILE_KEY_SIZE);
    return makePrelude(
      keys.map((k) => wrapX25519(fileKey, k)),
      fileKey,
    );
  }
  if ('passphrase' in options) {
    const { passphrase, workFactor = DEFAULT_SCRYPT_WORK_FACTOR } = options;
    if (typeof passphrase !== 'string' || passphrase.length === 0) {
      throw new LifeboatError('KEY_INVALID', 'The passphrase is empty.', { fix: 'Choose a passphrase of several random words.' });
    }
    if (!Number.isInteger(workFactor) || workFactor < 1 || workFactor > MAX_SCRYPT_WORK_FACTOR) {
      throw badInput(
        `The passphrase work factor must be a whole number from 1 to ${MAX_SCRYPT_WORK_FACTOR}.`,
        `Use ${DEFAULT_SCRYPT_WORK_FACTOR}, the age default.`,
      );
    }
    const fileKey = crypto.randomBytes(FILE_KEY_SIZE);
    return wrapScrypt(fileKey, passphrase, workFactor).then((stanza) => makePrelude([stanza], fileKey));
  }
  throw badInput('Encryption options name neither public keys nor a passphrase.', 'Pass { recipients } or { passphrase }.');
}

class AgeEncryptStream extends Transform {
  #prelude: Prelude | null = null;
  #preludePromise: Promise<Prelude> | null = null;
  #headerSent = false;
  /** Plaintext not yet sealed: a full chunk stays here until more input proves it is not the last. */
  readonly #buf = Buffer.allocUnsafe(CHUNK_SIZE);
  #len = 0;
  readonly #nonce = new ChunkNonce();

  constructor(prelude: Prelude | Promise<Prelude>) {
    super({ writableHighWaterMark: STREAM_HIGH_WATER_MARK, readableHighWaterMark: STREAM_HIGH_WATER_MARK });
    if (prelude instanceof Promise) {
      this.#preludePromise = prelude;
      prelude.catch(() => undefined); // surfaced by the first transform/flush, not as an unhandled rejection
    } else {
      this.#prelude = prelude;
    }
  }

  #withPrelude(callback: TransformCallback, work: (prelude: Prelude) => void): void {
    const run = (prelude: Prelude): void => {
      try {
        work(prelude);
      } catch (error) {
        callback(error as Error);
        return;
      }
      callback();
    };
    if (this.#prelude) run(this.#prelude);
    else
      this.#preludePromise!.then(
        (prelude) => run((this.#prelude = prelude)),
        (error: Error) => callback(error),
      );
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#withPrelude(callback, (prelude) => this.#seal(prelude, chunk));
  }

  override _flush(callback: TransformCallback): void {
    this.#withPrelude(callback, (prelude) => {
      const header = this.#takeHeader(prelude);
      const out = Buffer.allocUnsafe(header.length + this.#len + TAG_SIZE);
      header.copy(out);
      sealChunkInto(prelude.key, this.#nonce.prepare(true), this.#buf.subarray(0, this.#len), out, header.length);
      this.#nonce.advance();
      this.#len = 0;
      this.push(out);
    });
  }

  #takeHeader(prelude: Prelude): Buffer {
    if (this.#headerSent) return EMPTY;
    this.#headerSent = true;
    return prelude.bytes;
  }

  #seal(prelude: Prelude, data: Buffer): void {
    let header = this.#takeHeader(prelude);
    const total = this.#len + data.length;
    // Seal only chunks that more plaintext follows; the rest (1..64 KiB) waits, since the final
    // chunk must carry the last flag and may be full-size.
    let toSeal = total > 0 ? Math.floor((total - 1) / CHUNK_SIZE) : 0;
    let off = 0;
    while (toSeal > 0) {
      const n = Math.min(toSeal, BATCH_CHUNKS);
      const out = Buffer.allocUnsafe(header.length + n * ENCRYPTED_CHUNK_SIZE);
      let o = header.copy(out);
      header = EMPTY;
      for (let i = 0; i < n; i++) {
        let plaintext: Buffer;
        if (this.#len > 0) {
          const take = CHUNK_SIZE - this.#len;
          data.copy(this.#buf, this.#len, off, off + take);
          off += take;
          this.#len = 0;
          plaintext = this.#buf;
        } else {
          plaintext = data.subarray(off, off + CHUNK_SIZE);
          off += CHUNK_SIZE;
        }
        o += sealChunkInto(prelude.key, this.#nonce.prepare(false), plaintext, out, o);
        this.#nonce.advance();
      }
      this.push(out);
      toSeal -= n;
    }
    if (header.length > 0) this.push(header);
    // The caller may reuse its buffer after the callback, so the tail is copied, not referenced.
    this.#len += data.copy(this.#buf, this.#len, off);
  }
}

/** A Transform that turns plaintext into an age file. Throws KEY_INVALID/BAD_INPUT at once for bad options. */
export function createEncryptStream(options: AgeEncryptOptions): Transform {
  return new AgeEncryptStream(preparePrelude(options));
}
