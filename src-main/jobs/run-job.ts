// One run of a job: every database it covers (a "whole server" job finds new ones each time),
// each under a lease so no other process backs up the same database at once (nor while a drill
// of the job runs, see job-leases.ts); then healing of earlier copies and retention, which only
// ever runs after a successful backup.
import type { JobConfig } from '../../src-shared/job';
import { LifeboatError, toLifeboatError } from '../../src-shared/errors';
import type { BackupsRepo } from '../catalog/backups-repo';
import type { LeasesRepo } from '../catalog/leases-repo';
import type { Logger } from '../log';
import type { AuditSink } from '../records/audit-sink';
import { withClient } from '../pg/client';
import { listBackupableDatabases } from '../pg/databases';
import { backupDatabase, type BackupResult } from '../pipeline/backup';
import { healCopies } from '../pipeline/heal';
import type { ProgressListener } from '../pipeline/progress';
import type { ResolveDestination } from '../pipeline/restore-source';
import { prune, type PruneResult } from '../retention/prune';
import type { SecretStore } from '../secrets/secret-store';
import type { Destination } from '../storage/destination';
import { jobConnection, jobEncryption } from './job-connection';
import { acquireBackupLease, databaseLeaseName, LEASE_TTL_MS } from './job-leases';

export interface JobRunDeps {
  backups: BackupsRepo;
  leases: LeasesRepo;
  db: import('../catalog/open-catalog').CatalogDb;
  secrets: () => Promise<SecretStore>;
  /** Named destination → Destination (with its secrets). */
  destination: (name: string) => Promise<Destination>;
  resolve: ResolveDestination;
  log: Logger;
  audit?: AuditSink;
  onEvent?: (event: JobRunEvent) => void;
}

export type JobRunEvent =
  | { kind: 'backup-started'; job: string; database: string }
  | { kind: 'backup-succeeded'; job: string; database: string; result: BackupResult }
  | { kind: 'backup-failed'; job: string; database: string; backupId: string | null; error: LifeboatError }
  | { kind: 'pruned'; job: string; result: PruneResult };

export interface DatabaseOutcome {
  database: string;
  backupId: string | null;
  degraded: boolean;
  error: { code: string; message: string; fix?: string } | null;
}

export interface JobRunResult {
  job: string;
  outcomes: DatabaseOutcome[];
  ok: boolean;
}

export async function runJob(deps: JobRunDeps, job: JobConfig, options: { signal?: AbortSignal; onProgress?: (database: string) => ProgressListener } = {}): Promise<JobRunResult> {
  const log = deps.log.scope(`job:${job.name}`);
  const secrets = await deps.secrets();
  const databases = await databasesOf(job, secrets);
  const destinations = await Promise.all(job.destinations.map((name) => deps.destination(name)));
  const encryption = await jobEncryption(job, secrets);
  const outcomes: DatabaseOutcome[] = [];
  for (const database of databases) {
    options.signal?.throwIfAborted();
    const conn = await jobConnection(job, secrets, database);
    const lease = await acquireBackupLease(deps.leases, job.name, databaseLeaseName(conn.host, conn.port, database), {
      signal: options.signal,
      onWait: (why) => log.info('waiting before the backup', { database, why }),
    });
    if (!lease) {
      const error = new LifeboatError('BAD_INPUT', `Another Lifeboat process is backing up "${database}" right now; this run skipped it.`, { fix: 'Nothing to do: the other run covers it.' });
      outcomes.push({ database, backupId: null, degraded: false, error: error.toData() });
      continue;
    }
    const heartbeat = setInterval(() => lease.renew(), LEASE_TTL_MS / 4);
    let backupId: string | null = null;
    deps.onEvent?.({ kind: 'backup-started', job: job.name, database });
    try {
      const result = await backupDatabase({
        conn,
        destinations,
        encryption,
        job: job.name,
        compressionLevel: job.compressionLevel,
        rowCounts: job.rowCounts,
        globals: job.globals,
        catalog: deps.backups,
        signal: options.signal,
        onProgress: options.onProgress?.(database),
        log,
        audit: deps.audit,
        onStarted: (id) => (backupId = id),
      });
      const degraded = result.copies.some((c) => c.status !== 'present');
      outcomes.push({ database, backupId: result.id, degraded, error: null });
      deps.onEvent?.({ kind: 'backup-succeeded', job: job.name, database, result });
      // Earlier backups of this database whose copies failed are healed now that the job runs again.
      const earlier = deps.backups.list({ limit: 10_000 }).filter((b) => b.job === job.name && b.database === database && b.id !== result.id);
      await healCopies({ repo: deps.backups, resolve: deps.resolve, backups: earlier, log, audit: deps.audit });
    } catch (error) {
      const failure = toLifeboatError(error);
      outcomes.push({ database, backupId: null, degraded: false, error: failure.toData() });
      deps.onEvent?.({ kind: 'backup-failed', job: job.name, database, backupId, error: failure });
      if (failure.code === 'CANCELLED') break;
    } finally {
      clearInterval(heartbeat);
      lease.release();
    }
  }
  // Retention runs only when this run produced good backups: failing runs never shrink history.
  if (Object.keys(job.retention).length > 0 && outcomes.some((o) => o.backupId)) {
    const result = await prune(
      { db: deps.db, repo: deps.backups, resolve: deps.resolve, log, audit: deps.audit },
      { job, destinations: job.destinations.map((name, i) => ({ name, id: destinations[i]!.id, objectLockDays: destinations[i]!.objectLockDays })) },
      { dryRun: false },
    );
    deps.onEvent?.({ kind: 'pruned', job: job.name, result });
  }
  return { job: job.name, outcomes, ok: outcomes.length > 0 && outcomes.every((o) => o.error === null) };
}

async function databasesOf(job: JobConfig, secrets: SecretStore): Promise<string[]> {
  if (job.source.databases.mode === 'list') return job.source.databases.names;
  const exclude = new Set(job.source.databases.exclude);
  const conn = await jobConnection(job, secrets, 'postgres');
  const all = await withClient(conn, listBackupableDatabases);
  return all.filter((name) => !exclude.has(name));
}
