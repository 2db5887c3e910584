// Builds the monthly (compliance) report for one job from catalog records, verification results and
// the audit log: pure, so the same input always gives the same report. Renderers live in report-html/report-csv.
import { LifeboatError } from '../../src-shared/errors';
import type { BackupRecord } from '../../src-shared/types';
import type { LocalParts } from '../schedule/time-zone';
import type {
  CopyCounts,
  MonthlyReport,
  MonthlyReportInput,
  ReportBackupRow,
  ReportCopyTally,
  ReportDatabaseSummary,
  ReportDayRow,
  ReportDeletionRow,
  ReportDrillRow,
  ReportSizePoint,
} from './report-types';
import { canonicalTimeZone, daysInMonth, isoWithOffset, localDateTime, localDay, monthKey, monthLabel, zonedParts } from './zoned-time';

export { renderReportHtml } from './report-html';
export { renderReportCsv } from './report-csv';

const emptyCounts = (): CopyCounts => ({ writing: 0, present: 0, failed: 0, missing: 0, corrupt: 0 });
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const isFailure = (b: BackupRecord): boolean => b.status === 'failed' || b.status === 'interrupted';

function checkMonth(year: number, month: number): void {
  if (!Number.isInteger(year) || year < 1970 || year > 9999 || !Number.isInteger(month) || month < 1 || month > 12) {
    throw new LifeboatError('BAD_INPUT', `"${year}-${month}" is not a month.`, { fix: 'Give a year and a month from 1 to 12, for example 2025-10.' });
  }
}

function durationSeconds(backup: BackupRecord): number | null {
  const start = Date.parse(backup.startedAt);
  const end = backup.finishedAt === null ? NaN : Date.parse(backup.finishedAt);
  return Number.isNaN(start) || Number.isNaN(end) ? null : Math.max(0, (end - start) / 1000);
}

function sizePoint(row: ReportBackupRow): ReportSizePoint | null {
  return row.storedBytes === null ? null : { backupId: row.id, database: row.database, startedLocal: row.startedLocal, storedBytes: row.storedBytes };
}

export function buildMonthlyReport(input: MonthlyReportInput): MonthlyReport {
  checkMonth(input.year, input.month);
  const timeZone = canonicalTimeZone(input.timeZone);
  const inMonth = (parts: LocalParts | undefined): parts is LocalParts => parts !== undefined && parts.year === input.year && parts.month === input.month;

  const jobBackups = input.backups.filter((b) => b.job === input.job);
  const backupsById = new Map(jobBackups.map((b) => [b.id, b]));

  const backups: Array<{ record: BackupRecord; row: ReportBackupRow }> = [];
  for (const record of jobBackups) {
    const parts = zonedParts(record.startedAt, timeZone);
    if (!inMonth(parts)) continue;
    backups.push({
      record,
      row: {
        id: record.id,
        database: record.database,
        status: record.status,
        startedAt: isoWithOffset(new Date(record.startedAt), timeZone),
        date: localDay(parts),
        startedLocal: localDateTime(parts),
        storedBytes: record.storedBytes,
        dumpBytes: record.dumpBytes,
        durationSeconds: durationSeconds(record),
        copies: [...record.copies].sort((a, b) => byText(a.destinationId, b.destinationId)).map((c) => ({ destinationId: c.destinationId, status: c.status })),
        error: record.error ? `${record.error.code}: ${record.error.message}` : null,
        warnings: record.warnings.length,
      },
    });
  }
  backups.sort((a, b) => Date.parse(a.record.startedAt) - Date.parse(b.record.startedAt) || byText(a.record.id, b.record.id));
  const succeeded = backups.filter((b) => b.record.status === 'succeeded');

  // A drill this month on last month's backup counts this month: it is when the check happened.
  const drills: ReportDrillRow[] = [];
  for (const v of input.verifications) {
    const backup = backupsById.get(v.backupId);
    const parts = zonedParts(v.at, timeZone);
    if (!backup || !inMonth(parts)) continue;
    drills.push({ at: isoWithOffset(new Date(v.at), timeZone), date: localDay(parts), atLocal: localDateTime(parts), backupId: v.backupId, database: backup.database, kind: v.kind, ok: v.ok, detail: v.detail });
  }
  drills.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

  const deletions: ReportDeletionRow[] = [];
  for (const entry of input.auditEntries) {
    if (entry.event !== 'backup_prune' || entry.job !== input.job) continue;
    const parts = zonedParts(entry.timestamp, timeZone);
    if (!inMonth(parts)) continue;
    deletions.push({
      timestamp: entry.timestamp,
      date: localDay(parts),
      atLocal: localDateTime(parts),
      ok: entry.status !== 'error',
      database: entry.database ?? null,
      destination: entry.destination ?? null,
      backupFile: entry.backup_file ?? null,
      backupId: entry.backup_id ?? null,
      details: entry.details,
    });
  }
  deletions.sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));

  const copies = new Map<string, ReportCopyTally>();
  for (const { record } of succeeded) {
    for (const copy of record.copies) {
      const tally = copies.get(copy.destinationId) ?? { destinationId: copy.destinationId, kind: copy.kind, counts: emptyCounts() };
      tally.counts[copy.status] += 1;
      copies.set(copy.destinationId, tally);
    }
  }

  const generated = zonedParts(input.generatedAt.toISOString(), timeZone);
  const today = generated ? localDay(generated) : '';
  const days: ReportDayRow[] = [];
  for (let day = 1; day <= daysInMonth(input.year, input.month); day++) {
    const date = localDay({ year: input.year, month: input.month, day });
    const ofDay = backups.filter((b) => b.row.date === date);
    const good = ofDay.filter((b) => b.record.status === 'succeeded');
    days.push({
      date,
      backups: ofDay.length,
      succeeded: good.length,
      failures: ofDay.filter((b) => isFailure(b.record)).length,
      storedBytes: good.reduce((sum, b) => sum + (b.record.storedBytes ?? 0), 0),
      verifications: drills.filter((d) => d.date === date && d.kind === 'verify').length,
      restoreDrills: drills.filter((d) => d.date === date && d.kind === 'restore').length,
      deletions: deletions.filter((d) => d.date === date && d.ok).length,
      // Today and later have not happened yet (or not fully): not gaps.
      gap: good.length === 0 && date < today,
    });
  }

  const databases: ReportDatabaseSummary[] = [...new Set(backups.map((b) => b.record.database))].sort(byText).map((database) => {
    const own = backups.filter((b) => b.record.database === database);
    const ownGood = own.filter((b) => b.record.status === 'succeeded');
    const sizes = ownGood.map((b) => b.record.storedBytes).filter((s): s is number => s !== null);
    const last = ownGood.at(-1);
    return {
      database,
      backups: own.length,
      succeeded: ownGood.length,
      failures: own.filter((b) => isFailure(b.record)).length,
      latestStoredBytes: last?.record.storedBytes ?? null,
      largestStoredBytes: sizes.length ? Math.max(...sizes) : null,
      lastSuccessLocal: last?.row.startedLocal ?? null,
    };
  });

  const finished = backups.filter((b) => b.record.status !== 'running').length;
  const sized = succeeded.filter((b) => b.record.storedBytes !== null);
  const newest = sized.at(-1);
  const largest = sized.reduce<(typeof sized)[number] | undefined>((max, b) => (max === undefined || (b.record.storedBytes ?? 0) > (max.record.storedBytes ?? 0) ? b : max), undefined);
  const passFail = (kind: 'verify' | 'restore') => ({
    passed: drills.filter((d) => d.kind === kind && d.ok).length,
    failed: drills.filter((d) => d.kind === kind && !d.ok).length,
  });

  return {
    job: input.job,
    month: monthKey(input.year, input.month),
    monthLabel: monthLabel(input.year, input.month),
    timeZone,
    generatedAt: isoWithOffset(input.generatedAt, timeZone),
    totals: {
      backups: backups.length,
      succeeded: succeeded.length,
      failures: backups.filter((b) => isFailure(b.record)).length,
      cancelled: backups.filter((b) => b.record.status === 'cancelled').length,
      running: backups.filter((b) => b.record.status === 'running').length,
      successRate: finished === 0 ? null : succeeded.length / finished,
      storedBytes: succeeded.reduce((sum, b) => sum + (b.record.storedBytes ?? 0), 0),
      withWarnings: succeeded.filter((b) => b.record.warnings.length > 0).length,
      verifications: passFail('verify'),
      restoreDrills: passFail('restore'),
      deletions: deletions.filter((d) => d.ok).length,
      deletionFailures: deletions.filter((d) => !d.ok).length,
      daysWithoutSuccess: days.filter((d) => d.gap).length,
    },
    latest: newest ? sizePoint(newest.row) : null,
    largest: largest ? sizePoint(largest.row) : null,
    databases,
    copies: [...copies.values()].sort((a, b) => byText(a.destinationId, b.destinationId)),
    days,
    backups: backups.map((b) => b.row),
    drills,
    deletions,
  };
}

/** One report per job that has anything to show for the month, sorted by job name. */
export function buildMonthlyReports(input: Omit<MonthlyReportInput, 'job'>): MonthlyReport[] {
  const jobs = new Set<string>([...input.backups.map((b) => b.job), ...input.auditEntries.filter((e) => e.event === 'backup_prune' && e.job).map((e) => e.job as string)]);
  return [...jobs]
    .sort(byText)
    .map((job) => buildMonthlyReport({ ...input, job }))
    .filter((r) => r.totals.backups > 0 || r.drills.length > 0 || r.deletions.length > 0);
}
