// Writes a whole file or nothing: a temp file in the same directory is written, fsynced and renamed
// over the target, then the directory is fsynced. Readers (node_exporter, a browser) never see half a file.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fsyncDir } from '../fs/durable';

export interface AtomicWriteOptions {
  /** Permission bits of the final file; applied with chmod so the umask cannot narrow them. Default 0o600. */
  mode?: number;
}

/**
 * The temp name starts with a dot and ends in `.tmp`, so collectors that match `*.prom` or
 * `*.html` skip it, and it lives in the target directory so the rename stays on one filesystem.
 */
export function tempPathFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

export async function atomicWriteFile(file: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const mode = options.mode ?? 0o600;
  const temp = tempPathFor(file);
  try {
    const handle = await fs.open(temp, 'wx', mode);
    try {
      await handle.writeFile(data);
      await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  await fsyncDir(path.dirname(file));
}

