// Turns an event into words for a non-expert admin: what happened, to which database and
// destination, and what to do. Every string is redacted on the way out, so a password inside
// an error message (postgres://u:pw@h) never reaches an inbox or a chat.
import { ERROR_TITLES } from '../../src-shared/errors';
import type { EventError, NotifyEvent, NotifyEventKind } from './events';
import { formatBytes, formatDuration, formatHours, formatList, formatTime, plural } from './format';
import { redact } from './redact';

export type Severity = 'info' | 'warning' | 'error';

export interface NotifyMessage {
  /** The event kind; 'digest' for several events merged into one message, 'test' for "Send test". */
  kind: NotifyEventKind | 'digest' | 'test';
  title: string;
  /** Plain sentences: what happened, then what to do. */
  text: string;
  severity: Severity;
  /** Label and value pairs for tables, Slack fields and Discord embeds. */
  fields: Array<[string, string]>;
  /** What to do, also inside `text`; null for good news. */
  fix: string | null;
  job: string | null;
  database: string | null;
  /** ISO time of the event. */
  time: string;
}

export interface RenderOptions {
  /** IANA time zone for times in messages; the system's zone when omitted. */
  timeZone?: string;
}

type Draft = Omit<NotifyMessage, 'kind' | 'job' | 'database' | 'time'>;

export function renderMessage(event: NotifyEvent, options: RenderOptions = {}): NotifyMessage {
  const draft = draftFor(event, options.timeZone);
  return redactMessage({ kind: event.kind, job: event.job, database: event.database, time: event.time, ...draft });
}

export function redactMessage(message: NotifyMessage): NotifyMessage {
  return {
    ...message,
    title: redact(message.title),
    text: redact(message.text),
    fix: message.fix === null ? null : redact(message.fix),
    fields: message.fields.map(([label, value]) => [label, redact(value)]),
  };
}

const FIX = {
  backupFailed:
    'Open Lifeboat, look at the last run of this job for details, fix the cause and run the job again. Check that the PostgreSQL server is running and reachable from this computer.',
  restoreFailed: 'Check that the target server is running, has enough free disk space and that the login may create databases, then start the restore again.',
  drillFailed: 'Run the restore test again from Lifeboat. If it fails again, take a fresh backup now and test that one; until then, do not rely on this backup.',
  destinationUnreachable:
    'Check that the disk or NAS is switched on and connected (or that the storage account and its key are still valid), then test the destination in Lifeboat.',
};

function draftFor(event: NotifyEvent, tz: string | undefined): Draft {
  const at = (iso: string) => formatTime(iso, tz);
  switch (event.kind) {
    case 'backup-succeeded': {
      const warn = event.warnings.length > 0 ? ` Warnings: ${event.warnings.join(' ')}` : '';
      return {
        title: `Backup of ${event.database} succeeded`,
        text: `The "${event.job}" job backed up the database ${event.database} at ${at(event.finishedAt)} to ${formatList(event.destinations)}${sizeClause(event.storedBytes)}. Nothing to do.${warn}`,
        severity: 'info',
        fix: null,
        fields: [...backupFields(event, at), ...listField('Warnings', event.warnings)],
      };
    }
    case 'backup-failed': {
      const fix = event.error.fix ?? FIX.backupFailed;
      const streak =
        event.consecutiveFailures > 1
          ? ` This is failure ${event.consecutiveFailures} in a row since ${at(event.failingSince)}; ${lastGood(event.lastSuccessAt, at)}.`
          : event.lastSuccessAt === null
            ? ' There is no successful backup of this database yet.'
            : '';
      return {
        title: `Backup of ${event.database} failed`,
        text: `The "${event.job}" job could not back up the database ${event.database} (started ${at(event.startedAt)}, destinations: ${formatList(event.destinations)}). ${sentence(event.error.message)}${streak} What to do: ${fix}`,
        severity: 'error',
        fix,
        fields: [
          ['Job', event.job],
          ['Database', event.database],
          ['Destinations', formatList(event.destinations)],
          ['Started', at(event.startedAt)],
          ...errorFields(event.error, fix),
          ['Failures in a row', String(event.consecutiveFailures)],
          ['Last good backup', event.lastSuccessAt ? at(event.lastSuccessAt) : 'none yet'],
        ],
      };
    }
    case 'backup-recovered':
      return {
        title: `Backup of ${event.database} works again`,
        text: `The "${event.job}" job backed up the database ${event.database} at ${at(event.finishedAt)} to ${formatList(event.destinations)}${sizeClause(event.storedBytes)}, after ${plural(event.failedAttempts, 'failed attempt')} since ${at(event.failingSince)}. Nothing more to do.`,
        severity: 'info',
        fix: null,
        fields: [...backupFields(event, at), ['Failed attempts before', String(event.failedAttempts)]],
      };
    case 'backup-degraded': {
      const failed = event.failedCopies.map((c) => c.destination);
      const reasons = event.failedCopies.map((c) => `${c.destination}: ${c.message ?? 'the copy failed'}`);
      const fix = `Check that ${formatList(failed)} ${failed.length === 1 ? 'is' : 'are'} reachable (test the destination in Lifeboat), then run "lifeboat copies sync" to re-create the missing copy from a good one.`;
      const safe = event.destinations.length > 0 ? `The backup is safe on ${formatList(event.destinations)}, but it has fewer copies than you asked for.` : 'No destination holds a good copy.';
      return {
        title: `Backup of ${event.database} is missing a copy on ${formatList(failed)}`,
        text: `The "${event.job}" job backed up the database ${event.database} at ${at(event.finishedAt)}, but copying it to ${formatList(failed)} failed (${reasons.map(unsentence).join('; ')}). ${safe} What to do: ${fix}`,
        severity: 'warning',
        fix,
        fields: [...backupFields(event, at), ['Failed copies', reasons.join('\n')], ['What to do', fix]],
      };
    }
    case 'restore-finished': {
      const mismatch = event.mismatchedTables > 0;
      const fix = mismatch
        ? `Compare the ${plural(event.mismatchedTables, 'table')} with different row counts before using the restored database ${event.targetDatabase}.`
        : event.warnings.length > 0
          ? 'Read the warnings before using the restored database.'
          : null;
      const check = mismatch
        ? `${plural(event.mismatchedTables, 'table')} of ${event.tablesChecked} ${event.mismatchedTables === 1 ? 'has' : 'have'} a different row count than when the backup was taken.`
        : `All ${plural(event.tablesChecked, 'table')} checked have the row counts recorded at backup time.`;
      const warn = event.warnings.length > 0 ? ` Warnings: ${event.warnings.join(' ')}` : '';
      return {
        title: `Restore of ${event.database} into ${event.targetDatabase} finished`,
        text: `The backup of ${event.database}${event.backupTakenAt ? ` from ${at(event.backupTakenAt)}` : ''} was restored into the new database ${event.targetDatabase} in ${formatDuration(event.durationMs)} (${formatBytes(event.bytesRead)} read). ${check}${warn}${fix ? ` What to do: ${fix}` : ''}`,
        severity: mismatch || event.warnings.length > 0 ? 'warning' : 'info',
        fix,
        fields: [
          ...optional('Job', event.job),
          ['Database', event.database],
          ['Restored into', event.targetDatabase],
          ...optional('Backup taken', event.backupTakenAt && at(event.backupTakenAt)),
          ['Duration', formatDuration(event.durationMs)],
          ['Tables checked', String(event.tablesChecked)],
          ['Tables with different row counts', String(event.mismatchedTables)],
          ...listField('Warnings', event.warnings),
          ...optional('What to do', fix),
        ],
      };
    }
    case 'restore-failed': {
      const fix = event.error.fix ?? FIX.restoreFailed;
      return {
        title: `Restore of ${event.database} into ${event.targetDatabase} failed`,
        text: `Restoring the backup of ${event.database} into the new database ${event.targetDatabase} failed. ${sentence(event.error.message)} Your existing databases were not changed. What to do: ${fix}`,
        severity: 'error',
        fix,
        fields: [...optional('Job', event.job), ['Database', event.database], ['Restored into', event.targetDatabase], ...errorFields(event.error, fix)],
      };
    }
    case 'drill-failed':
    case 'alert-drill-failed': {
      const fix = event.error.fix ? `${event.error.fix} ${FIX.drillFailed}` : FIX.drillFailed;
      const which = event.backupTakenAt ? `the backup of ${event.database} from ${at(event.backupTakenAt)}` : `the latest backup of ${event.database}`;
      const when = event.kind === 'alert-drill-failed' ? ` at ${at(event.drilledAt)}` : '';
      return {
        title: `Restore test of ${event.database} failed`,
        text: `Lifeboat's scheduled restore test (drill) of ${which} (job "${event.job}") failed${when}. ${sentence(event.error.message)} This backup might not restore when you need it. What to do: ${fix}`,
        severity: 'error',
        fix,
        fields: [
          ['Job', event.job],
          ['Database', event.database],
          ...optional('Backup taken', event.backupTakenAt && at(event.backupTakenAt)),
          ...errorFields(event.error, fix),
        ],
      };
    }
    case 'alert-no-recent-backup': {
      const fix = `Look at the recent runs of the "${event.job}" job in Lifeboat for errors, make sure this computer is switched on and awake at the scheduled time, then run the job now.`;
      const what =
        event.lastSuccessAt === null
          ? `There has been no successful backup of the database ${event.database} (job "${event.job}") in the ${formatHours(event.hoursSince)} since the job was first seen.`
          : `The last successful backup of the database ${event.database} (job "${event.job}") finished at ${at(event.lastSuccessAt)}, ${formatHours(event.hoursSince)} ago; backups are expected at least every ${formatHours(event.limitHours)}.`;
      return {
        title: `No backup of ${event.database} for ${formatHours(event.hoursSince)}`,
        text: `${what} What to do: ${fix}`,
        severity: 'error',
        fix,
        fields: [
          ['Job', event.job],
          ['Database', event.database],
          ['Last good backup', event.lastSuccessAt ? at(event.lastSuccessAt) : 'none yet'],
          ['Expected every', formatHours(event.limitHours)],
          ['What to do', fix],
        ],
      };
    }
    case 'alert-size-anomaly': {
      const smaller = event.changePercent < 0;
      const pct = Math.round(Math.abs(event.changePercent));
      const fix = smaller
        ? `Check that nobody emptied or dropped tables in ${event.database} by mistake, and that the backup finished without warnings; if data was lost, restore an earlier backup into a new database and compare.`
        : `Check whether a large import or a growing log table explains it, and that the destinations have enough free space for backups this size.`;
      return {
        title: `Backup of ${event.database} is ${pct}% ${smaller ? 'smaller' : 'larger'} than usual`,
        text: `The latest backup of the database ${event.database} (job "${event.job}", taken ${at(event.backupTakenAt)}) stored ${formatBytes(event.storedBytes)}, while the median of the last ${plural(event.samples, 'backup')} over 7 days is ${formatBytes(event.medianBytes)}. A change of more than ${event.thresholdPercent}% is unusual. What to do: ${fix}`,
        severity: 'warning',
        fix,
        fields: [
          ['Job', event.job],
          ['Database', event.database],
          ['Latest size', formatBytes(event.storedBytes)],
          ['Usual size (median)', formatBytes(event.medianBytes)],
          ['Change', `${smaller ? '-' : '+'}${pct}%`],
          ['What to do', fix],
        ],
      };
    }
    case 'alert-destination-unreachable': {
      const fix = event.error.fix ?? FIX.destinationUnreachable;
      return {
        title: `Destination ${event.destination} cannot be reached`,
        text: `Lifeboat could not reach the destination ${event.destination} when it checked at ${at(event.checkedAt)}. ${sentence(event.error.message)} Backups cannot be copied there until this is fixed. What to do: ${fix}`,
        severity: 'error',
        fix,
        fields: [['Destination', event.destination], ['Checked', at(event.checkedAt)], ...errorFields(event.error, fix)],
      };
    }
    case 'alert-copy-problem': {
      const n = event.backupIds.length;
      const state = event.status === 'missing' ? 'missing' : 'damaged';
      const span = n === 1 ? `the backup from ${at(event.oldestTakenAt)}` : `${n} backups taken between ${at(event.oldestTakenAt)} and ${at(event.newestTakenAt)}`;
      const elsewhere = event.goodCopyElsewhere
        ? 'A good copy still exists on another destination.'
        : `No other destination holds a good copy of ${n === 1 ? 'it' : 'all of them'}.`;
      const fix = event.goodCopyElsewhere
        ? `Check the disk or storage behind ${event.destination}, then run "lifeboat copies sync" to re-create the copies from a good one.`
        : `Check the disk or storage behind ${event.destination} and run the job now for a fresh backup; keep the remaining copies until a new backup has succeeded.`;
      return {
        title: `${n === 1 ? 'A copy' : `${n} copies`} of ${event.database} on ${event.destination} ${n === 1 ? 'is' : 'are'} ${state}`,
        text: `Lifeboat's check of stored copies found ${span} (database ${event.database}, job "${event.job}") ${state} on ${event.destination}${event.detail ? ` (${unsentence(event.detail)})` : ''}. ${elsewhere} What to do: ${fix}`,
        severity: event.goodCopyElsewhere ? 'warning' : 'error',
        fix,
        fields: [
          ['Job', event.job],
          ['Database', event.database],
          ['Destination', event.destination],
          ['Problem', `${plural(n, 'copy', 'copies')} ${state}`],
          ['What to do', fix],
        ],
      };
    }
    case 'alert-low-space': {
      const pct = event.totalBytes > 0 ? Math.floor((event.freeBytes / event.totalBytes) * 100) : 0;
      const need = event.neededBytes !== null ? ` The next backups there need about ${formatBytes(event.neededBytes)}.` : '';
      const fix = `Free up space on ${event.destination}, keep fewer old backups there (retention), or move the destination to a larger disk.`;
      return {
        title: `Destination ${event.destination} is almost full`,
        text: `Only ${formatBytes(event.freeBytes)} of ${formatBytes(event.totalBytes)} (${pct}%) is free on the destination ${event.destination}.${need} Backups will fail when it is full. What to do: ${fix}`,
        severity: 'warning',
        fix,
        fields: [
          ['Destination', event.destination],
          ['Free', `${formatBytes(event.freeBytes)} of ${formatBytes(event.totalBytes)} (${pct}%)`],
          ...optional('Next backups need', event.neededBytes !== null ? formatBytes(event.neededBytes) : null),
          ['What to do', fix],
        ],
      };
    }
  }
}

function backupFields(
  e: { job: string; database: string; destinations: string[]; finishedAt: string; startedAt: string; storedBytes: number | null; backupId: string },
  at: (iso: string) => string,
): Array<[string, string]> {
  return [
    ['Job', e.job],
    ['Database', e.database],
    ['Destinations', formatList(e.destinations)],
    ['Finished', at(e.finishedAt)],
    ['Duration', formatDuration(Date.parse(e.finishedAt) - Date.parse(e.startedAt))],
    ...optional('Size', e.storedBytes !== null ? formatBytes(e.storedBytes) : null),
    ['Backup ID', e.backupId],
  ];
}

function errorFields(error: EventError, fix: string): Array<[string, string]> {
  const title = (ERROR_TITLES as Record<string, string>)[error.code];
  return [...optional('Problem', title && title !== ERROR_TITLES.INTERNAL ? title : null), ['Error', error.message], ['What to do', fix]];
}

function lastGood(lastSuccessAt: string | null, at: (iso: string) => string): string {
  return lastSuccessAt ? `the last good backup is from ${at(lastSuccessAt)}` : 'there is no good backup yet';
}

function sizeClause(bytes: number | null): string {
  return bytes === null ? '' : ` (${formatBytes(bytes)} stored)`;
}

function optional(label: string, value: string | null | undefined): Array<[string, string]> {
  return value ? [[label, value]] : [];
}

function listField(label: string, values: readonly string[]): Array<[string, string]> {
  return values.length > 0 ? [[label, values.join('\n')]] : [];
}

/** Error messages come with or without a final full stop; sentences here need exactly one. */
function sentence(text: string): string {
  const t = text.trim();
  // "could not connect…" reads as a sentence once capitalised; "pg_restore: …" must stay as is.
  const capital = /^[a-z]+(?=[\s.,;!?]|$)/.test(t) ? t.charAt(0).toUpperCase() + t.slice(1) : t;
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

function unsentence(text: string): string {
  return text.trim().replace(/\.$/, '');
}
