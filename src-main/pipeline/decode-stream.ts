// The read side of a backup file: stored bytes (hashed) → age decryption → zstd decompression.
// Every age chunk is authenticated on the way, so damage is detected while streaming.
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DecompressStream } from 'zstd-napi';
import { LifeboatError } from '../../src-shared/errors';
import type { Manifest } from '../../src-shared/manifest';
import { createDecryptStream, type AgeDecryptOptions } from '../crypto';
import { MeasureStream } from './measure-stream';

export interface DecodedBackup {
  /** The plain pg_dump custom archive. */
  plain: MeasureStream;
  stored: MeasureStream;
  /** Settles when every stage has finished (or failed). */
  done: Promise<void>;
}

export function decodeBackup(input: Readable, keys: AgeDecryptOptions, label: string, onStoredBytes?: (n: number) => void): DecodedBackup {
  const stored = new MeasureStream({ hash: true, onBytes: onStoredBytes });
  const plain = new MeasureStream();
  const done = pipeline(input, stored, createDecryptStream(keys), new DecompressStream(), plain).catch((error: unknown) => {
    const named = nameTheFile(error, label);
    plain.destroy(named);
    throw named;
  });
  done.catch(() => undefined);
  return { plain, stored, done };
}

/** Decryption and decompression errors say which file is affected: there may be several copies. */
function nameTheFile(error: unknown, label: string): LifeboatError {
  if (error instanceof LifeboatError) {
    return new LifeboatError(error.code, `${label}: ${error.message}`, { fix: error.fix, cause: error, details: error.details });
  }
  return new LifeboatError('DECRYPT_CORRUPT', `${label} could not be decompressed after decryption: ${(error as Error).message}.`, {
    fix: 'The file was damaged before it was encrypted, or was not written by Lifeboat. Restore from another copy.',
    cause: error,
  });
}

/** After the whole file was read: its size and SHA-256 must be what the manifest recorded. */
export function checkStoredHash(manifest: Manifest | undefined, stored: MeasureStream, label: string): void {
  const expected = manifest?.files.find((f) => f.role === 'dump');
  if (!expected) return;
  const actual = stored.sha256();
  if (stored.bytes !== expected.size || actual !== expected.sha256) {
    throw new LifeboatError('HASH_MISMATCH', `${label} is damaged: expected ${expected.size} bytes with SHA-256 ${expected.sha256.slice(0, 12)}…, read ${stored.bytes} bytes with ${actual.slice(0, 12)}….`, {
      fix: 'Restore from another copy of this backup, or choose another backup.',
    });
  }
}

/** Resolves when `stream` has data ready (without consuming it), rejects on its error. */
export function firstData(stream: Readable): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      stream.off('readable', onReadable);
      stream.off('error', onError);
      stream.off('end', onReadable);
    };
    const onReadable = () => {
      cleanup();
      resolve();
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    stream.on('readable', onReadable);
    stream.on('error', onError);
    stream.on('end', onReadable);
  });
}
