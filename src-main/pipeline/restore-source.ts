// Where a restore or verify reads a backup from: a catalogued backup (through its copies) or
// any file path, with its manifest when one sits beside it.
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { LifeboatError, toLifeboatError } from '../../src-shared/errors';
import type { Manifest } from '../../src-shared/manifest';
import type { BackupCopy, BackupRecord } from '../../src-shared/types';
import type { BackupsRepo } from '../catalog/backups-repo';
import type { Destination } from '../storage/destination';
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

export type ResolveDestination = (destinationId: string) => Promise<Destination>;

/** What a restore or verify reads from: one catalogued backup (all its copies), or one file. */
export type BackupRef = { kind: 'record'; record: BackupRecord } | { kind: 'file'; source: RestoreSource };

/** Resolves a backup id (or unique prefix) from the catalog, else a file path. */
export async function resolveBackupRef(ref: string, repo: BackupsRepo | undefined): Promise<BackupRef> {
  const record = repo?.find(ref);
  if (record) return { kind: 'record', record };
  const exists = await fs.stat(ref).catch(() => undefined);
  if (exists?.isFile()) return { kind: 'file', source: await sourceFromFile(ref) };
  throw new LifeboatError('BACKUP_NOT_FOUND', `"${ref}" is neither a backup id in the catalog nor a file.`, {
    fix: 'Run `lifeboat list` to see backup ids, or give the path of a .dump.zst.age or .manifest.json file.',
  });
}

/** Copies worth trying, best first: present ones only, local folders before remote stores. */
export function copyCandidates(record: BackupRecord): BackupCopy[] {
  if (record.status !== 'succeeded') {
    throw new LifeboatError('BACKUP_INCOMPLETE', `Backup ${record.id} did not succeed (status: ${record.status}), so it cannot be restored.`, {
      fix: 'Choose a backup whose status is succeeded (`lifeboat list`).',
    });
  }
  const present = record.copies.filter((c) => c.status === 'present');
  if (present.length === 0) {
    throw new LifeboatError('BACKUP_NOT_FOUND', `No good copy of backup ${record.id} is known: ${record.copies.map((c) => `${c.destinationId} is ${c.status}${c.errorMessage ? ` (${c.errorMessage})` : ''}`).join(', ') || 'it has no copies'}.`, {
      fix: 'Check the destinations (lifeboat scrub), or rebuild the catalog from one that has it.',
    });
  }
  return [...present].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'folder' ? -1 : 1));
}

export async function sourceFromCopy(record: BackupRecord, copy: BackupCopy, resolve: ResolveDestination): Promise<RestoreSource> {
  const dumpFile = record.files.find((f) => f.role === 'dump');
  const manifestFile = record.files.find((f) => f.role === 'manifest');
  if (!dumpFile || !manifestFile) throw new LifeboatError('BACKUP_INCOMPLETE', `The catalog entry of backup ${record.id} lists no dump or manifest.`, { fix: 'Rebuild the catalog from a destination.' });
  const dest = await resolve(copy.destinationId);
  const manifest = await readManifestAt(dest, `${copy.prefix}/${manifestFile.name}`);
  const key = `${copy.prefix}/${dumpFile.name}`;
  const stat = await dest.stat(key);
  if (!stat) throw new LifeboatError('BACKUP_NOT_FOUND', `The copy in ${dest.label} is missing ${dumpFile.name}.`, { fix: 'Restore from another copy; `lifeboat sync` can heal this one.' });
  return { label: `${dest.label}/${key}`, backupId: record.id, manifest, size: stat.size, open: () => dest.read(key) };
}

/** The first copy that opens; for callers that do their own fallback. */
export async function sourceFromRecord(record: BackupRecord, resolve: ResolveDestination): Promise<RestoreSource> {
  let firstError: unknown;
  for (const copy of copyCandidates(record)) {
    try {
      return await sourceFromCopy(record, copy, resolve);
    } catch (error) {
      firstError ??= error;
    }
  }
  throw firstError;
}

const DAMAGED = new Set(['DECRYPT_CORRUPT', 'HASH_MISMATCH', 'NOT_A_BACKUP']);
const UNAVAILABLE = new Set(['BACKUP_NOT_FOUND', 'DEST_NOT_FOUND', 'DEST_FAILED', 'DEST_UNREACHABLE', 'DEST_AUTH_FAILED', 'DEST_NOT_WRITABLE', 'DECRYPT_WRONG_KEY']);

/**
 * Runs `fn` on the best copy and falls back to the next when a copy turns out damaged or
 * unreachable. Damaged copies are marked corrupt (or missing) in the catalog so they are not
 * used again while a good one exists. A failed restore has already dropped what it created,
 * so trying again is safe.
 */
export async function withBestCopy<T>(record: BackupRecord, resolve: ResolveDestination, repo: BackupsRepo | undefined, fn: (source: RestoreSource) => Promise<T>): Promise<T> {
  let firstError: LifeboatError | undefined;
  for (const copy of copyCandidates(record)) {
    try {
      return await fn(await sourceFromCopy(record, copy, resolve));
    } catch (error) {
      const failure = toLifeboatError(error);
      if (DAMAGED.has(failure.code)) repo?.setCopyStatus(record.id, copy.destinationId, 'corrupt', failure.message);
      else if (failure.code === 'BACKUP_NOT_FOUND') repo?.setCopyStatus(record.id, copy.destinationId, 'missing', failure.message);
      else if (!UNAVAILABLE.has(failure.code)) throw failure;
      // A wrong key fails on every copy; report the first failure, which is the telling one.
      firstError ??= failure;
    }
  }
  throw firstError ?? new LifeboatError('BACKUP_NOT_FOUND', `No copy of backup ${record.id} could be read.`);
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
