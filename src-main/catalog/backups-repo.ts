// Reads and writes backup records. Every statement is named here; nothing else writes SQL.
import os from 'node:os';
import type { BackupCopy, BackupFile, BackupRecord, CopyStatus, EncryptionKind } from '../../src-shared/types';
import type { Manifest } from '../../src-shared/manifest';
import { BACKUP_COLUMNS, hydrateBackups, type BackupRow } from './backup-records';
import type { CatalogDb } from './open-catalog';


export interface NewBackup {
  id: string;
  job: string;
  database: string;
  startedAt: string;
  source: string;
  serverVersion: string | null;
  toolVersion: string | null;
  encryptionKind: EncryptionKind;
  recipients: string[];
}

export interface FinishedBackup {
  finishedAt: string;
  dumpBytes: number;
  storedBytes: number;
  warnings: string[];
  files: BackupFile[];
}

export class BackupsRepo {
  constructor(private readonly db: CatalogDb) {}

  insertRunning(backup: NewBackup): void {
    this.db
      .prepare(
        `INSERT INTO backups (id, job, database_name, status, started_at, source, server_version, tool_version, encryption_kind, recipients, owner_pid, owner_host)
         VALUES (@id, @job, @database, 'running', @startedAt, @source, @serverVersion, @toolVersion, @encryptionKind, @recipients, @pid, @host)`,
      )
      .run({ ...backup, recipients: JSON.stringify(backup.recipients), pid: process.pid, host: os.hostname() });
  }

  setVersions(id: string, serverVersion: string, toolVersion: string): void {
    this.db.prepare('UPDATE backups SET server_version = ?, tool_version = ? WHERE id = ?').run(serverVersion, toolVersion, id);
  }

  setCopy(backupId: string, copy: Omit<BackupCopy, 'updatedAt'>): void {
    this.db
      .prepare(
        `INSERT INTO copies (backup_id, destination_id, kind, prefix, status, error_message, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (backup_id, destination_id) DO UPDATE SET status = excluded.status, error_message = excluded.error_message,
           prefix = excluded.prefix, updated_at = excluded.updated_at`,
      )
      .run(backupId, copy.destinationId, copy.kind, copy.prefix, copy.status, copy.errorMessage, new Date().toISOString());
  }

  setCopyStatus(backupId: string, destinationId: string, status: CopyStatus, errorMessage: string | null = null): void {
    this.db
      .prepare('UPDATE copies SET status = ?, error_message = ?, updated_at = ? WHERE backup_id = ? AND destination_id = ?')
      .run(status, errorMessage, new Date().toISOString(), backupId, destinationId);
  }

  /** Marks the run succeeded together with its files: one transaction, so a crash leaves it `running` (then `interrupted`), never half-succeeded. */
  markSucceeded(id: string, result: FinishedBackup): void {
    this.db.transaction(() => {
      const insertFile = this.db.prepare('INSERT OR REPLACE INTO backup_files (backup_id, role, name, size, sha256) VALUES (?, ?, ?, ?, ?)');
      for (const f of result.files) insertFile.run(id, f.role, f.name, f.size, f.sha256);
      this.db
        .prepare(
          `UPDATE backups SET status = 'succeeded', finished_at = ?, dump_bytes = ?, stored_bytes = ?, warnings = ?,
             manifest_name = (SELECT name FROM backup_files WHERE backup_id = ? AND role = 'manifest')
           WHERE id = ?`,
        )
        .run(result.finishedAt, result.dumpBytes, result.storedBytes, JSON.stringify(result.warnings), id, id);
    })();
  }

  markFailed(id: string, status: 'failed' | 'cancelled', error: { code: string; message: string; fix?: string | undefined }): void {
    this.db.transaction(() => {
      this.db
        .prepare('UPDATE backups SET status = ?, finished_at = ?, error_code = ?, error_message = ?, error_fix = ? WHERE id = ?')
        .run(status, new Date().toISOString(), error.code, error.message, error.fix ?? null, id);
      this.db.prepare("UPDATE copies SET status = 'failed', updated_at = ? WHERE backup_id = ? AND status = 'writing'").run(new Date().toISOString(), id);
    })();
  }

  /**
   * Re-creates a backup from its manifest (catalog rebuild). Idempotent: an existing backup
   * keeps its row and gains or updates this copy, so rebuilding from several destinations merges.
   */
  importFromManifest(manifest: Manifest, manifestName: string, manifestSize: number, copy: ImportedCopy): 'added' | 'merged' {
    return this.db.transaction(() => {
      const exists = this.db.prepare('SELECT 1 FROM backups WHERE id = ?').get(manifest.backupId) !== undefined;
      if (!exists) {
        this.db
          .prepare(
            `INSERT INTO backups (id, job, database_name, status, started_at, finished_at, server_version, tool_version, dump_bytes, stored_bytes,
               encryption_kind, recipients, manifest_name, warnings)
             VALUES (?, ?, ?, 'succeeded', ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]')`,
          )
          .run(
            manifest.backupId,
            manifest.job,
            manifest.database,
            manifest.startedAt,
            manifest.finishedAt,
            manifest.server.version,
            manifest.tools.pgDump,
            manifest.dumpBytes,
            manifest.files.find((f) => f.role === 'dump')?.size ?? null,
            manifest.encryption.kind,
            JSON.stringify(manifest.encryption.recipients),
            manifestName,
          );
        const insertFile = this.db.prepare('INSERT OR IGNORE INTO backup_files (backup_id, role, name, size, sha256) VALUES (?, ?, ?, ?, ?)');
        for (const f of manifest.files) insertFile.run(manifest.backupId, f.role, f.name, f.size, f.sha256);
        insertFile.run(manifest.backupId, 'manifest', manifestName, manifestSize, null);
      }
      this.setCopy(manifest.backupId, { ...copy });
      return exists ? 'merged' : 'added';
    })();
  }

  /** Forgets one copy; a backup left with no copy at all is forgotten too (its files are gone). */
  removeCopy(backupId: string, destinationId: string): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM copies WHERE backup_id = ? AND destination_id = ?').run(backupId, destinationId);
      this.db.prepare("DELETE FROM backups WHERE id = ? AND status <> 'running' AND NOT EXISTS (SELECT 1 FROM copies WHERE backup_id = ?)").run(backupId, backupId);
    })();
  }

  importManyFromManifests(items: Array<{ manifest: Manifest; name: string; size: number; copy: ImportedCopy }>): Array<'added' | 'merged'> {
    return this.db.transaction(() => items.map((i) => this.importFromManifest(i.manifest, i.name, i.size, i.copy)))();
  }

  recordVerification(backupId: string, kind: 'verify' | 'restore', ok: boolean, detail: string): void {
    // A file restored from outside the catalog has no row to attach the result to.
    this.db
      .prepare('INSERT INTO verifications (backup_id, kind, at, ok, detail) SELECT id, ?, ?, ?, ? FROM backups WHERE id = ?')
      .run(kind, new Date().toISOString(), ok ? 1 : 0, detail, backupId);
  }

  /** Verify and restore results (restore drills included), for reports and the dashboard. */
  verifications(): Array<{ id: number; backup_id: string; kind: 'verify' | 'restore'; at: string; ok: number; detail: string | null }> {
    return this.db.prepare<[], { id: number; backup_id: string; kind: 'verify' | 'restore'; at: string; ok: number; detail: string | null }>('SELECT id, backup_id, kind, at, ok, detail FROM verifications ORDER BY at').all();
  }

  get(id: string): BackupRecord | undefined {
    const row = this.db.prepare<[string], BackupRow>(`SELECT ${BACKUP_COLUMNS} FROM backups WHERE id = ?`).get(id);
    return row ? hydrateBackups(this.db, [row])[0] : undefined;
  }

  /** Accepts a full id or a unique prefix of at least 4 characters, as git does. */
  find(idOrPrefix: string): BackupRecord | undefined {
    const exact = this.get(idOrPrefix);
    if (exact || idOrPrefix.length < 4) return exact;
    const rows = this.db.prepare<[string], BackupRow>(`SELECT ${BACKUP_COLUMNS} FROM backups WHERE id LIKE ? || '%' LIMIT 2`).all(idOrPrefix);
    return rows.length === 1 ? hydrateBackups(this.db, rows)[0] : undefined;
  }

  list(options: { limit?: number; offset?: number } = {}): BackupRecord[] {
    const rows = this.db.prepare<[number, number], BackupRow>(`SELECT ${BACKUP_COLUMNS} FROM backups ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?`).all(options.limit ?? 1000, options.offset ?? 0);
    return hydrateBackups(this.db, rows);
  }

}

export interface ImportedCopy {
  destinationId: string;
  kind: 'folder' | 's3';
  prefix: string;
  status: 'present' | 'missing' | 'corrupt';
  errorMessage: string | null;
}
