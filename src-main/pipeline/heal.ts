// Healing: a copy that failed or went missing is re-created from a good copy of the same
// backup, streamed and hash-verified before it is committed, manifest last.
import { pipeline } from 'node:stream/promises';
import { LifeboatError, toLifeboatError } from '../../src-shared/errors';
import type { BackupCopy, BackupFile, BackupRecord } from '../../src-shared/types';
import type { BackupsRepo } from '../catalog/backups-repo';
import { readSmallObject } from '../catalog/rebuild';
import type { Logger } from '../log';
import { silentLogger } from '../log';
import { noAudit, type AuditSink } from '../records/audit-sink';
import type { Destination } from '../storage/destination';
import { parseManifest } from './manifest-io';
import { MeasureStream } from './measure-stream';
import { copyCandidates, type ResolveDestination } from './restore-source';

export interface HealOutcome {
  backupId: string;
  destinationId: string;
  healed: boolean;
  from: string | null;
  detail: string | null;
}

const NEEDS_HEALING = new Set(['failed', 'missing', 'corrupt']);

export async function healCopies(options: { repo: BackupsRepo; resolve: ResolveDestination; backups?: BackupRecord[]; log?: Logger; audit?: AuditSink }): Promise<HealOutcome[]> {
  const log = (options.log ?? silentLogger).scope('heal');
  const backups = options.backups ?? options.repo.list({ limit: 1_000_000 });
  const outcomes: HealOutcome[] = [];
  for (const backup of backups) {
    if (backup.status !== 'succeeded') continue;
    const broken = backup.copies.filter((c) => NEEDS_HEALING.has(c.status));
    if (broken.length === 0 || !backup.copies.some((c) => c.status === 'present')) continue;
    for (const target of broken) {
      const outcome = await healOne(backup, target, options.repo, options.resolve);
      log.info(outcome.healed ? 'healed copy' : 'could not heal copy', { backupId: backup.id, destination: target.destinationId, detail: outcome.detail });
      (options.audit ?? noAudit).append({ event: 'backup_heal', status: outcome.healed ? 'success' : 'error', details: outcome.healed ? `Copy re-created from ${outcome.from} (hash verified)` : `Could not re-create the copy: ${outcome.detail}`, backup_id: backup.id, job: backup.job, database: backup.database, destination: target.destinationId });
      outcomes.push(outcome);
    }
  }
  return outcomes;
}

async function healOne(backup: BackupRecord, target: BackupCopy, repo: BackupsRepo, resolve: ResolveDestination): Promise<HealOutcome> {
  let lastError: LifeboatError | undefined;
  let targetDest: Destination;
  try {
    targetDest = await resolve(target.destinationId);
  } catch (error) {
    return { backupId: backup.id, destinationId: target.destinationId, healed: false, from: null, detail: toLifeboatError(error).message };
  }
  for (const source of copyCandidates(backup)) {
    try {
      const sourceDest = await resolve(source.destinationId);
      const manifestFile = backup.files.find((f) => f.role === 'manifest');
      if (!manifestFile) throw new LifeboatError('BACKUP_INCOMPLETE', `Backup ${backup.id} has no manifest in the catalog.`);
      // Read and check the manifest first, so a damaged source is noticed before anything is written.
      const manifestBytes = await readSmallObject(sourceDest, `${source.prefix}/${manifestFile.name}`);
      parseManifest(manifestBytes.toString('utf8'), `${sourceDest.label}/${source.prefix}/${manifestFile.name}`);
      await targetDest.preflight(backup.files.reduce((sum, f) => sum + (f.size ?? 0), 0));
      for (const file of backup.files.filter((f) => f.role !== 'manifest')) {
        await copyVerified(sourceDest, `${source.prefix}/${file.name}`, targetDest, `${target.prefix}/${file.name}`, file);
      }
      await targetDest.writeSmall(`${target.prefix}/${manifestFile.name}`, manifestBytes);
      repo.setCopyStatus(backup.id, target.destinationId, 'present', null);
      return { backupId: backup.id, destinationId: target.destinationId, healed: true, from: source.destinationId, detail: null };
    } catch (error) {
      lastError = toLifeboatError(error);
      if (lastError.code === 'HASH_MISMATCH') repo.setCopyStatus(backup.id, source.destinationId, 'corrupt', lastError.message);
    }
  }
  repo.setCopyStatus(backup.id, target.destinationId, target.status, lastError?.message ?? null);
  return { backupId: backup.id, destinationId: target.destinationId, healed: false, from: null, detail: lastError?.message ?? 'no good copy to heal from' };
}

async function copyVerified(from: Destination, fromKey: string, to: Destination, toKey: string, file: BackupFile): Promise<void> {
  const writer = await to.createWriter(toKey);
  const measured = new MeasureStream({ hash: true });
  try {
    await pipeline(await from.read(fromKey), measured, writer.stream);
    if ((file.sha256 !== null && measured.sha256() !== file.sha256) || (file.size !== null && measured.bytes !== file.size)) {
      throw new LifeboatError('HASH_MISMATCH', `${from.label}/${fromKey} does not match its recorded SHA-256; it was not copied.`, { fix: 'Heal from another copy, or run lifeboat scrub.' });
    }
    await writer.commit();
  } catch (error) {
    await writer.abort();
    throw error;
  }
}
