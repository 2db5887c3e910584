// Applies retention: plans from the catalog, then deletes copy by copy. Each deletion is
// written down first (pending_deletions), the manifest goes before the data files (a set
// without a manifest is never mistaken for a complete backup), and the catalog is updated
// last; an interrupted prune is finished at the start of the next one.
import type { JobConfig } from '../../src-shared/job';
import type { BackupRecord } from '../../src-shared/types';
import type { BackupsRepo } from '../catalog/backups-repo';
import type { CatalogDb } from '../catalog/open-catalog';
import { silentLogger, type Logger } from '../log';
import { noAudit, type AuditSink } from '../records/audit-sink';
import type { ResolveDestination } from '../pipeline/restore-source';
import { describePlan } from './describe';
import { planRetention } from './planner';
import { retentionPolicy } from './policy';
import type { RetentionBackup, RetentionDestination, RetentionPlan } from './types';

export interface PruneTarget {
  /** The job whose backups are pruned. */
  job: JobConfig;
  /** Destination id for each of the job's destination names, with Object Lock days if any. */
  destinations: Array<{ name: string; id: string; objectLockDays?: number }>;
}

export interface PruneResult {
  plan: RetentionPlan;
  summary: string;
  deleted: Array<{ backupId: string; destinationId: string }>;
  failed: Array<{ backupId: string; destinationId: string; error: string }>;
}

export interface PruneDeps {
  db: CatalogDb;
  repo: BackupsRepo;
  resolve: ResolveDestination;
  log?: Logger;
  /** Called for every deletion, for the audit log. */
  onDeleted?: (deletion: { backupId: string; destinationId: string; reason: string; files: string[] }) => void;
  audit?: AuditSink;
  now?: Date;
}

export function planForJob(repo: BackupsRepo, target: PruneTarget, now: Date): RetentionPlan {
  const lockDays = new Map(target.destinations.map((d) => [d.id, d.objectLockDays]));
  const backups: RetentionBackup[] = repo
    .list({ limit: 1_000_000 })
    .filter((b) => b.job === target.job.name)
    .map((b) => toRetentionBackup(b, lockDays));
  const destinations: RetentionDestination[] = target.destinations
    .filter((d) => target.job.retention[d.name])
    .map((d) => ({ id: d.id, policy: retentionPolicy(target.job.retention[d.name]!) }));
  return planRetention({ backups, destinations, now, timeZone: target.job.schedule.timeZone });
}

function toRetentionBackup(b: BackupRecord, lockDays: Map<string, number | undefined>): RetentionBackup {
  return {
    id: b.id,
    database: b.database,
    job: b.job,
    startedAt: b.startedAt,
    status: b.status,
    copies: b.copies.map((c) => {
      const days = lockDays.get(c.destinationId);
      const size = c.status === 'present' ? b.files.reduce((sum, f) => sum + (f.size ?? 0), 0) : 0;
      return days ? { destinationId: c.destinationId, status: c.status, sizeBytes: size, lockedUntil: new Date(Date.parse(b.startedAt) + days * 86_400_000).toISOString() } : { destinationId: c.destinationId, status: c.status, sizeBytes: size };
    }),
  };
}

export async function prune(deps: PruneDeps, target: PruneTarget, options: { dryRun: boolean }): Promise<PruneResult> {
  const log = (deps.log ?? silentLogger).scope('prune');
  if (!options.dryRun) await finishPendingDeletions(deps);
  const plan = planForJob(deps.repo, target, deps.now ?? new Date());
  const result: PruneResult = { plan, summary: describePlan(plan), deleted: [], failed: [] };
  if (options.dryRun) return result;
  for (const deletion of plan.deletions) {
    try {
      deps.db
        .prepare('INSERT OR IGNORE INTO pending_deletions (backup_id, destination_id, reason, created_at) VALUES (?, ?, ?, ?)')
        .run(deletion.backupId, deletion.destinationId, deletion.reason, new Date().toISOString());
      const files = await deleteCopy(deps, deletion.backupId, deletion.destinationId);
      deps.onDeleted?.({ ...deletion, files });
      (deps.audit ?? noAudit).append({ event: 'backup_prune', status: 'success', details: `Deleted by retention: ${deletion.reason}`, backup_id: deletion.backupId, backup_file: files.find((f) => f.endsWith('.dump.zst.age')), job: target.job.name, destination: deletion.destinationId });
      result.deleted.push({ backupId: deletion.backupId, destinationId: deletion.destinationId });
      log.info('deleted copy', { backupId: deletion.backupId, destination: deletion.destinationId, reason: deletion.reason });
    } catch (error) {
      result.failed.push({ backupId: deletion.backupId, destinationId: deletion.destinationId, error: (error as Error).message });
      (deps.audit ?? noAudit).append({ event: 'backup_prune', status: 'error', details: `Could not delete: ${(error as Error).message}`, backup_id: deletion.backupId, job: target.job.name, destination: deletion.destinationId });
      log.warn('could not delete copy', { backupId: deletion.backupId, destination: deletion.destinationId, error: (error as Error).message });
    }
  }
  return result;
}

/** Completes deletions a previous prune started but did not finish (crash, kill, network). */
export async function finishPendingDeletions(deps: PruneDeps): Promise<number> {
  const pending = deps.db.prepare<[], { backup_id: string; destination_id: string; reason: string }>('SELECT backup_id, destination_id, reason FROM pending_deletions').all();
  for (const p of pending) {
    const files = await deleteCopy(deps, p.backup_id, p.destination_id);
    deps.onDeleted?.({ backupId: p.backup_id, destinationId: p.destination_id, reason: `${p.reason} (finished after an interruption)`, files });
  }
  return pending.length;
}

/** Deletes one copy's files (manifest first) and forgets it in the catalog. Idempotent. */
export async function deleteCopy(deps: Pick<PruneDeps, 'db' | 'repo' | 'resolve'>, backupId: string, destinationId: string): Promise<string[]> {
  const record = deps.repo.get(backupId);
  const copy = record?.copies.find((c) => c.destinationId === destinationId);
  const removed: string[] = [];
  if (record && copy) {
    const dest = await deps.resolve(destinationId);
    const ordered = [...record.files].sort((a, b) => (a.role === 'manifest' ? -1 : b.role === 'manifest' ? 1 : 0));
    for (const file of ordered) {
      await dest.remove(`${copy.prefix}/${file.name}`);
      removed.push(file.name);
    }
    deps.repo.removeCopy(backupId, destinationId);
  }
  deps.db.prepare('DELETE FROM pending_deletions WHERE backup_id = ? AND destination_id = ?').run(backupId, destinationId);
  return removed;
}
