import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jobConfigSchema, type JobConfig } from '../../src-shared/job';
import { BackupsRepo } from '../catalog/backups-repo';
import { openCatalogDb, type CatalogDb } from '../catalog/open-catalog';
import { drillAlerts } from '../notify/alerts';
import { EnvFileSecretStore } from '../secrets/env-file-store';
import { drillDetail, drillResultsFromCatalog, runDrill, type DrillDeps } from './drill';

const job = (databases: string[]): JobConfig =>
  jobConfigSchema.parse({
    name: 'nightly',
    source: { host: '127.0.0.1', port: 5432, user: 'postgres', databases: { mode: 'list', names: databases } },
    schedule: { spec: { kind: 'daily', time: '02:00' }, timeZone: 'UTC' },
    destinations: ['nas'],
    encryption: { kind: 'public-key', recipients: ['age1example'] },
  });

describe('restore drills (without a server)', () => {
  let dir: string;
  let db: CatalogDb;
  let repo: BackupsRepo;
  let deps: DrillDeps;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'lifeboat-drill-'));
    db = openCatalogDb(dir);
    repo = new BackupsRepo(db);
    deps = { backups: repo, secrets: async () => new EnvFileSecretStore({}), resolve: async () => Promise.reject(new Error('no destinations here')) };
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const addBackup = (id: string, database: string, startedAt: string, serverVersion = '15.4') => {
    repo.insertRunning({ id, job: 'nightly', database, startedAt, source: '127.0.0.1:5432', serverVersion, toolVersion: '15.18', encryptionKind: 'x25519', recipients: ['age1example'] });
    repo.markSucceeded(id, { finishedAt: startedAt, dumpBytes: 10, storedBytes: 10, warnings: [], files: [{ role: 'dump', name: `${id}.dump.zst.age`, size: 10, sha256: 'a'.repeat(64) }] });
  };

  it('a database without a succeeded backup is a failed drill (nothing to record it on)', async () => {
    const report = await runDrill(job(['sales']), deps);
    expect(report.ok).toBe(false);
    expect(report.results).toEqual([expect.objectContaining({ job: 'nightly', database: 'sales', backupId: null, ok: false, error: expect.objectContaining({ code: 'BACKUP_NOT_FOUND' }) })]);
    expect(repo.verifications()).toEqual([]);
  });

  it('drills the latest backup of each database; a failure is recorded with its code, and read back for alerts', async () => {
    addBackup('old', 'sales', '2025-01-01T02:00:00.000Z', '99.1');
    addBackup('new', 'sales', '2025-01-02T02:00:00.000Z', '99.1');
    // No PostgreSQL 99 server binaries exist anywhere: the local sandbox cannot start.
    const report = await runDrill(job(['sales']), deps, { keys: { identities: ['AGE-SECRET-KEY-1EXAMPLE'] } });
    expect(report.results).toHaveLength(1);
    expect(report.results[0]).toMatchObject({ backupId: 'new', ok: false, sandbox: 'local', error: { code: 'PG_TOOLS_MISSING' } });
    const recorded = repo.verifications();
    expect(recorded).toEqual([expect.objectContaining({ backup_id: 'new', kind: 'restore', ok: 0, detail: expect.stringMatching(/^drill \(local\): FAILED \[PG_TOOLS_MISSING\] No PostgreSQL server 99 or newer/) })]);

    // A later passing drill clears the alert; other restores are not drills.
    repo.recordVerification('new', 'restore', true, 'restored into sales_copy; 3 tables checked, 0 differ');
    const failed = drillResultsFromCatalog(repo);
    expect(failed).toEqual([expect.objectContaining({ job: 'nightly', database: 'sales', backupId: 'new', ok: false, error: expect.objectContaining({ code: 'PG_TOOLS_MISSING' }) })]);
    expect(drillAlerts(failed, { now: new Date() })).toHaveLength(1);
    repo.recordVerification('new', 'restore', true, drillDetail({ ...report.results[0]!, ok: true, error: null, where: 'throwaway PostgreSQL 15 cluster', tablesChecked: 3 }));
    const later = drillResultsFromCatalog(repo);
    expect(later.map((d) => d.ok)).toEqual([false, true]);
    expect(drillAlerts(later.map((d, i) => ({ ...d, drilledAt: `2025-01-0${i + 3}T00:00:00Z` })), { now: new Date() })).toEqual([]);
  });

  it('without a key given or stored, the drill fails with DECRYPT_NO_KEY', async () => {
    addBackup('b1', 'sales', '2025-01-01T02:00:00.000Z');
    const report = await runDrill(job(['sales']), deps);
    expect(report.results[0]).toMatchObject({ ok: false, error: { code: 'DECRYPT_NO_KEY' } });
  });
});
