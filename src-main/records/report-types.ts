// The shape of a monthly (compliance) report: plain data built once, then rendered as HTML or CSV.
import type { BackupRecord, BackupStatus, CopyStatus } from '../../src-shared/types';
import type { AuditEntry } from '../../src-shared/audit';
import type { VerificationRecord } from './verification-record';

export interface MonthlyReportInput {
  job: string;
  year: number;
  /** 1–12 */
  month: number;
  /** IANA zone whose calendar defines the month and the days. */
  timeZone: string;
  /** Backups of any job and month; include older months so drills on older backups are attributed. */
  backups: readonly BackupRecord[];
  verifications: readonly VerificationRecord[];
  /** Audit entries covering the month; `backup_prune` entries become the deletions. */
  auditEntries: readonly AuditEntry[];
  generatedAt: Date;
}

export type CopyCounts = Record<CopyStatus, number>;

export interface ReportCopyTally {
  destinationId: string;
  kind: 'folder' | 's3';
  counts: CopyCounts;
}

export interface ReportBackupRow {
  id: string;
  database: string;
  status: BackupStatus;
  /** ISO 8601 with the report zone's offset. */
  startedAt: string;
  /** Local calendar day, "2025-10-27". */
  date: string;
  /** Local "2025-10-27 03:00". */
  startedLocal: string;
  storedBytes: number | null;
  dumpBytes: number | null;
  durationSeconds: number | null;
  copies: Array<{ destinationId: string; status: CopyStatus }>;
  error: string | null;
  warnings: number;
}

export interface ReportDrillRow {
  at: string;
  date: string;
  atLocal: string;
  backupId: string;
  database: string;
  kind: 'verify' | 'restore';
  ok: boolean;
  detail: string | null;
}

export interface ReportDeletionRow {
  timestamp: string;
  date: string;
  atLocal: string;
  ok: boolean;
  database: string | null;
  destination: string | null;
  backupFile: string | null;
  backupId: string | null;
  details: string;
}

export interface ReportDayRow {
  date: string;
  backups: number;
  succeeded: number;
  failures: number;
  storedBytes: number;
  verifications: number;
  restoreDrills: number;
  deletions: number;
  /** Past days with no succeeded backup: the gaps an auditor looks for. */
  gap: boolean;
}

export interface ReportDatabaseSummary {
  database: string;
  backups: number;
  succeeded: number;
  failures: number;
  latestStoredBytes: number | null;
  largestStoredBytes: number | null;
  lastSuccessLocal: string | null;
}

export interface ReportSizePoint {
  backupId: string;
  database: string;
  startedLocal: string;
  storedBytes: number;
}

export interface PassFail {
  passed: number;
  failed: number;
}

export interface MonthlyReport {
  job: string;
  /** "2025-10" */
  month: string;
  /** "October 2025" */
  monthLabel: string;
  timeZone: string;
  /** ISO 8601 in the report's zone. */
  generatedAt: string;
  totals: {
    /** Runs started this month, any status. */
    backups: number;
    succeeded: number;
    /** failed + interrupted */
    failures: number;
    cancelled: number;
    running: number;
    /** succeeded / finished runs (cancelled ones count against); null when nothing finished. */
    successRate: number | null;
    /** Sum of stored sizes of this month's succeeded backups. */
    storedBytes: number;
    withWarnings: number;
    verifications: PassFail;
    restoreDrills: PassFail;
    deletions: number;
    deletionFailures: number;
    daysWithoutSuccess: number;
  };
  latest: ReportSizePoint | null;
  largest: ReportSizePoint | null;
  databases: ReportDatabaseSummary[];
  /** Copies of this month's succeeded backups, by destination and current status. */
  copies: ReportCopyTally[];
  days: ReportDayRow[];
  /** Oldest first. */
  backups: ReportBackupRow[];
  drills: ReportDrillRow[];
  deletions: ReportDeletionRow[];
}
