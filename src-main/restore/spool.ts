// A private place for the decrypted archive when pg_restore needs a real file (parallel jobs,
// a selection list): a 0700 directory named lifeboat-restore-spool-* under the OS temp folder
// (or a folder given by the caller), holding one 0600 file. It is removed when the restore
// ends; a directory left by a killed process is removed by cleanupStaleSpools at the next
// restore. An `owner` file says which process (pid, host) it belongs to.
import { createWriteStream, type WriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LifeboatError } from '../../src-shared/errors';
import { processAlive } from '../process-alive';

export const SPOOL_PREFIX = 'lifeboat-restore-spool-';
const OWNER_FILE = 'owner';
/** A directory without a readable owner file is only removed once it is this old. */
const ORPHAN_AGE_MS = 24 * 3600_000;

export interface Spool {
  dir: string;
  /** The archive file (created empty, mode 0600). */
  file: string;
  /** A write stream into `file`. */
  open(): WriteStream;
  remove(): Promise<void>;
}

/** Space to require for an archive of `dumpBytes`: some headroom, the file system also needs room for everything else going on. */
export function spoolBytesNeeded(dumpBytes: number): number {
  return dumpBytes * 1.05 + 64 * 1024 * 1024;
}

export function defaultSpoolBase(): string {
  return os.tmpdir();
}

export async function createSpool(options: { base?: string; neededBytes?: number } = {}): Promise<Spool> {
  const base = options.base ?? defaultSpoolBase();
  await fs.mkdir(base, { recursive: true });
  if (options.neededBytes !== undefined) {
    const space = await fs.statfs(base).catch(() => undefined);
    const free = space ? space.bavail * space.bsize : Number.POSITIVE_INFINITY;
    if (free < spoolBytesNeeded(options.neededBytes)) {
      throw new LifeboatError('PG_RESTORE_FAILED', `There is not enough free space in ${base} for the temporary copy of the archive: it needs about ${Math.ceil(options.neededBytes / 1048576)} MB, ${Math.floor(free / 1048576)} MB are free.`, {
        fix: 'Free some space, point TMPDIR to a larger folder, or restore without --jobs, --tables and --schemas (those stream and need no temporary file).',
      });
    }
  }
  const dir = await fs.mkdtemp(path.join(base, SPOOL_PREFIX));
  try {
    await fs.chmod(dir, 0o700);
    await fs.writeFile(path.join(dir, OWNER_FILE), JSON.stringify({ pid: process.pid, host: os.hostname(), createdAt: new Date().toISOString() }), { mode: 0o600 });
    const file = path.join(dir, 'archive.dump');
    await (await fs.open(file, 'wx', 0o600)).close();
    let removed: Promise<void> | undefined;
    return {
      dir,
      file,
      open: () => createWriteStream(file, { flags: 'r+', mode: 0o600 }),
      remove: () => (removed ??= fs.rm(dir, { recursive: true, force: true })),
    };
  } catch (error) {
    await fs.rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Removes spool directories under `base` whose owner process on this host is gone. Returns their paths. */
export async function cleanupStaleSpools(base: string = defaultSpoolBase()): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(base);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(SPOOL_PREFIX)) continue;
    const dir = path.join(base, name);
    try {
      const stat = await fs.lstat(dir);
      if (!stat.isDirectory() || (process.getuid && stat.uid !== process.getuid())) continue;
      const owner = await fs
        .readFile(path.join(dir, OWNER_FILE), 'utf8')
        .then((text) => JSON.parse(text) as { pid?: number; host?: string })
        .catch(() => undefined);
      const stale = owner?.pid !== undefined ? owner.host === os.hostname() && !processAlive(owner.pid) : Date.now() - stat.mtimeMs > ORPHAN_AGE_MS;
      if (!stale) continue;
      await fs.rm(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // Raced with its owner removing it, or not ours to remove.
    }
  }
  return removed;
}
