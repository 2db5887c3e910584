// In-memory encrypt/decrypt benchmark for the age streams, so `npm run bench` can report MB/s
// of the crypto layer alone, apart from disk and PostgreSQL.
import crypto from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createDecryptStream, createEncryptStream } from './age-stream';
import { generateIdentity } from './age-keys';

/** Pieces the size Node's file streams read, so chunk boundaries fall where they do in real use. */
const PIECE = 64 * 1024;

function* pieces(source: Buffer, total: number): Generator<Buffer> {
  for (let off = 0; off < total; ) {
    const start = off % source.length;
    const piece = source.subarray(start, start + Math.min(PIECE, total - off, source.length - start));
    off += piece.length;
    yield piece;
  }
}

/** Returns seconds taken and bytes that came out (a check that the run really did the work). */
async function timeThrough(
  input: Iterable<Buffer>,
  transform: NodeJS.ReadWriteStream,
  keep: Buffer[] | null,
): Promise<{ seconds: number; bytes: number }> {
  let bytes = 0;
  const start = process.hrtime.bigint();
  await pipeline(
    Readable.from(input),
    transform,
    new Writable({
      highWaterMark: 1024 * 1024,
      write(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        keep?.push(chunk);
        done();
      },
    }),
  );
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, bytes };
}

/** Streams `megabytes` MB (10^6 bytes) of incompressible data through encryption, then decryption. */
export async function measureAgeThroughput(megabytes: number): Promise<{ encryptMBps: number; decryptMBps: number }> {
  const total = Math.max(1, Math.round(megabytes * 1e6));
  // 1 MiB + 7 bytes of random data, repeated, so pieces are not all aligned to the same offsets.
  const source = crypto.randomBytes(1024 * 1024 + 7);
  const { identity, recipient } = generateIdentity();

  // Timed with output discarded, as a file sink would release it: retaining hundreds of MB of
  // small buffers makes the garbage collector, not the cipher, the bottleneck.
  const encrypted = await timeThrough(pieces(source, total), createEncryptStream({ recipients: [recipient] }), null);
  const sealed: Buffer[] = [];
  await timeThrough(pieces(source, total), createEncryptStream({ recipients: [recipient] }), sealed);
  const ciphertext = Buffer.concat(sealed);
  sealed.length = 0;

  const decrypted = await timeThrough(pieces(ciphertext, ciphertext.length), createDecryptStream({ identities: [identity] }), null);
  if (encrypted.bytes !== ciphertext.length || decrypted.bytes !== total) {
    throw new Error(`age throughput run lost data: ${total} in, ${decrypted.bytes} back out`);
  }
  return { encryptMBps: total / 1e6 / encrypted.seconds, decryptMBps: total / 1e6 / decrypted.seconds };
}
