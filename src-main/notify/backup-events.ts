// Turns a finished BackupRecord and the earlier runs of the same job and database into the one
// event worth telling: succeeded, failed (with the run of failures so far), recovered or degraded.
import type { BackupRecord } from '../../src-shared/types';
import type { BackupFacts, BackupOutcomeEvent, EventError } from './events';

export type PreviousOutcome = 'succeeded' | 'failed' | null;

export interface BackupEventOptions {
  /** Earlier backups of the same job and database, in any order; the record itself is ignored. */
  history: readonly BackupRecord[];
  /** How to name a destination id to a person (folder:/mnt/nas/backups → "nas"). */
  destinationName?: (destinationId: string) => string;
  /** Destinations the job writes to: failed runs may not have created any copy. */
  jobDestinations?: readonly string[];
  /** The error as thrown, with its fix; the catalog keeps only code and message. */
  error?: { code: string; message: string; fix?: string | null | undefined };
}

const FAILED: ReadonlySet<BackupRecord['status']> = new Set(['failed', 'interrupted']);

/** null for runs that tell nothing (still running, or cancelled by someone). */
export function backupOutcomeEvent(record: BackupRecord, options: BackupEventOptions): BackupOutcomeEvent | null {
  const name = options.destinationName ?? ((id: string) => id);
  const earlier = sameSeries(record, options.history);
  const streak = failureStreak(earlier);
  if (FAILED.has(record.status)) {
    const error = eventError(record, options.error);
    const written = record.copies.map((c) => name(c.destinationId));
    return {
      kind: 'backup-failed',
      time: record.finishedAt ?? record.startedAt,
      job: record.job,
      database: record.database,
      backupId: record.id,
      startedAt: record.startedAt,
      destinations: options.jobDestinations ? [...options.jobDestinations] : written,
      error,
      consecutiveFailures: streak.failures.length + 1,
      failingSince: streak.failures.at(-1)?.startedAt ?? record.startedAt,
      lastSuccessAt: streak.lastSuccess ? (streak.lastSuccess.finishedAt ?? streak.lastSuccess.startedAt) : null,
    };
  }
  if (record.status !== 'succeeded') return null;
  const facts: BackupFacts = {
    job: record.job,
    database: record.database,
    backupId: record.id,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt ?? record.startedAt,
    dumpBytes: record.dumpBytes,
    storedBytes: record.storedBytes,
    destinations: record.copies.filter((c) => c.status === 'present').map((c) => name(c.destinationId)),
    warnings: [...record.warnings],
  };
  const badCopies = record.copies.filter((c) => c.status !== 'present' && c.status !== 'writing');
  if (record.health === 'degraded' || badCopies.length > 0) {
    return {
      kind: 'backup-degraded',
      time: facts.finishedAt,
      ...facts,
      failedCopies: badCopies.map((c) => ({ destination: name(c.destinationId), message: c.errorMessage })),
    };
  }
  if (streak.failures.length > 0) {
    return {
      kind: 'backup-recovered',
      time: facts.finishedAt,
      ...facts,
      failedAttempts: streak.failures.length,
      failingSince: streak.failures.at(-1)!.startedAt,
    };
  }
  return { kind: 'backup-succeeded', time: facts.finishedAt, ...facts };
}

/** The outcome of the latest finished run before `record` (what shouldNotify compares with). */
export function previousOutcome(record: BackupRecord, history: readonly BackupRecord[]): PreviousOutcome {
  const last = sameSeries(record, history)[0];
  if (!last) return null;
  return last.status === 'succeeded' ? 'succeeded' : 'failed';
}

/** Earlier finished runs of the same job and database, newest first. */
function sameSeries(record: BackupRecord, history: readonly BackupRecord[]): BackupRecord[] {
  return history
    .filter((b) => b.id !== record.id && b.job === record.job && b.database === record.database)
    .filter((b) => b.status === 'succeeded' || FAILED.has(b.status))
    .filter((b) => b.startedAt < record.startedAt)
    .sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0));
}

/** Failures since the last success, newest first, and that success. */
function failureStreak(newestFirst: BackupRecord[]): { failures: BackupRecord[]; lastSuccess: BackupRecord | null } {
  const failures: BackupRecord[] = [];
  for (const b of newestFirst) {
    if (b.status === 'succeeded') return { failures, lastSuccess: b };
    failures.push(b);
  }
  return { failures, lastSuccess: null };
}

function eventError(record: BackupRecord, thrown: BackupEventOptions['error']): EventError {
  if (thrown) return { code: thrown.code, message: thrown.message, fix: thrown.fix ?? null };
  if (record.error) return { code: record.error.code, message: record.error.message, fix: null };
  if (record.status === 'interrupted') {
    return {
      code: 'INTERRUPTED',
      message: 'The backup was interrupted before it finished (Lifeboat or the computer stopped).',
      fix: 'Make sure the computer stays on and awake during the backup window; the next scheduled run will try again.',
    };
  }
  return { code: 'INTERNAL', message: 'The backup failed without an error message.', fix: null };
}
