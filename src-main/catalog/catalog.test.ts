import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackupsRepo } from './backups-repo';
import { MIGRATIONS } from './migrations';
import { catalogPath, openCatalogDb } from './open-catalog';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lifeboat-catalog-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const newBackup = (id: string) => ({
  id,
  job: 'adhoc',
  database: 'shop',
  startedAt: new Date().toISOString(),
  source: '127.0.0.1:5432',
  serverVersion: '15.4',
  toolVersion: '15.18',
  encryptionKind: 'x25519' as const,
  recipients: ['age1example'],
});

describe('catalog', () => {
  it('migrates an empty catalog to the newest schema in WAL mode', () => {
    const db = openCatalogDb(dir);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const versions = db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>;
    expect(versions.map((v) => v.version)).toEqual(MIGRATIONS.map((m) => m.version));
    db.close();
    // Re-opening applies nothing twice.
    openCatalogDb(dir).close();
  });

  it('refuses a catalog whose applied migration was edited', () => {
    openCatalogDb(dir).close();
    const edited = MIGRATIONS.map((m) => ({ ...m, sql: m.sql + '\n-- edited' }));
    expect(() => openCatalogDb(dir, edited)).toThrowError(/was changed after it was applied/);
  });

  it('refuses a catalog from a newer Lifeboat', () => {
    openCatalogDb(dir).close();
    const raw = new Database(catalogPath(dir));
    raw.prepare("INSERT INTO schema_migrations VALUES (999, 'future', 'x', 'now')").run();
    raw.close();
    expect(() => openCatalogDb(dir)).toThrowError(/newer Lifeboat/);
  });

  it('turns runs of dead processes into interrupted, and leaves live ones alone', () => {
    const db = openCatalogDb(dir);
    const repo = new BackupsRepo(db);
    repo.insertRunning(newBackup('dead'));
    repo.setCopy('dead', { destinationId: 'folder:/x', kind: 'folder', prefix: 'p', status: 'writing', errorMessage: null });
    repo.insertRunning(newBackup('alive'));
    db.prepare("UPDATE backups SET owner_pid = 2147483000 WHERE id = 'dead'").run();
    db.close();

    const reopened = new BackupsRepo(openCatalogDb(dir));
    expect(reopened.get('dead')?.status).toBe('interrupted');
    expect(reopened.get('dead')?.error).toMatchObject({ code: 'INTERRUPTED', fix: expect.stringContaining('Run the job again') });
    expect(reopened.get('dead')?.copies[0]?.status).toBe('failed');
    expect(reopened.get('alive')?.status).toBe('running');
  });

  it('records success with files atomically and finds by id prefix', () => {
    const repo = new BackupsRepo(openCatalogDb(dir));
    repo.insertRunning(newBackup('m80ce5c0gt4hv'));
    repo.markSucceeded('m80ce5c0gt4hv', {
      finishedAt: new Date().toISOString(),
      dumpBytes: 100,
      storedBytes: 40,
      warnings: ['w'],
      files: [
        { role: 'dump', name: 'a.dump.zst.age', size: 40, sha256: 'f'.repeat(64) },
        { role: 'manifest', name: 'a.manifest.json', size: 10, sha256: null },
      ],
    });
    const record = repo.find('m80ce');
    expect(record?.status).toBe('succeeded');
    expect(record?.files.map((f) => f.role)).toEqual(['dump', 'manifest']);
    expect(record?.warnings).toEqual(['w']);
    expect(repo.find('m8')).toBeUndefined(); // too short to be a safe prefix
  });
});
