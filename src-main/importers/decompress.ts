// gzip (node:zlib) and zstd (zstd-napi) layers. Both check their own integrity: gzip a CRC-32
// and length per member, zstd a frame checksum when the writer added one. A file that stops
// early fails here rather than reaching psql or pg_restore as a shorter, valid-looking dump.
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { DecompressStream } from 'zstd-napi';
import { LifeboatError } from '../../src-shared/errors';
import { transformStage, type Stage } from './streams';

export function gunzipStage(input: Readable, label: string): Stage {
  return transformStage(input, createGunzip({ chunkSize: 256 * 1024 }), (error) => explainGzip(error, label));
}

export function zstdStage(input: Readable, label: string): Stage {
  return transformStage(input, new DecompressStream(), (error) => {
    if (error instanceof LifeboatError) return error;
    return new LifeboatError('HASH_MISMATCH', `${label} could not be decompressed (zstd): ${(error as Error).message}.`, {
      fix: 'The file is damaged or truncated; use another copy.',
      cause: error,
    });
  });
}

function explainGzip(error: unknown, label: string): LifeboatError {
  if (error instanceof LifeboatError) return error;
  const err = error as NodeJS.ErrnoException;
  const message = err.message ?? String(error);
  if (/unexpected end of file/i.test(message)) {
    return new LifeboatError('HASH_MISMATCH', `${label} is truncated: its gzip data stops before the end.`, {
      fix: 'The file was cut short (an interrupted copy or upload, or a full disk when it was written). Use another copy.',
      cause: error,
    });
  }
  if (/incorrect data check|incorrect length check/i.test(message)) {
    return new LifeboatError('HASH_MISMATCH', `${label} is damaged: its gzip checksum does not match the data.`, {
      fix: 'Use another copy of this file.',
      cause: error,
    });
  }
  return new LifeboatError('HASH_MISMATCH', `${label} could not be decompressed (gzip: ${message}).`, {
    fix: 'The file is damaged, or it is not really gzip; use another copy.',
    cause: error,
  });
}
