// Streaming age decryption as a Node Transform for the restore path: reads the header however the
// input is split, then opens chunks in place where possible and emits only verified plaintext.
import type { KeyObject } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { LifeboatError } from '../../src-shared/errors';
import { AGE_INTRO, type ParsedHeader, notAgeError, parseHeader } from './age-header';
import { ChunkNonce, ENCRYPTED_CHUNK_SIZE, PAYLOAD_NONCE_SIZE, openChunk, payloadKey } from './age-payload';
import { TAG_SIZE } from './age-primitives';
import { type AgeDecryptOptions, type DecryptKeys, prepareDecryptKeys, unwrapFileKey } from './age-unwrap';

const STREAM_HIGH_WATER_MARK = 1024 * 1024;
const EMPTY = Buffer.alloc(0);
const CORRUPT_FIX = 'The backup file was damaged or cut short. Use another copy of this backup, such as a mirror, or a different backup.';

function corrupt(message: string, details?: Record<string, string | number | boolean>): LifeboatError {
  return new LifeboatError('DECRYPT_CORRUPT', message, details ? { fix: CORRUPT_FIX, details } : { fix: CORRUPT_FIX });
}

class AgeDecryptStream extends Transform {
  readonly #keys: DecryptKeys;
  /** Input bytes seen before the payload starts (header and payload nonce), possibly over many writes. */
  #head: Buffer = EMPTY;
  #header: ParsedHeader | null = null;
  #fileKey: Buffer | null = null;
  #key: KeyObject | null = null;
  /** Ciphertext of the chunk in progress; a full one waits until more input proves it is not the last. */
  readonly #stage = Buffer.allocUnsafe(ENCRYPTED_CHUNK_SIZE);
  #stageLen = 0;
  readonly #nonce = new ChunkNonce();

  constructor(keys: DecryptKeys) {
    super({ writableHighWaterMark: STREAM_HIGH_WATER_MARK, readableHighWaterMark: STREAM_HIGH_WATER_MARK });
    this.#keys = keys;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.#key) {
      try {
        this.#decrypt(this.#key, chunk);
      } catch (error) {
        callback(error as Error);
        return;
      }
      callback();
      return;
    }
    this.#readHead(chunk).then(() => callback(), callback);
  }

  async #readHead(data: Buffer): Promise<void> {
    this.#head = this.#head.length === 0 ? data : Buffer.concat([this.#head, data]);
    if (!this.#header) {
      const header = parseHeader(this.#head);
      if (!header) return;
      this.#header = header;
      this.#fileKey = await unwrapFileKey(header, this.#keys);
    }
    const start = this.#header.length;
    if (this.#head.length < start + PAYLOAD_NONCE_SIZE || !this.#fileKey) return;
    const key = payloadKey(this.#fileKey, this.#head.subarray(start, start + PAYLOAD_NONCE_SIZE));
    this.#fileKey.fill(0);
    this.#fileKey = null;
    this.#key = key;
    const rest = this.#head.subarray(start + PAYLOAD_NONCE_SIZE);
    this.#head = EMPTY;
    this.#decrypt(key, rest);
  }

  #decrypt(key: KeyObject, data: Buffer): void {
    if (data.length === 0) return;
    let off = 0;
    if (this.#stageLen > 0) {
      const take = Math.min(ENCRYPTED_CHUNK_SIZE - this.#stageLen, data.length);
      data.copy(this.#stage, this.#stageLen, 0, take);
      this.#stageLen += take;
      off = take;
      if (off === data.length) return; // staged chunk may still be the last one
      this.#openMiddle(key, this.#stage);
      this.#stageLen = 0;
    }
    // Full chunks with bytes after them are certainly not last: open them in place, no copy.
    while (data.length - off > ENCRYPTED_CHUNK_SIZE) {
      this.#openMiddle(key, data.subarray(off, off + ENCRYPTED_CHUNK_SIZE));
      off += ENCRYPTED_CHUNK_SIZE;
    }
    this.#stageLen = data.copy(this.#stage, 0, off);
  }

  #openMiddle(key: KeyObject, sealed: Buffer): void {
    const chunk = this.#nonce.counter;
    const plaintext = openChunk(key, this.#nonce.prepare(false), sealed);
    if (!plaintext) {
      if (openChunk(key, this.#nonce.prepare(true), sealed)) {
        throw corrupt('The backup has unexpected data after the end of its encrypted content.', { chunk });
      }
      throw corrupt(`Encrypted chunk ${chunk} of the backup failed its integrity check: the data was altered or damaged.`, { chunk });
    }
    this.#nonce.advance();
    this.push(plaintext);
  }

  override _flush(callback: TransformCallback): void {
    try {
      this.#finish();
    } catch (error) {
      callback(error as Error);
      return;
    }
    callback();
  }

  #finish(): void {
    const key = this.#key;
    if (!key) {
      if (this.#head.length === 0 && !this.#header) throw notAgeError('The file is empty.');
      if (!this.#header) {
        if (this.#head.length < AGE_INTRO.length) throw notAgeError('The file is too short to be an encrypted Lifeboat backup.');
        throw corrupt('The backup ends inside its encryption header: the file was cut short.');
      }
      throw corrupt('The backup ends right after its encryption header, before any data: the file was cut short.');
    }
    const chunk = this.#nonce.counter;
    if (this.#stageLen < TAG_SIZE) {
      throw corrupt(
        this.#stageLen === 0 && chunk === 0
          ? 'The backup ends right after its encryption header, before any data: the file was cut short.'
          : 'The backup ends in the middle of an encrypted chunk: the file was cut short.',
        { chunk },
      );
    }
    if (this.#stageLen === TAG_SIZE && chunk > 0) {
      throw corrupt('The backup ends with an empty final chunk, which age forbids: the file was altered.', { chunk });
    }
    const sealed = this.#stage.subarray(0, this.#stageLen);
    const plaintext = openChunk(key, this.#nonce.prepare(true), sealed);
    if (!plaintext) {
      if (this.#stageLen === ENCRYPTED_CHUNK_SIZE && openChunk(key, this.#nonce.prepare(false), sealed)) {
        throw corrupt('The backup ends before its final chunk: the file was cut short.', { chunk });
      }
      throw corrupt(`The final encrypted chunk (${chunk}) of the backup failed its integrity check: the file was altered, damaged or cut short.`, {
        chunk,
      });
    }
    this.#nonce.advance();
    this.#stageLen = 0;
    this.push(plaintext);
  }
}

/**
 * A Transform that turns an age file back into plaintext. Bad key strings throw KEY_INVALID at
 * once; file problems surface as stream errors (NOT_A_BACKUP, DECRYPT_NO_KEY, DECRYPT_WRONG_KEY,
 * DECRYPT_CORRUPT). Plaintext is only emitted chunk by chunk after each chunk's tag verified, but
 * a stream that fails later has already emitted its earlier chunks: consumers must discard output
 * on error.
 */
export function createDecryptStream(options: AgeDecryptOptions): Transform {
  return new AgeDecryptStream(prepareDecryptKeys(options));
}
