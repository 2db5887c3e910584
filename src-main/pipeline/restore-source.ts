// Where a restore or verify reads a backup from: a catalogued backup (through its copies) or
// any file path, with its manifest when one sits beside it.
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { LifeboatError } from '../../src-shared/errors';
import type { Manifest } from '../../src-shared/manifest';
import type { BackupRecord } from '../../src-shared/types';
import type { BackupsRepo } from '../catalog/backups-repo';
import type { Destination } from '../storage/destination';
import { destinationFromId } from '../storage/destination-from-id';
import { manifestNameFor } from './backup-names';
import { parseManifest } from './manifest-io';

export interface RestoreSource {
  label: string;
  backupId: string | null;
  manifest: Manifest | undefined;
  /** Size of the stored (encrypted) dump file, when known. */
  size: number | undefined;
  open(): Promise<Readable>;
}

/** Resolves a backup id (or unique prefix) from the catalog, else a file path. */
export async function resolveRestoreSource(ref: string, repo: BackupsRepo | undefined): Promise<RestoreSource> {
  const record = repo?.find(ref);
  if (record) return sourceFromRecord(record);
  const exists = await fs.stat(ref).catch(() => undefined);
  if (exists?.isFile()) return sourceFromFile(ref);
  throw new LifeboatError('BACKUP_NOT_FOUND', `"${ref}" is neither a backup id in the catalog nor a file.`, {
    fix: 'Run `lifeboat list` to see backup ids, or give the path of a .dump.zst.age or .manifest.json file.',
  });
}

export async function sourceFromRecord(record: BackupRecord): Promise<RestoreSource> {
  if (record.status !== 'succeeded') {
    throw new LifeboatError('BACKUP_INCOMPLETE', `Backup ${record.id} did not succeed (status: ${record.status}), so it cannot be restored.`, {
      fix: 'Choose a backup whose status is succeeded (`lifeboat list`).',
    });
  }
  const dumpFile = record.files.find((f) => f.role === 'dump');
  const manifestFile = record.files.find((f) => f.role === 'manifest');
  const copies = record.copies.filter((c) => c.status === 'present');
  if (!dumpFile || !manifestFile || copies.length === 0) {
    throw new LifeboatError('BACKUP_NOT_FOUND', `No stored copy of backup ${record.id} is known to be present.`, { fix: 'Check the destinations, or rebuild the catalog from one.' });
  }
  // Local folders first: they are the fastest to read.
  const ordered = [...copies].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'folder' ? -1 : 1));
  let lastError: unknown;
  for (const copy of ordered) {
    const dest = destinationFromId(copy.destinationId);
    try {
      const manifest = await readManifestAt(dest, `${copy.prefix}/${manifestFile.name}`);
      const key = `${copy.prefix}/${dumpFile.name}`;
      const stat = await dest.stat(key);
      if (!stat) throw new LifeboatError('BACKUP_NOT_FOUND', `The copy in ${dest.label} is missing ${dumpFile.name}.`);
      return { label: `${dest.label}/${key}`, backupId: record.id, manifest, size: stat.size, open: () => dest.read(key) };
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError instanceof LifeboatError ? lastError : new LifeboatError('BACKUP_NOT_FOUND', `No copy of backup ${record.id} could be read.`, { cause: lastError });
}

export async function sourceFromFile(file: string): Promise<RestoreSource> {
  const abs = path.resolve(file);
  let dumpPath = abs;
  let manifestPath: string | undefined;
  if (abs.endsWith('.manifest.json')) {
    manifestPath = abs;
    const manifest = parseManifest(await fs.readFile(abs, 'utf8'), abs);
    const dump = manifest.files.find((f) => f.role === 'dump');
    if (!dump) throw new LifeboatError('NOT_A_BACKUP', `${abs} lists no dump file.`);
    dumpPath = path.join(path.dirname(abs), dump.name);
  } else {
    const sibling = manifestNameFor(path.basename(abs));
    if (sibling) manifestPath = path.join(path.dirname(abs), sibling);
  }
  const manifestText = manifestPath ? await fs.readFile(manifestPath, 'utf8').catch(() => undefined) : undefined;
  const manifest = manifestText && manifestPath ? parseManifest(manifestText, manifestPath) : undefined;
  const stat = await fs.stat(dumpPath).catch(() => undefined);
  if (!stat?.isFile()) throw new LifeboatError('BACKUP_NOT_FOUND', `The backup file ${dumpPath} does not exist.`, { fix: 'Check the path.' });
  return {
    label: dumpPath,
    backupId: manifest?.backupId ?? null,
    manifest,
    size: stat.size,
    open: async () => createReadStream(dumpPath, { highWaterMark: 1024 * 1024 }),
  };
}

async function readManifestAt(dest: Destination, key: string): Promise<Manifest> {
  const stream = await dest.read(key);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return parseManifest(Buffer.concat(chunks).toString('utf8'), `${dest.label}/${key}`);
}
