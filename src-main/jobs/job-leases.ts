// Leases that keep runs apart across processes (the desktop app, the daemon, a CLI command):
// one backup per database at a time, and a job's restore drill never alongside a backup of the
// same job. The drill holds "drill:<job>" and then waits until none of the job's databases is
// being backed up; a backup takes its database's lease and then backs off while the drill lease
// is held. Each checks for the other only after taking its own lease, so one of them always
// sees the other.
import { setTimeout as sleep } from 'node:timers/promises';
import { LifeboatError } from '../../src-shared/errors';
import type { JobConfig } from '../../src-shared/job';
import type { Lease, LeasesRepo } from '../catalog/leases-repo';

export const LEASE_TTL_MS = 120_000;
const POLL_MS = 2_000;

export function databaseLeaseName(host: string, port: number, database: string): string {
  return `database:${host}:${port}/${database}`;
}

export function drillLeaseName(job: string): string {
  return `drill:${job}`;
}

export interface WaitOptions {
  signal?: AbortSignal;
  pollMs?: number;
  /** Told once, when the first attempt has to wait. */
  onWait?: (why: string) => void;
}

/** A lease kept alive by a heartbeat until released. */
export interface HeldLease {
  release(): void;
}

export function keepAlive(lease: Lease): HeldLease {
  const heartbeat = setInterval(() => lease.renew(), LEASE_TTL_MS / 4);
  heartbeat.unref?.();
  return {
    release: () => {
      clearInterval(heartbeat);
      lease.release();
    },
  };
}

/**
 * A backup's lease on one database, waiting while a drill of the job runs. Undefined when
 * another process is backing up that database (it covers it).
 */
export async function acquireBackupLease(leases: LeasesRepo, job: string, name: string, options: WaitOptions = {}): Promise<Lease | undefined> {
  let told = false;
  for (;;) {
    const lease = leases.tryAcquire(name, LEASE_TTL_MS);
    if (!lease) return undefined;
    if (!leases.heldWithPrefix(drillLeaseName(job)).includes(drillLeaseName(job))) return lease;
    lease.release();
    if (!told) options.onWait?.(`a restore drill of job "${job}" is running`);
    told = true;
    await pause(options);
  }
}

/** The drill lease of a job, once no backup of the job runs. Throws BAD_INPUT when another process is drilling the job. */
export async function acquireDrillLease(leases: LeasesRepo, job: JobConfig, options: WaitOptions = {}): Promise<HeldLease> {
  const lease = leases.tryAcquire(drillLeaseName(job.name), LEASE_TTL_MS);
  if (!lease) {
    throw new LifeboatError('BAD_INPUT', `Another Lifeboat process is running a restore drill of job "${job.name}" right now.`, { fix: 'Nothing to do: that drill covers it.' });
  }
  const held = keepAlive(lease);
  try {
    let told = false;
    while (backupsRunning(leases, job).length > 0) {
      if (!told) options.onWait?.(`a backup of job "${job.name}" is running`);
      told = true;
      await pause(options);
    }
    return held;
  } catch (error) {
    held.release();
    throw error;
  }
}

/** Database leases of the job held now; a whole-server job counts every database on its server. */
function backupsRunning(leases: LeasesRepo, job: JobConfig): string[] {
  const { host, port, databases } = job.source;
  const held = leases.heldWithPrefix(databaseLeaseName(host, port, ''));
  if (databases.mode === 'all') return held;
  const names = new Set(databases.names.map((db) => databaseLeaseName(host, port, db)));
  return held.filter((name) => names.has(name));
}

async function pause(options: WaitOptions): Promise<void> {
  try {
    await sleep(options.pollMs ?? POLL_MS, undefined, { signal: options.signal });
  } catch (error) {
    throw new LifeboatError('CANCELLED', 'Cancelled while waiting for another run of the job to finish.', { cause: error });
  }
}
