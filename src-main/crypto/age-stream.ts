// The public streaming API of Lifeboat's age implementation, plus whole-buffer helpers (for small
// encrypted manifest fields) and a header peek for user-facing messages.
import { Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { LifeboatError } from '../../src-shared/errors';
import { notAgeError, parseHeader } from './age-header';
import { createDecryptStream } from './age-decrypt-stream';
import { type AgeEncryptOptions, createEncryptStream } from './age-encrypt-stream';
import type { AgeDecryptOptions } from './age-unwrap';

export { createDecryptStream } from './age-decrypt-stream';
export { type AgeEncryptOptions, createEncryptStream } from './age-encrypt-stream';
export type { AgeDecryptOptions } from './age-unwrap';

async function runThrough(transform: Transform, input: Buffer): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await pipeline(Readable.from(input.length > 0 ? [input] : []), transform, async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) chunks.push(chunk);
  });
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

export function encryptBuffer(plaintext: Buffer, options: AgeEncryptOptions): Promise<Buffer> {
  return runThrough(createEncryptStream(options), plaintext);
}

export function decryptBuffer(ciphertext: Buffer, options: AgeDecryptOptions): Promise<Buffer> {
  return runThrough(createDecryptStream(options), ciphertext);
}

/**
 * The recipient kinds of an age file, e.g. ['X25519', 'X25519'] or ['scrypt'], read from its header
 * without decrypting. Pass the whole header (the first 64 KiB of the file is plenty).
 */
export function readAgeRecipientsInfo(headerOrFileStart: Buffer): string[] {
  const header = parseHeader(headerOrFileStart);
  if (!header) {
    if (headerOrFileStart.length === 0) throw notAgeError('The file is empty.');
    throw new LifeboatError('DECRYPT_CORRUPT', 'The encryption header is incomplete in the bytes given: the file is cut short, or too few bytes were read.', {
      fix: 'If the whole file was read, it was cut short: use another copy of this backup.',
    });
  }
  return header.stanzas.map((s) => s.type);
}
