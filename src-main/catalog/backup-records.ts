// Turns backup rows into BackupRecords with their files and copies, a whole page at a time:
// one query for the files and one for the copies, never one per row (catalogs reach 100,000+).
import type { BackupCopy, BackupFile, BackupRecord, BackupStatus, CopyStatus, EncryptionKind } from '../../src-shared/types';
import type { CatalogDb } from './open-catalog';

export interface BackupRow {
  id: string;
  job: string;
  database_name: string;
  status: BackupStatus;
  started_at: string;
  finished_at: string | null;
  source: string | null;
  server_version: string | null;
  tool_version: string | null;
  dump_bytes: number | null;
  stored_bytes: number | null;
  encryption_kind: EncryptionKind | null;
  recipients: string | null;
  error_code: string | null;
  error_message: string | null;
  error_fix: string | null;
  warnings: string | null;
}

export const BACKUP_COLUMNS =
  'id, job, database_name, status, started_at, finished_at, source, server_version, tool_version, dump_bytes, stored_bytes, encryption_kind, recipients, error_code, error_message, error_fix, warnings';

interface FileRow extends BackupFile {
  backup_id: string;
}

interface CopyRow {
  backup_id: string;
  destination_id: string;
  kind: 'folder' | 's3';
  prefix: string;
  status: CopyStatus;
  error_message: string | null;
  updated_at: string;
}

export function hydrateBackups(db: CatalogDb, rows: readonly BackupRow[]): BackupRecord[] {
  if (rows.length === 0) return [];
  const ids = JSON.stringify(rows.map((r) => r.id));
  const files = new Map<string, BackupFile[]>();
  for (const f of db.prepare<[string], FileRow>('SELECT backup_id, role, name, size, sha256 FROM backup_files WHERE backup_id IN (SELECT value FROM json_each(?)) ORDER BY backup_id, role').all(ids)) {
    push(files, f.backup_id, { role: f.role, name: f.name, size: f.size, sha256: f.sha256 });
  }
  const copies = new Map<string, BackupCopy[]>();
  for (const c of db
    .prepare<[string], CopyRow>('SELECT backup_id, destination_id, kind, prefix, status, error_message, updated_at FROM copies WHERE backup_id IN (SELECT value FROM json_each(?)) ORDER BY backup_id, kind, destination_id')
    .all(ids)) {
    push(copies, c.backup_id, { destinationId: c.destination_id, kind: c.kind, prefix: c.prefix, status: c.status, errorMessage: c.error_message, updatedAt: c.updated_at });
  }
  return rows.map((row) => toRecord(row, files.get(row.id) ?? [], copies.get(row.id) ?? []));
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function toRecord(row: BackupRow, files: BackupFile[], copies: BackupCopy[]): BackupRecord {
  return {
    id: row.id,
    job: row.job,
    database: row.database_name,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    source: row.source,
    serverVersion: row.server_version,
    toolVersion: row.tool_version,
    dumpBytes: row.dump_bytes,
    storedBytes: row.stored_bytes,
    encryptionKind: row.encryption_kind,
    recipients: row.recipients ? (JSON.parse(row.recipients) as string[]) : [],
    error: row.error_code ? { code: row.error_code, message: row.error_message ?? '', ...(row.error_fix ? { fix: row.error_fix } : {}) } : null,
    warnings: row.warnings ? (JSON.parse(row.warnings) as string[]) : [],
    files,
    copies,
    health: row.status !== 'succeeded' ? null : copies.every((c) => c.status === 'present') ? 'complete' : 'degraded',
  };
}
