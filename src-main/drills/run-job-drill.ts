// One drill of a job, scheduled or by hand, with everything around runDrill: a scheduled drill
// is skipped (not failed) while there is nothing it could test; it never runs alongside a
// backup of the job (job-leases.ts); its outcome goes to the job's drill state and the audit log.
import { toLifeboatError } from '../../src-shared/errors';
import type { JobConfig } from '../../src-shared/job';
import type { DrillRunOutcome, DrillStateRepo } from '../catalog/drill-state-repo';
import type { LeasesRepo } from '../catalog/leases-repo';
import { acquireDrillLease } from '../jobs/job-leases';
import { silentLogger } from '../log';
import type { AuditSink } from '../records/audit-sink';
import { secretRefs, type SecretStore } from '../secrets/secret-store';
import { runDrill, type DrillDeps, type DrillOptions, type DrillReport } from './drill';
import { auditDrillResults, auditDrillSkipped, type DrillActor } from './drill-audit';

export interface JobDrillDeps extends DrillDeps {
  leases: LeasesRepo;
  state: DrillStateRepo;
  audit: AuditSink;
}

export interface JobDrillOptions extends DrillOptions {
  /** Scheduled drills skip what they cannot test yet; a drill asked for by hand reports it as failed. */
  trigger: 'scheduled' | 'manual';
}

export interface DrillRunResult {
  kind: 'drill';
  job: string;
  outcome: DrillRunOutcome;
  /** Why it was skipped, or what failed, in one line. */
  detail: string | null;
  /** Null when it was skipped before drilling anything. */
  report: DrillReport | null;
}

export async function runJobDrill(job: JobConfig, deps: JobDrillDeps, options: JobDrillOptions): Promise<DrillRunResult> {
  const log = (deps.log ?? silentLogger).scope(`drill:${job.name}`);
  const actor: DrillActor = options.trigger === 'scheduled' ? 'scheduler' : undefined;
  if (options.trigger === 'manual') deps.state.recordStart(job.name, new Date());
  const finish = (outcome: DrillRunOutcome, detail: string | null, report: DrillReport | null): DrillRunResult => {
    deps.state.recordOutcome(job.name, outcome, detail, new Date());
    if (outcome === 'skipped' && detail) auditDrillSkipped(deps.audit, job.name, detail, actor);
    log.info(`drill ${outcome}`, { detail });
    return { kind: 'drill', job: job.name, outcome, detail, report };
  };

  if (options.trigger === 'scheduled') {
    const reason = await skipReason(job, deps, options);
    if (reason) return finish('skipped', reason, null);
  }
  let lease;
  try {
    lease = await acquireDrillLease(deps.leases, job, { signal: options.signal, onWait: (why) => log.info('waiting before the drill', { why }) });
  } catch (error) {
    const failure = toLifeboatError(error);
    if (failure.code === 'CANCELLED') return finish('cancelled', failure.message, null);
    // BAD_INPUT: another process is drilling this job right now, and its drill covers this one.
    if (failure.code === 'BAD_INPUT') return finish('skipped', failure.message, null);
    throw error;
  }
  try {
    const report = await runDrill(job, deps, { ...options, sandbox: options.sandbox ?? job.drill.sandbox });
    // A scheduled drill of a database with no good backup yet (a new one on a whole-server job) is skipped, not failed.
    const untested = options.trigger === 'scheduled' ? report.results.filter((r) => r.backupId === null && r.error?.code === 'BACKUP_NOT_FOUND') : [];
    const drilled = report.results.filter((r) => !untested.includes(r));
    for (const r of untested) auditDrillSkipped(deps.audit, job.name, 'no good backup of it yet', actor, r.database);
    auditDrillResults(deps.audit, job.name, drilled, actor);
    const failed = drilled.filter((r) => !r.ok);
    if (failed.length > 0) return finish('failed', failed.map((r) => `${r.database}: ${r.error?.message ?? 'failed'}`).join('; '), report);
    return finish('passed', null, report);
  } catch (error) {
    const failure = toLifeboatError(error);
    if (failure.code === 'CANCELLED' || options.signal?.aborted) return finish('cancelled', 'The drill was cancelled.', null);
    finish('failed', failure.message, null);
    throw error;
  } finally {
    lease.release();
  }
}

/** Why a scheduled drill cannot test anything now, or undefined when it can. */
async function skipReason(job: JobConfig, deps: JobDrillDeps, options: DrillOptions): Promise<string | undefined> {
  const good = deps.backups.list({ limit: 1_000_000 }).some((b) => b.job === job.name && b.status === 'succeeded');
  if (!good) return 'the job has no good backup yet';
  // A public-key job is meant for machines that cannot read its backups; a key given or kept here still allows drills.
  if (job.encryption.kind === 'public-key' && !options.keys && !(await holdsAnyIdentity(await deps.secrets(), job.encryption.recipients))) {
    return 'this computer holds no secret key for the job\'s backups (public key only), so it cannot restore them';
  }
  return undefined;
}

async function holdsAnyIdentity(secrets: SecretStore, recipients: readonly string[]): Promise<boolean> {
  for (const recipient of recipients) if (await secrets.get(secretRefs.identity(recipient))) return true;
  return false;
}
