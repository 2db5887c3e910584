// Renders a monthly report as CSV, one row per backup (RFC 4180: CRLF, fields with commas, quotes or
// line breaks quoted, quotes doubled) for spreadsheets and compliance archives.
import type { MonthlyReport } from './report-types';

const CSV_HEADER = ['job', 'date', 'started_at', 'database', 'status', 'size_bytes', 'duration_seconds', 'copies', 'backup_id', 'error'] as const;

/**
 * Quotes a field when RFC 4180 requires it. Text from outside (names, error messages) that starts
 * like a spreadsheet formula gets a leading apostrophe so opening the file in Excel runs nothing.
 */
export function csvField(value: string | number | null, options: { text?: boolean } = {}): string {
  if (value === null) return '';
  let text = String(value);
  if (options.text && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function renderReportCsv(report: MonthlyReport): string {
  const rows = report.backups.map((b) =>
    [
      csvField(report.job, { text: true }),
      csvField(b.date),
      csvField(b.startedAt),
      csvField(b.database, { text: true }),
      csvField(b.status),
      csvField(b.storedBytes),
      csvField(b.durationSeconds === null ? null : Number(b.durationSeconds.toFixed(3))),
      csvField(b.copies.map((c) => `${c.destinationId}=${c.status}`).join('; '), { text: true }),
      csvField(b.id, { text: true }),
      csvField(b.error, { text: true }),
    ].join(','),
  );
  return [CSV_HEADER.join(','), ...rows].map((line) => line + '\r\n').join('');
}
