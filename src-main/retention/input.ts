// Checks the planner's input before any decision: a bad date or a duplicate row would
// otherwise turn into a wrong deletion, so anything odd is refused with BAD_INPUT.
import { LifeboatError } from '../../src-shared/errors';
import type { BackupStatus, CopyStatus } from '../../src-shared/types';
import { assertTimeZone } from './periods';
import { validateRetentionPolicy, type RetentionPolicy } from './policy';
import type { RetentionBackup, RetentionInput } from './types';

const BACKUP_STATUSES: readonly BackupStatus[] = ['running', 'succeeded', 'failed', 'interrupted', 'cancelled'];
const COPY_STATUSES: readonly CopyStatus[] = ['writing', 'present', 'failed', 'missing', 'corrupt'];

export interface CheckedBackup extends RetentionBackup {
  /** startedAt in ms since the epoch. */
  time: number;
}

export interface CheckedInput {
  backups: CheckedBackup[];
  policies: Map<string, RetentionPolicy>;
  now: number;
  timeZone: string;
}

function bad(message: string, fix: string): LifeboatError {
  return new LifeboatError('BAD_INPUT', message, { fix });
}

function parseTime(value: unknown, what: string): number {
  const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) throw bad(`${what} is ${JSON.stringify(value)}, which is not a date and time.`, 'Use an ISO 8601 time such as 2024-05-01T02:00:00Z.');
  return time;
}

export function checkInput(input: RetentionInput): CheckedInput {
  const now = input.now instanceof Date ? input.now.getTime() : Number.NaN;
  if (Number.isNaN(now)) throw bad('The planning time ("now") is not a valid date.', 'Pass new Date() or another valid Date.');
  assertTimeZone(input.timeZone);

  const policies = new Map<string, RetentionPolicy>();
  for (const dest of input.destinations) {
    if (policies.has(dest.id)) throw bad(`Destination "${dest.id}" is listed twice.`, 'Give each destination one retention policy.');
    policies.set(dest.id, validateRetentionPolicy(dest.policy, `The retention policy of destination "${dest.id}"`));
  }

  const ids = new Set<string>();
  const backups = input.backups.map((backup): CheckedBackup => {
    if (ids.has(backup.id)) throw bad(`Backup ${backup.id} is listed twice.`, 'Pass each catalog backup once.');
    ids.add(backup.id);
    if (!BACKUP_STATUSES.includes(backup.status)) {
      throw bad(`Backup ${backup.id} has the unknown status "${String(backup.status)}".`, `Use one of ${BACKUP_STATUSES.join(', ')}.`);
    }
    const time = parseTime(backup.startedAt, `The start time of backup ${backup.id}`);
    const destinations = new Set<string>();
    for (const copy of backup.copies) {
      const where = `The copy of backup ${backup.id} in destination "${copy.destinationId}"`;
      if (destinations.has(copy.destinationId)) throw bad(`Backup ${backup.id} lists two copies in destination "${copy.destinationId}".`, 'Pass one copy per destination.');
      destinations.add(copy.destinationId);
      if (!COPY_STATUSES.includes(copy.status)) throw bad(`${where} has the unknown status "${String(copy.status)}".`, `Use one of ${COPY_STATUSES.join(', ')}.`);
      if (typeof copy.sizeBytes !== 'number' || !Number.isFinite(copy.sizeBytes) || copy.sizeBytes < 0) {
        throw bad(`${where} has the size ${String(copy.sizeBytes)}, which is not a byte count.`, 'Pass the stored size in bytes (0 if unknown).');
      }
      // An unreadable lock date must not read as "unlocked".
      if (copy.lockedUntil !== undefined) parseTime(copy.lockedUntil, `The Object Lock date of ${where.charAt(0).toLowerCase()}${where.slice(1)}`);
    }
    return { ...backup, time };
  });
  return { backups, policies, now, timeZone: input.timeZone };
}
