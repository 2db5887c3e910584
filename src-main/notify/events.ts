// What Lifeboat tells people about: outcomes of backups, restores and restore drills, and alerts
// raised by checks. Plain data (names, ISO times, byte counts), never passwords, keys or URLs.

/** An error as shown to people: our stable code, what went wrong, what to do. */
export interface EventError {
  code: string;
  message: string;
  fix: string | null;
}

/** Facts about a backup that produced at least one good copy. */
export interface BackupFacts {
  job: string;
  database: string;
  backupId: string;
  startedAt: string;
  finishedAt: string;
  dumpBytes: number | null;
  storedBytes: number | null;
  /** Destinations (names) that hold a good copy. */
  destinations: string[];
  warnings: string[];
}

export interface BackupSucceededEvent extends BackupFacts {
  kind: 'backup-succeeded';
  time: string;
}

export interface BackupFailedEvent {
  kind: 'backup-failed';
  time: string;
  job: string;
  database: string;
  backupId: string | null;
  startedAt: string;
  /** Destinations the job writes to. */
  destinations: string[];
  error: EventError;
  /** 1 for the first failure after a success (or ever); the digest sends that one at once. */
  consecutiveFailures: number;
  /** Start of the first failed attempt in this run of failures. */
  failingSince: string;
  lastSuccessAt: string | null;
}

/** A success right after one or more failures. */
export interface BackupRecoveredEvent extends BackupFacts {
  kind: 'backup-recovered';
  time: string;
  failedAttempts: number;
  failingSince: string;
}

/** The backup exists, but not on every destination. */
export interface BackupDegradedEvent extends BackupFacts {
  kind: 'backup-degraded';
  time: string;
  failedCopies: Array<{ destination: string; message: string | null }>;
}

export interface RestoreFinishedEvent {
  kind: 'restore-finished';
  time: string;
  job: string | null;
  /** The database the backup was taken of. */
  database: string;
  targetDatabase: string;
  backupId: string | null;
  backupTakenAt: string | null;
  durationMs: number;
  bytesRead: number;
  tablesChecked: number;
  /** Tables whose row count differs from the count recorded at backup time. */
  mismatchedTables: number;
  warnings: string[];
}

export interface RestoreFailedEvent {
  kind: 'restore-failed';
  time: string;
  job: string | null;
  database: string;
  targetDatabase: string;
  backupId: string | null;
  error: EventError;
}

/** A scheduled restore test ("drill") just failed. */
export interface DrillFailedEvent {
  kind: 'drill-failed';
  time: string;
  job: string;
  database: string;
  backupId: string | null;
  backupTakenAt: string | null;
  error: EventError;
}

export interface NoRecentBackupAlert {
  kind: 'alert-no-recent-backup';
  time: string;
  job: string;
  database: string;
  /** null: no backup of this job and database ever succeeded. */
  lastSuccessAt: string | null;
  /** Hours since the last success (or since the job was first seen, when none). */
  hoursSince: number;
  limitHours: number;
}

export interface SizeAnomalyAlert {
  kind: 'alert-size-anomaly';
  time: string;
  job: string;
  database: string;
  backupId: string;
  backupTakenAt: string;
  storedBytes: number;
  medianBytes: number;
  /** Signed: -62 means 62 % smaller than the median. */
  changePercent: number;
  thresholdPercent: number;
  samples: number;
}

export interface DestinationUnreachableAlert {
  kind: 'alert-destination-unreachable';
  time: string;
  job: null;
  database: null;
  destination: string;
  checkedAt: string;
  error: EventError;
}

export interface CopyProblemAlert {
  kind: 'alert-copy-problem';
  time: string;
  job: string;
  database: string;
  destination: string;
  status: 'missing' | 'corrupt';
  backupIds: string[];
  /** Start times of the oldest and newest affected backups. */
  oldestTakenAt: string;
  newestTakenAt: string;
  /** Whether every affected backup still has a good copy somewhere else. */
  goodCopyElsewhere: boolean;
  detail: string | null;
}

export interface LowSpaceAlert {
  kind: 'alert-low-space';
  time: string;
  job: null;
  database: null;
  destination: string;
  freeBytes: number;
  totalBytes: number;
  /** About what the next round of backups to this destination will store; null when unknown. */
  neededBytes: number | null;
  thresholdPercent: number;
}

export interface DrillFailedAlert {
  kind: 'alert-drill-failed';
  time: string;
  job: string;
  database: string;
  backupId: string | null;
  backupTakenAt: string | null;
  drilledAt: string;
  error: EventError;
}

export type AlertEvent = NoRecentBackupAlert | SizeAnomalyAlert | DestinationUnreachableAlert | CopyProblemAlert | LowSpaceAlert | DrillFailedAlert;

export type NotifyEvent =
  | BackupSucceededEvent
  | BackupFailedEvent
  | BackupRecoveredEvent
  | BackupDegradedEvent
  | RestoreFinishedEvent
  | RestoreFailedEvent
  | DrillFailedEvent
  | AlertEvent;

export type NotifyEventKind = NotifyEvent['kind'];

export function isAlert(event: NotifyEvent): event is AlertEvent {
  return event.kind.startsWith('alert-');
}

/** Events that report something wrong (as opposed to good news). */
export function isProblem(event: NotifyEvent): boolean {
  switch (event.kind) {
    case 'backup-succeeded':
    case 'backup-recovered':
    case 'restore-finished':
      return false;
    default:
      return true;
  }
}

/** The backup outcomes a dead man's switch (Healthchecks, Uptime Kuma) hears about. */
export type BackupOutcomeEvent = BackupSucceededEvent | BackupFailedEvent | BackupRecoveredEvent | BackupDegradedEvent;

export function isBackupOutcome(event: NotifyEvent): event is BackupOutcomeEvent {
  return event.kind === 'backup-succeeded' || event.kind === 'backup-failed' || event.kind === 'backup-recovered' || event.kind === 'backup-degraded';
}

/**
 * What an event is about, for merging repeats and for alert memory: the same key means
 * "the same problem again" (same job and database, same destination, same alert type).
 */
export function eventSubject(event: NotifyEvent): string {
  switch (event.kind) {
    case 'alert-destination-unreachable':
    case 'alert-low-space':
      return `${event.kind}|${event.destination}`;
    case 'alert-copy-problem':
      return `${event.kind}|${event.job}|${event.database}|${event.destination}|${event.status}`;
    default:
      return `${event.kind}|${event.job ?? ''}|${event.database}`;
  }
}
