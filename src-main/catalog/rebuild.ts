// Rebuilds the catalog from a destination's manifests: the disaster-recovery path for a new
// machine that has nothing but the destination's credentials and the recovery key.
import path from 'node:path/posix';
import type { Readable } from 'node:stream';
import { toLifeboatError } from '../../src-shared/errors';
import type { Manifest } from '../../src-shared/manifest';
import { parseManifest } from '../pipeline/manifest-io';
import type { Destination, StoredObject } from '../storage/destination';
import type { BackupsRepo, ImportedCopy } from './backups-repo';

export interface RebuildReport {
  destinationId: string;
  manifests: number;
  added: number;
  merged: number;
  incomplete: number;
  skipped: Array<{ key: string; reason: string }>;
}

const PARALLEL_READS = 16;

export async function readSmallObject(dest: Destination, key: string): Promise<Buffer> {
  const stream: Readable = await dest.read(key);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function rebuildCatalog(dest: Destination, repo: BackupsRepo): Promise<RebuildReport> {
  // One listing gives every object's size, so checking the files beside each manifest costs no extra request.
  const sizes = new Map<string, number>();
  const manifests: StoredObject[] = [];
  for await (const object of dest.list('')) {
    sizes.set(object.key, object.size);
    if (object.key.endsWith('.manifest.json')) manifests.push(object);
  }
  const report: RebuildReport = { destinationId: dest.id, manifests: manifests.length, added: 0, merged: 0, incomplete: 0, skipped: [] };

  const parsed: Array<{ manifest: Manifest; name: string; size: number; copy: ImportedCopy }> = [];
  let next = 0;
  const worker = async () => {
    while (next < manifests.length) {
      const object = manifests[next++]!;
      try {
        const manifest = parseManifest((await readSmallObject(dest, object.key)).toString('utf8'), `${dest.label}/${object.key}`);
        const copy = copyState(manifest.files, path.dirname(object.key), sizes, dest);
        if (copy.status !== 'present') report.incomplete++;
        parsed.push({ manifest, name: path.basename(object.key), size: object.size, copy });
      } catch (error) {
        report.skipped.push({ key: object.key, reason: toLifeboatError(error).message });
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_READS }, worker));
  // One transaction for all of them: a durable commit per manifest would cost an fsync each.
  for (const outcome of repo.importManyFromManifests(parsed)) report[outcome]++;
  return report;
}

function copyState(files: Array<{ name: string; size: number }>, prefix: string, sizes: Map<string, number>, dest: Destination): ImportedCopy {
  const base = { destinationId: dest.id, kind: dest.kind, prefix };
  for (const file of files) {
    const key = prefix === '.' ? file.name : `${prefix}/${file.name}`;
    const size = sizes.get(key);
    if (size === undefined) return { ...base, status: 'missing', errorMessage: `${file.name} is missing` };
    if (size !== file.size) return { ...base, status: 'corrupt', errorMessage: `${file.name} is ${size} bytes, the manifest says ${file.size}` };
  }
  return { ...base, status: 'present', errorMessage: null };
}
