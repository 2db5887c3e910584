// A folder destination: local disk or a mounted NAS share. Writes go to NAME.partial, are
// fsynced, renamed into place and the directory is fsynced, so a crash never leaves a
// half-written file under a final name.
import { createWriteStream, constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { LifeboatError } from '../../src-shared/errors';
import type { Destination, DestinationWriter, StoredObject } from './destination';
import { explainFolderError } from './folder-errors';
import { fsyncDir, fsyncFile } from '../fs/durable';

const PARTIAL_SUFFIX = '.partial';
/** Room kept free beyond the estimate so the disk never fills to the last byte (at most a tenth of a small disk). */
const FREE_SPACE_MARGIN = 64 * 1024 * 1024;

export class FolderDestination implements Destination {
  readonly kind = 'folder' as const;
  readonly id: string;
  readonly label: string;
  readonly root: string;

  /** After wake a NAS share may take a while to mount: wait this long for the root to appear. */
  private readonly mountWaitMs: number;

  constructor(root: string, options: { mountWaitMs?: number } = {}) {
    this.root = path.resolve(root);
    this.id = `folder:${this.root}`;
    this.label = this.root;
    this.mountWaitMs = options.mountWaitMs ?? 0;
  }

  pathOf(key: string): string {
    const parts = key.split('/').filter((p) => p.length > 0);
    if (parts.some((p) => p === '..' || p === '.')) throw new LifeboatError('BAD_INPUT', `Invalid object key "${key}".`);
    return path.join(this.root, ...parts);
  }

  async preflight(estimatedBytes: number): Promise<void> {
    // The root must already exist: creating it would write to the local disk when a NAS share is not mounted.
    const stat = await this.waitForRoot();
    if (!stat.isDirectory()) {
      throw new LifeboatError('DEST_NOT_FOUND', `The destination ${this.root} is a file, not a folder.`, { fix: 'Choose a folder.' });
    }
    await fs.access(this.root, fsConstants.W_OK).catch((error: NodeJS.ErrnoException) => {
      throw explainFolderError(error, this.root);
    });
    const space = await fs.statfs(this.root);
    const free = space.bavail * space.bsize;
    const margin = Math.min(FREE_SPACE_MARGIN, (space.blocks * space.bsize) / 10);
    if (free < estimatedBytes + margin) {
      throw new LifeboatError('DEST_FULL', `The destination ${this.root} has ${formatMB(free)} free, about ${formatMB(estimatedBytes + margin)} is needed.`, {
        fix: 'Free some space there (delete old backups or apply a retention policy) or choose another destination.',
        details: { freeBytes: free, neededBytes: estimatedBytes },
      });
    }
  }

  async createWriter(key: string): Promise<DestinationWriter> {
    const finalPath = this.pathOf(key);
    const partialPath = finalPath + PARTIAL_SUFFIX;
    await this.ensureParent(finalPath);
    const stream = createWriteStream(partialPath, { flags: 'wx', mode: 0o640, highWaterMark: 1024 * 1024 });
    let settled = false;
    const root = this.root;
    return {
      stream,
      async commit() {
        if (settled) return;
        if (!stream.writableFinished) {
          stream.end();
          await finished(stream);
        } else if (!stream.closed) {
          await new Promise<void>((resolve) => stream.once('close', () => resolve()));
        }
        try {
          await fsyncFile(partialPath);
          await fs.rename(partialPath, finalPath);
          await fsyncDir(path.dirname(finalPath));
        } catch (error) {
          throw explainFolderError(error as NodeJS.ErrnoException, root);
        }
        settled = true;
      },
      async abort() {
        if (settled) return;
        settled = true;
        // The file is opened asynchronously: wait for the stream to close, or a late open could
        // re-create the partial file after it was removed.
        if (!stream.closed) {
          const closed = new Promise<void>((resolve) => stream.once('close', () => resolve()));
          stream.destroy();
          await closed;
        }
        await fs.rm(partialPath, { force: true }).catch(() => undefined);
      },
    };
  }

  async writeSmall(key: string, data: Buffer): Promise<void> {
    const writer = await this.createWriter(key);
    try {
      writer.stream.end(data);
      await writer.commit();
    } catch (error) {
      await writer.abort();
      throw error instanceof LifeboatError ? error : explainFolderError(error as NodeJS.ErrnoException, this.root);
    }
  }

  async read(key: string): Promise<Readable> {
    const file = this.pathOf(key);
    const handle = await fs.open(file, 'r').catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'ENOENT'
        ? new LifeboatError('BACKUP_NOT_FOUND', `The backup file ${file} is missing.`, { fix: 'Check that the destination is mounted, or restore from another copy.' })
        : explainFolderError(error, this.root);
    });
    return handle.createReadStream({ highWaterMark: 1024 * 1024 });
  }

  async stat(key: string): Promise<StoredObject | undefined> {
    const s = await fs.stat(this.pathOf(key)).catch(() => undefined);
    return s?.isFile() ? { key, size: s.size } : undefined;
  }

  async *list(prefix: string): AsyncIterable<StoredObject> {
    const start = prefix ? this.pathOf(prefix) : this.root;
    for await (const file of walk(start)) {
      if (file.endsWith(PARTIAL_SUFFIX)) continue;
      const s = await fs.stat(file).catch(() => undefined);
      if (s?.isFile()) yield { key: path.relative(this.root, file).split(path.sep).join('/'), size: s.size };
    }
  }

  async remove(key: string): Promise<void> {
    const file = this.pathOf(key);
    await fs.rm(file, { force: true });
    await fsyncDir(path.dirname(file));
  }

  private async waitForRoot(): Promise<import('node:fs').Stats> {
    const deadline = Date.now() + this.mountWaitMs;
    for (;;) {
      try {
        return await fs.stat(this.root);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if ((code !== 'ENOENT' && code !== 'ENOTDIR') || Date.now() >= deadline) throw explainFolderError(error as NodeJS.ErrnoException, this.root);
        await new Promise((resolve) => setTimeout(resolve, Math.min(2000, Math.max(50, deadline - Date.now()))));
      }
    }
  }

  explainError(error: unknown): LifeboatError {
    return error instanceof LifeboatError ? error : explainFolderError(error as NodeJS.ErrnoException, this.root);
  }

  private async ensureParent(file: string): Promise<void> {
    await this.preflightRootExists();
    await fs.mkdir(path.dirname(file), { recursive: true }).catch((error: NodeJS.ErrnoException) => {
      throw explainFolderError(error, this.root);
    });
  }

  private async preflightRootExists(): Promise<void> {
    // access() tells "missing" from "read-only" precisely; a recursive mkdir reports ENOENT for both.
    await fs.access(this.root, fsConstants.W_OK).catch((error: NodeJS.ErrnoException) => {
      throw explainFolderError(error, this.root);
    });
  }
}

async function* walk(dir: string): AsyncIterable<string> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile()) yield full;
  }
}



function formatMB(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}
