// Domain types shared by the core, the hosts and the UI. Plain data only.
import type { ErrorData } from './errors';

export type BackupStatus = 'running' | 'succeeded' | 'failed' | 'interrupted' | 'cancelled';
export type CopyStatus = 'writing' | 'present' | 'failed' | 'missing' | 'corrupt';
export type FileRole = 'dump' | 'globals' | 'manifest';
/** Lifeboat's own backups: age to x25519 recipients or a passphrase. Imported files: how the old script encrypted them. */
export type AgeEncryptionKind = 'x25519' | 'passphrase';
export type EncryptionKind = AgeEncryptionKind | 'fernet' | 'gpg-key' | 'none';

export interface BackupFile {
  role: FileRole;
  name: string;
  size: number | null;
  sha256: string | null;
}

export interface BackupCopy {
  destinationId: string;
  kind: 'folder' | 's3';
  /** Folder (key prefix) inside the destination that holds this set's files. */
  prefix: string;
  status: CopyStatus;
  errorMessage: string | null;
  updatedAt: string;
}

export interface BackupRecord {
  id: string;
  job: string;
  database: string;
  status: BackupStatus;
  startedAt: string;
  finishedAt: string | null;
  source: string | null;
  serverVersion: string | null;
  toolVersion: string | null;
  dumpBytes: number | null;
  storedBytes: number | null;
  encryptionKind: EncryptionKind | null;
  recipients: string[];
  /** Why it failed, and what to do about it. */
  error: { code: string; message: string; fix?: string } | null;
  warnings: string[];
  files: BackupFile[];
  copies: BackupCopy[];
  /** For succeeded backups: 'degraded' until every destination holds a good copy. */
  health: 'complete' | 'degraded' | null;
}

export type ProgressPhase = 'connecting' | 'dumping' | 'globals' | 'finishing' | 'reading' | 'restoring' | 'analyzing' | 'verifying';

/** A progress report for long work: the CLI draws a bar from it, the UI a progress row. */
export interface Progress {
  phase: ProgressPhase;
  /** Bytes processed so far in this phase (dump bytes for backups, stored bytes for restores). */
  bytes: number;
  /** Best estimate of the total, when one exists. */
  totalBytes: number | null;
  bytesPerSecond: number;
  etaSeconds: number | null;
}

export interface TableRowCount {
  schema: string;
  table: string;
  rows: number;
}

/** What a backup holds, read while it is checked: what the restore wizard offers and the preflight checks. */
export interface ArchiveContents {
  /** Tables with their row counts at backup time (from the manifest's encrypted part). */
  tables: TableRowCount[];
  schemas: string[];
  /** Extensions the archive creates: each must be installable on the target server. */
  extensions: string[];
  /** Roles that own objects in the archive (built-in pg_* roles left out). */
  owners: string[];
  /** Whether the roles file (pg_dumpall --globals-only) was stored with the backup. */
  hasGlobals: boolean;
  /** PostgreSQL version of the server the backup was taken from. */
  serverVersion: string | null;
}

export interface RowCountComparison {
  schema: string;
  table: string;
  expected: number | null;
  actual: number | null;
}

export interface RestoreReport {
  backupId: string | null;
  database: string;
  targetDatabase: string;
  durationMs: number;
  bytesRead: number;
  tablesChecked: number;
  mismatches: RowCountComparison[];
  warnings: string[];
}

/** What `verify` proves about a backup without restoring it. */
export interface VerifyReport {
  backupId: string | null;
  label: string;
  storedBytes: number;
  dumpBytes: number;
  sha256: string;
  hashChecked: boolean;
  tocEntries: number;
  tableDataEntries: number;
  tables: number | null;
}

export type { ErrorData };
