import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jobConfigSchema, type JobConfig } from '../../src-shared/job';
import { LeasesRepo } from '../catalog/leases-repo';
import { openCatalogDb, type CatalogDb } from '../catalog/open-catalog';
import { acquireBackupLease, acquireDrillLease, databaseLeaseName, LEASE_TTL_MS } from './job-leases';

const job = (databases: JobConfig['source']['databases']): JobConfig =>
  jobConfigSchema.parse({
    name: 'nightly',
    source: { host: 'db', port: 5432, user: 'backup', databases },
    schedule: { spec: { kind: 'daily', time: '02:00' }, timeZone: 'UTC' },
    destinations: ['nas'],
    encryption: { kind: 'public-key', recipients: ['age1example'] },
  });

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('a job’s drill and its backups never overlap (leases in the catalog)', () => {
  let dir: string;
  let dbs: CatalogDb[];
  /** Two LeasesRepos on two connections, as the desktop app and the daemon have. */
  let app: LeasesRepo;
  let daemon: LeasesRepo;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'lifeboat-leases-'));
    dbs = [openCatalogDb(dir), openCatalogDb(dir)];
    app = new LeasesRepo(dbs[0]!);
    daemon = new LeasesRepo(dbs[1]!);
  });
  afterEach(() => {
    for (const db of dbs) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a drill waits while a backup of one of the job’s databases runs elsewhere, and starts when it ends', async () => {
    const backup = daemon.tryAcquire(databaseLeaseName('db', 5432, 'shop'), LEASE_TTL_MS)!;
    const unrelated = daemon.tryAcquire(databaseLeaseName('db', 5432, 'other'), LEASE_TTL_MS)!;
    const waits: string[] = [];
    let started = false;
    const drill = acquireDrillLease(app, job({ mode: 'list', names: ['shop'] }), { pollMs: 5, onWait: (why) => waits.push(why) }).then((lease) => ((started = true), lease));
    await settle();
    expect(started).toBe(false);
    expect(waits).toEqual(['a backup of job "nightly" is running']);
    backup.release();
    // Started although "other" (not one of the job's databases) is still being backed up.
    const lease = await drill;
    expect(started).toBe(true);
    lease.release();
    // A whole-server job covers every database on its server, so its drill waits for "other".
    let wholeServer = false;
    const all = acquireDrillLease(app, job({ mode: 'all', exclude: [] }), { pollMs: 5 }).then((l) => ((wholeServer = true), l));
    await settle();
    expect(wholeServer).toBe(false);
    unrelated.release();
    (await all).release();
  });

  it('a backup backs off while the drill runs and goes ahead when it ends; a second drill of the job is refused', async () => {
    const drill = await acquireDrillLease(daemon, job({ mode: 'all', exclude: [] }), { pollMs: 5 });
    await expect(acquireDrillLease(app, job({ mode: 'all', exclude: [] }))).rejects.toMatchObject({ code: 'BAD_INPUT', message: 'Another Lifeboat process is running a restore drill of job "nightly" right now.' });
    const name = databaseLeaseName('db', 5432, 'shop');
    let lease: Awaited<ReturnType<typeof acquireBackupLease>>;
    const backup = acquireBackupLease(app, 'nightly', name, { pollMs: 5 }).then((l) => (lease = l));
    await settle();
    expect(lease).toBeUndefined();
    // It does not sit on the database lease while it waits, so the drill never waits for it in turn.
    expect(daemon.heldWithPrefix(name)).toEqual([]);
    drill.release();
    await backup;
    expect(lease).toBeDefined();
    expect(daemon.heldWithPrefix(name)).toEqual([name]);
    // Another job's drill lease (a name that merely starts the same) does not stop it.
    const other = await acquireDrillLease(daemon, { ...job({ mode: 'list', names: ['x'] }), name: 'nightly2' });
    lease!.release();
    expect(await acquireBackupLease(app, 'nightly', name)).toBeDefined();
    other.release();
  });

  it('waiting ends with CANCELLED when the run is cancelled, and leaves no lease behind', async () => {
    daemon.tryAcquire(databaseLeaseName('db', 5432, 'shop'), LEASE_TTL_MS);
    const controller = new AbortController();
    const drill = acquireDrillLease(app, job({ mode: 'list', names: ['shop'] }), { pollMs: 5, signal: controller.signal });
    await settle();
    controller.abort();
    await expect(drill).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(app.heldWithPrefix('drill:')).toEqual([]);
  });
});
