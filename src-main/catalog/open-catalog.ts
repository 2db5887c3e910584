// Opens the SQLite catalog (WAL mode), applies pending migrations in one transaction each,
// and turns runs left `running` by a crashed process into `interrupted`.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LifeboatError } from '../../src-shared/errors';
import { processAlive } from '../process-alive';
import { MIGRATIONS, type Migration } from './migrations';

export type CatalogDb = Database.Database;

export function catalogPath(dataDir: string): string {
  return path.join(dataDir, 'catalog.sqlite');
}

export function openCatalogDb(dataDir: string, migrations: readonly Migration[] = MIGRATIONS): CatalogDb {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  let db: CatalogDb;
  try {
    db = new Database(catalogPath(dataDir));
  } catch (error) {
    throw new LifeboatError('CATALOG_FAILED', `Cannot open the catalog in ${dataDir}: ${(error as Error).message}.`, {
      fix: 'Check that the folder is writable, or point LIFEBOAT_HOME to another folder.',
      cause: error,
    });
  }
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, migrations);
  markInterruptedRuns(db);
  return db;
}

export function migrationHash(migration: Migration): string {
  return createHash('sha256').update(migration.sql).digest('hex');
}

export function migrate(db: CatalogDb, migrations: readonly Migration[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = new Map(
    db.prepare<[], { version: number; sha256: string }>('SELECT version, sha256 FROM schema_migrations').all().map((r) => [r.version, r.sha256]),
  );
  const newest = Math.max(0, ...applied.keys());
  const known = Math.max(0, ...migrations.map((m) => m.version));
  if (newest > known) {
    throw new LifeboatError('CATALOG_FAILED', `The catalog was written by a newer Lifeboat (schema ${newest}, this version knows ${known}).`, {
      fix: 'Update Lifeboat, or rebuild a catalog for this version from a destination.',
    });
  }
  for (const migration of migrations) {
    const hash = migrationHash(migration);
    const recorded = applied.get(migration.version);
    if (recorded !== undefined) {
      if (recorded !== hash) {
        throw new LifeboatError('CATALOG_FAILED', `Catalog migration ${migration.version} (${migration.name}) was changed after it was applied.`, {
          fix: 'This is a bug in this build of Lifeboat; reinstall the released version.',
        });
      }
      continue;
    }
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, sha256, applied_at) VALUES (?, ?, ?, ?)').run(
        migration.version,
        migration.name,
        hash,
        new Date().toISOString(),
      );
    })();
  }
}

/** A run whose owning process is gone did not finish: it must never look like a success or stay "running". */
function markInterruptedRuns(db: CatalogDb): void {
  const running = db.prepare<[], { id: string; owner_pid: number | null; owner_host: string | null }>(
    "SELECT id, owner_pid, owner_host FROM backups WHERE status = 'running'",
  ).all();
  const host = os.hostname();
  const now = new Date().toISOString();
  const mark = db.prepare(
    "UPDATE backups SET status = 'interrupted', finished_at = ?, error_code = 'INTERRUPTED', error_message = 'Lifeboat stopped before this backup finished (crash, kill or power loss).', error_fix = 'Nothing was kept from it. Run the job again (the next scheduled run catches up by itself).' WHERE id = ? AND status = 'running'",
  );
  const markCopies = db.prepare("UPDATE copies SET status = 'failed', error_message = 'interrupted', updated_at = ? WHERE backup_id = ? AND status = 'writing'");
  for (const run of running) {
    if (run.owner_host === host && run.owner_pid !== null && processAlive(run.owner_pid)) continue;
    db.transaction(() => {
      mark.run(now, run.id);
      markCopies.run(now, run.id);
    })();
  }
}

