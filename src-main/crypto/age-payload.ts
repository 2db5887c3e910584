// The age payload (STREAM construction): 64 KiB chunks, each ChaCha20-Poly1305-sealed under a
// nonce of an 11-byte chunk counter plus a last-chunk flag, which is what makes truncation detectable.
import crypto, { type KeyObject } from 'node:crypto';
import { TAG_SIZE, hkdf32 } from './age-primitives';

export const CHUNK_SIZE = 64 * 1024;
export const ENCRYPTED_CHUNK_SIZE = CHUNK_SIZE + TAG_SIZE;
export const PAYLOAD_NONCE_SIZE = 16;

export function payloadKey(fileKey: Uint8Array, nonce: Uint8Array): KeyObject {
  const raw = hkdf32(fileKey, nonce, 'payload');
  // A KeyObject is imported once per stream, which is measurably cheaper per chunk than a raw Buffer.
  const key = crypto.createSecretKey(raw);
  raw.fill(0);
  return key;
}

/** Per-stream chunk nonce; createCipheriv copies the IV, so one buffer is reused for every chunk. */
export class ChunkNonce {
  readonly bytes = Buffer.alloc(12);
  #counter = 0;

  get counter(): number {
    return this.#counter;
  }

  /** Sets the bytes for the current counter and flag; call advance() after each chunk. */
  prepare(last: boolean): Buffer {
    // 11-byte big-endian counter: bytes 0-2 stay zero because 2^53 chunks can never be reached.
    this.bytes.writeUInt32BE(Math.floor(this.#counter / 0x1_0000_0000), 3);
    this.bytes.writeUInt32BE(this.#counter >>> 0, 7);
    this.bytes[11] = last ? 1 : 0;
    return this.bytes;
  }

  advance(): void {
    if (this.#counter >= Number.MAX_SAFE_INTEGER) throw new Error('age chunk counter overflow');
    this.#counter++;
  }
}

/** Seals one chunk straight into `out` at `offset` (ciphertext then tag); returns the bytes written. */
export function sealChunkInto(key: KeyObject, nonce: Buffer, plaintext: Buffer, out: Buffer, offset: number): number {
  const cipher = crypto.createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG_SIZE });
  // update() always returns a fresh buffer (no output-buffer API), so one copy into `out` is the floor.
  const ct = cipher.update(plaintext);
  ct.copy(out, offset);
  cipher.final();
  cipher.getAuthTag().copy(out, offset + ct.length);
  return ct.length + TAG_SIZE;
}

/** Opens one chunk (ciphertext then tag); null when the tag does not verify. Never returns unverified bytes. */
export function openChunk(key: KeyObject, nonce: Buffer, sealed: Buffer): Buffer | null {
  const decipher = crypto.createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG_SIZE });
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_SIZE));
  const plain = decipher.update(sealed.subarray(0, sealed.length - TAG_SIZE));
  try {
    decipher.final();
  } catch {
    return null;
  }
  return plain;
}
