// Compresses, encrypts and stores a small in-memory file (the globals) in every destination.
import { createHash } from 'node:crypto';
import { compress } from 'zstd-napi';
import { toLifeboatError, type LifeboatError } from '../../src-shared/errors';
import { encryptBuffer, type AgeEncryptOptions } from '../crypto';
import type { Destination } from '../storage/destination';

export async function storeSmallEncrypted(
  destinations: Destination[],
  key: string,
  plain: Buffer,
  compressionLevel: number,
  encryption: AgeEncryptOptions,
  onDestinationFailed: (dest: Destination, error: LifeboatError) => void,
): Promise<{ size: number; sha256: string }> {
  const sealed = await encryptBuffer(compress(plain, { compressionLevel }), encryption);
  await Promise.all(
    destinations.map((dest) => dest.writeSmall(key, sealed).catch((error: unknown) => onDestinationFailed(dest, toLifeboatError(error)))),
  );
  return { size: sealed.length, sha256: createHash('sha256').update(sealed).digest('hex') };
}
