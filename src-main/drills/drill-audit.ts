// The audit trail of a job's drill: one entry per database drilled, or one for a drill skipped.
// (runDrill records each drilled backup's verification in the catalog; the restore inside it
// writes its own restore_start/restore_complete entries.)
import type { AuditInput } from '../../src-shared/audit';
import type { AuditSink } from '../records/audit-sink';
import type { DrillOutcome } from './drill';

/** Who started it, for the audit log: "scheduler" or the host's own actor (undefined). */
export type DrillActor = 'scheduler' | undefined;

export function auditDrillResults(audit: AuditSink, job: string, results: readonly DrillOutcome[], actor: DrillActor): void {
  for (const r of results) {
    const entry: AuditInput = r.ok
      ? { event: 'restore_drill', status: 'success', details: `Restore drill of ${r.database} passed${r.where ? ` in a ${r.where}` : ''}: ${r.tablesChecked} tables checked, row counts match the backup` }
      : { event: 'restore_drill', status: 'error', details: `Restore drill of ${r.database} FAILED [${r.error?.code ?? 'INTERNAL'}]: ${r.error?.message ?? 'unknown error'}` };
    audit.append({ ...entry, job, database: r.database, ...(r.backupId ? { backup_id: r.backupId } : {}), ...(actor ? { actor } : {}) });
  }
}

export function auditDrillSkipped(audit: AuditSink, job: string, reason: string, actor: DrillActor, database?: string): void {
  const what = database ? `of ${database}` : `of job "${job}"`;
  audit.append({ event: 'restore_drill', status: 'info', details: `Restore drill ${what} skipped: ${reason}`, job, ...(database ? { database } : {}), ...(actor ? { actor } : {}) });
}
