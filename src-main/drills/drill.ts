// Restore drills: prove, unattended, that a job's latest backup really restores. Each database's
// latest succeeded backup is restored into a sandbox, its row counts compared with the
// manifest, and the outcome recorded in the catalog (a 'restore' verification whose detail
// starts with "drill") and returned as a DrillResult for alerts.
//
// Sandboxes:
//  - 'local' (default): a throwaway cluster started from server binaries on this machine
//    (bundled or system) whose major version is at least the backup's. The backup's roles are
//    restored first from its globals file, so ownership and privileges are exercised too. The
//    cluster lives in a temp dir; stop() removes it, and if this process is killed its
//    watchdog does (see pg/local-cluster.ts).
//  - 'source-server': a temporary database `<db>__lifeboat_tmp_<stamp>` on the job's own
//    server, dropped afterwards; if the process is killed, cleanupLeftovers (run at the start
//    of every restore and drill) drops it.
import { LifeboatError, toLifeboatError } from '../../src-shared/errors';
import type { JobConfig } from '../../src-shared/job';
import type { BackupRecord, RowCountComparison } from '../../src-shared/types';
import type { BackupsRepo } from '../catalog/backups-repo';
import type { AgeDecryptOptions } from '../crypto';
import { jobConnection } from '../jobs/job-connection';
import { silentLogger, type Logger } from '../log';
import type { DrillResult } from '../notify/alerts';
import { readServerInfo } from '../pg/client';
import { withDatabase, type PgConnection } from '../pg/connection';
import { databaseExists, dropDatabaseForce, withMaintenanceClient } from '../pg/databases';
import { startLocalCluster } from '../pg/local-cluster';
import { availableServerMajors, findServerBinDir } from '../pg/server-binaries';
import type { ProgressListener } from '../pipeline/progress';
import { restoreBackup } from '../pipeline/restore';
import { withBestCopy, type ResolveDestination } from '../pipeline/restore-source';
import { noAudit, type AuditSink } from '../records/audit-sink';
import { applyGlobals, globalsOfRecord, readGlobalsSql } from '../restore/globals';
import { storedKeysFor } from '../restore/keys';
import { cleanupLeftovers, holdTmpOwnership } from '../restore/leftovers';
import { restoreStamp, tmpDatabaseName } from '../restore/names';
import type { SecretStore } from '../secrets/secret-store';

export type DrillSandbox = 'local' | 'source-server';

export interface DrillDeps {
  backups: BackupsRepo;
  secrets: () => Promise<SecretStore>;
  resolve: ResolveDestination;
  log?: Logger;
  audit?: AuditSink;
}

export interface DrillOptions {
  sandbox?: DrillSandbox;
  /** Keys to decrypt with; default: what the secret store holds for each backup. */
  keys?: AgeDecryptOptions;
  signal?: AbortSignal;
  onProgress?: (database: string) => ProgressListener;
}

export interface DrillOutcome extends DrillResult {
  sandbox: DrillSandbox;
  /** Where it was restored: "throwaway PostgreSQL 15 cluster" or "temporary database x on host:port". */
  where: string | null;
  durationMs: number;
  tablesChecked: number;
  mismatches: RowCountComparison[];
  warnings: string[];
}

export interface DrillReport {
  job: string;
  /** Every database's drill passed. */
  ok: boolean;
  results: DrillOutcome[];
}

/** The detail every drill verification starts with, so drills can be told from other restores. */
export const DRILL_DETAIL_PREFIX = 'drill';

/** Drills the latest succeeded backup of every database of the job. */
export async function runDrill(job: JobConfig, deps: DrillDeps, options: DrillOptions = {}): Promise<DrillReport> {
  const all = deps.backups.list({ limit: 1_000_000 }).filter((b) => b.job === job.name);
  const databases = job.source.databases.mode === 'list' ? job.source.databases.names : [...new Set(all.map((b) => b.database))].sort();
  const results: DrillOutcome[] = [];
  for (const database of databases) {
    options.signal?.throwIfAborted();
    const latest = all.filter((b) => b.database === database && b.status === 'succeeded').sort((a, b) => (a.startedAt < b.startedAt ? 1 : -1))[0];
    if (!latest) {
      results.push(failedOutcome(job.name, database, null, options.sandbox ?? 'local', new LifeboatError('BACKUP_NOT_FOUND', `Job "${job.name}" has no succeeded backup of "${database}" to drill.`, { fix: 'Run the job (lifeboat job run) and drill again.' })));
      continue;
    }
    results.push(await drillBackup(job, latest, deps, options));
  }
  if (results.length === 0) {
    results.push(failedOutcome(job.name, '(none)', null, options.sandbox ?? 'local', new LifeboatError('BACKUP_NOT_FOUND', `Job "${job.name}" has no backup to drill yet.`, { fix: 'Run the job first.' })));
  }
  return { job: job.name, ok: results.every((r) => r.ok), results };
}

/** Drills one backup and records the outcome in the catalog. Never throws for a failed drill (only when cancelled). */
export async function drillBackup(job: JobConfig, record: BackupRecord, deps: DrillDeps, options: DrillOptions = {}): Promise<DrillOutcome> {
  const log = (deps.log ?? silentLogger).scope(`drill:${job.name}`);
  const sandbox = options.sandbox ?? 'local';
  const started = Date.now();
  const drilledAt = new Date(started).toISOString();
  let where: string | null = null;
  let outcome: DrillOutcome;
  try {
    const keys = options.keys ?? (await storedKeysFor(await deps.secrets(), record));
    const restoreInto = async (target: PgConnection, roles: { noOwner: boolean }) =>
      withBestCopy(record, deps.resolve, deps.backups, (source) =>
        restoreBackup({ source, target, keys, noOwner: roles.noOwner, noPrivileges: roles.noOwner, signal: options.signal, onProgress: options.onProgress?.(record.database), log, audit: deps.audit ?? noAudit }),
      );
    const warnings: string[] = [];
    let report;
    if (sandbox === 'local') {
      const needed = Number(/^(\d+)/.exec(record.serverVersion ?? '')?.[1] ?? 0);
      // The backup's own major when installed, else the next newer one (a restore never goes to an older server).
      const majors = availableServerMajors();
      const major = needed === 0 ? majors.at(-1) : majors.includes(needed) ? needed : majors.find((m) => m > needed);
      const binDir = major === undefined ? undefined : findServerBinDir(major);
      if (!binDir) {
        throw new LifeboatError('PG_TOOLS_MISSING', `No PostgreSQL server ${needed || ''} or newer is installed here to start a throwaway sandbox (found: ${availableServerMajors().join(', ') || 'none'}).`, {
          fix: `Install the PostgreSQL ${needed || ''} server package, or drill on the source server (--sandbox source).`,
        });
      }
      where = `throwaway PostgreSQL ${major} cluster`;
      const cluster = await startLocalCluster({ binDir });
      try {
        const target: PgConnection = { host: cluster.host, port: cluster.port, user: cluster.superuser, password: cluster.password, database: record.database, sslmode: 'disable' };
        let noOwner = true;
        const globals = globalsOfRecord(record, deps.resolve);
        if (globals) {
          try {
            await applyGlobals(target, await readGlobalsSql(globals, keys), { log });
            noOwner = false;
          } catch (error) {
            warnings.push(`Roles could not be restored into the sandbox (${(error as Error).message}); restored without owners and privileges.`);
          }
        } else warnings.push('The backup has no roles file; restored without owners and privileges.');
        report = await restoreInto(target, { noOwner });
      } finally {
        await cluster.stop();
      }
    } else {
      const server = await jobConnection(job, await deps.secrets(), 'postgres');
      const leftovers = await cleanupLeftovers(server, { log });
      if (leftovers.dropped.length > 0) warnings.push(`Dropped leftover temporary databases: ${leftovers.dropped.join(', ')}.`);
      const { tmp, major, superuser } = await withMaintenanceClient(server, async (client) => {
        const stamp = restoreStamp();
        let n = 1;
        while (await databaseExists(client, tmpDatabaseName(record.database, stamp, n))) n++;
        const role = await client.query<{ rolsuper: boolean }>('SELECT rolsuper FROM pg_roles WHERE rolname = current_user');
        return { tmp: tmpDatabaseName(record.database, stamp, n), major: (await readServerInfo(client)).major, superuser: role.rows[0]?.rolsuper === true };
      });
      where = `temporary database ${tmp} on ${server.host}:${server.port}`;
      // The roles exist there; only a superuser may give objects to other roles.
      if (!superuser) warnings.push(`"${server.user}" is not a superuser: restored without owners and privileges.`);
      const owner = await holdTmpOwnership(server, tmp, tmp);
      try {
        report = await restoreInto(withDatabase(server, tmp), { noOwner: !superuser });
      } finally {
        await withMaintenanceClient(server, (client) => dropDatabaseForce(client, tmp, major)).catch((error: unknown) => log.warn('could not drop the drill database', { database: tmp, error: (error as Error).message }));
        await owner.release();
      }
    }
    const ok = report.mismatches.length === 0;
    outcome = {
      job: job.name,
      database: record.database,
      backupId: record.id,
      backupTakenAt: record.startedAt,
      drilledAt,
      ok,
      error: ok ? null : { code: 'PG_RESTORE_FAILED', message: `Row counts differ from the backup in ${report.mismatches.length} table(s).`, fix: 'Look at the differing tables; restore from another backup if needed.' },
      sandbox,
      where,
      durationMs: Date.now() - started,
      tablesChecked: report.tablesChecked,
      mismatches: report.mismatches,
      warnings: [...warnings, ...report.warnings],
    };
  } catch (error) {
    if (options.signal?.aborted) throw new LifeboatError('CANCELLED', 'The drill was cancelled.', { cause: error });
    outcome = { ...failedOutcome(job.name, record.database, record, sandbox, toLifeboatError(error)), where, drilledAt, durationMs: Date.now() - started };
  }
  deps.backups.recordVerification(record.id, 'restore', outcome.ok, drillDetail(outcome));
  log.info(outcome.ok ? 'drill passed' : 'drill failed', { database: record.database, backup: record.id, error: outcome.error?.message });
  return outcome;
}

function failedOutcome(job: string, database: string, record: BackupRecord | null, sandbox: DrillSandbox, error: LifeboatError): DrillOutcome {
  return {
    job,
    database,
    backupId: record?.id ?? null,
    backupTakenAt: record?.startedAt ?? null,
    drilledAt: new Date().toISOString(),
    ok: false,
    error: { code: error.code, message: error.message, fix: error.fix ?? null },
    sandbox,
    where: null,
    durationMs: 0,
    tablesChecked: 0,
    mismatches: [],
    warnings: [],
  };
}

/** "drill (throwaway PostgreSQL 15 cluster): passed; 6 tables checked, 0 differ" or "drill (…): FAILED [CODE] message". */
export function drillDetail(outcome: DrillOutcome): string {
  const head = `${DRILL_DETAIL_PREFIX} (${outcome.where ?? outcome.sandbox})`;
  if (outcome.ok) return `${head}: passed; ${outcome.tablesChecked} tables checked, 0 differ`;
  return `${head}: FAILED [${outcome.error?.code ?? 'INTERNAL'}] ${outcome.error?.message ?? 'unknown error'}`;
}

/** Drill outcomes recorded in the catalog, as DrillResults for drillAlerts / evaluateAlerts. */
export function drillResultsFromCatalog(backups: BackupsRepo): DrillResult[] {
  const results: DrillResult[] = [];
  const records = new Map<string, BackupRecord | undefined>();
  for (const v of backups.verifications()) {
    if (v.kind !== 'restore' || !v.detail?.startsWith(`${DRILL_DETAIL_PREFIX} (`)) continue;
    if (!records.has(v.backup_id)) records.set(v.backup_id, backups.get(v.backup_id));
    const record = records.get(v.backup_id);
    if (!record) continue;
    const failed = /: FAILED \[([A-Z_]+)\] ([\s\S]*)$/.exec(v.detail);
    results.push({
      job: record.job,
      database: record.database,
      backupId: record.id,
      backupTakenAt: record.startedAt,
      drilledAt: v.at,
      ok: v.ok === 1,
      error: v.ok === 1 ? null : { code: failed?.[1] ?? 'PG_RESTORE_FAILED', message: failed?.[2] ?? v.detail, fix: null },
    });
  }
  return results;
}
