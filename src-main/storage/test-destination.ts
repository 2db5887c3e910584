// "Test connection": proves a destination can do what backups need (write, read back, list,
// delete) with a small probe file, and fails with the destination's own specific error.
import { randomBytes } from 'node:crypto';
import { LifeboatError } from '../../src-shared/errors';
import type { Destination } from './destination';

const PROBE_BYTES = 16 * 1024;

export async function testDestination(dest: Destination): Promise<{ ok: true; steps: string[] }> {
  const steps: string[] = [];
  // At the root, not in a folder of its own: a folder destination would keep the empty folder.
  const key = `lifeboat-connection-test-${Date.now()}-${randomBytes(4).toString('hex')}.tmp`;
  const probe = randomBytes(PROBE_BYTES);
  let written = false;
  try {
    await dest.preflight(0);
    steps.push(`Reached ${dest.label}.`);

    // The same streaming path a backup takes, not a shortcut.
    const writer = await dest.createWriter(key);
    written = true;
    try {
      writer.stream.on('error', () => undefined); // commit() reports it
      writer.stream.end(probe);
      await writer.commit();
    } catch (error) {
      await writer.abort();
      throw error;
    }
    steps.push(`Wrote a ${PROBE_BYTES / 1024} KiB test file.`);

    const chunks: Buffer[] = [];
    for await (const chunk of await dest.read(key)) chunks.push(chunk as Buffer);
    if (!Buffer.concat(chunks).equals(probe)) {
      throw new LifeboatError('DEST_FAILED', `The test file read back from ${dest.label} differs from what was written.`, {
        fix: 'Something between here and the destination alters data; check the network share or storage service.',
      });
    }
    steps.push('Read it back: identical.');

    let listed = false;
    for await (const object of dest.list('')) {
      if (object.key === key) {
        listed = object.size === PROBE_BYTES;
        break;
      }
    }
    if (!listed) {
      throw new LifeboatError('DEST_FAILED', `The test file does not show up when listing ${dest.label}.`, {
        fix: 'Lifeboat finds backups by listing; give the key list permission, or check the folder.',
      });
    }
    steps.push('Listed it.');

    await dest.remove(key);
    written = false;
    if (await dest.stat(key)) {
      throw new LifeboatError('DEST_FAILED', `The test file could not be deleted from ${dest.label}.`, {
        fix: 'Retention needs to delete old backups: give the key delete permission.',
      });
    }
    steps.push('Deleted it.');
    return { ok: true, steps };
  } catch (error) {
    if (written) await dest.remove(key).catch(() => undefined);
    throw dest.explainError(error);
  }
}
