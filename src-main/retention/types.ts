// What the retention planner reads (catalog rows reduced to what matters) and what it returns.
// Plain data only: the planner does no I/O, the caller deletes what the plan lists.
import type { BackupStatus, CopyStatus } from '../../src-shared/types';
import type { RetentionPolicy } from './policy';

export interface RetentionCopy {
  destinationId: string;
  status: CopyStatus;
  sizeBytes: number;
  /** ISO time until which S3 Object Lock refuses to delete this copy. */
  lockedUntil?: string;
}

export interface RetentionBackup {
  id: string;
  database: string;
  job: string;
  /** ISO time; the backup's age and calendar buckets come from it. */
  startedAt: string;
  status: BackupStatus;
  copies: RetentionCopy[];
}

export interface RetentionDestination {
  id: string;
  policy: RetentionPolicy;
}

export interface RetentionInput {
  backups: RetentionBackup[];
  /** Destinations not listed here have no policy: their copies are never deleted. */
  destinations: RetentionDestination[];
  now: Date;
  /** IANA name (Europe/Berlin): days, weeks, months and years are the admin's. */
  timeZone: string;
}

export interface PlannedDeletion {
  backupId: string;
  destinationId: string;
  /** Bytes this deletion frees: 0 for a copy whose files are already missing. */
  sizeBytes: number;
  reason: string;
}

export interface KeptCopy {
  backupId: string;
  destinationId: string;
  reasons: string[];
}

/** A copy the plan would delete but cannot yet (Object Lock). */
export interface BlockedCopy {
  backupId: string;
  destinationId: string;
  reason: string;
}

/** Every copy in the input appears in exactly one of deletions, kept and blocked. */
export interface RetentionPlan {
  deletions: PlannedDeletion[];
  kept: KeptCopy[];
  blocked: BlockedCopy[];
  freedBytes: number;
}
