// Renders a monthly report as one self-contained, printable HTML page: inline CSS, no scripts, no
// external assets, and every value escaped (a database may well be called "<script>").
import type { MonthlyReport, PassFail } from './report-types';
import { formatDuration, formatRate, formatSize } from './report-format';

export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A cell's content: text is escaped here, and only here, so no caller can forget. */
type Cell = string | number;

const cellHtml = (cell: Cell): string => escapeHtml(String(cell));

function table(headers: readonly string[], rows: ReadonlyArray<{ cells: readonly Cell[]; className?: string }>, empty: string): string {
  if (rows.length === 0) return `<p class="empty">${escapeHtml(empty)}</p>`;
  const head = headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((row) => `<tr${row.className ? ` class="${escapeHtml(row.className)}"` : ''}>${row.cells.map((c) => `<td>${cellHtml(c)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

function summaryTable(rows: ReadonlyArray<readonly [string, Cell]>): string {
  const body = rows.map(([label, value]) => `<tr><th scope="row">${escapeHtml(label)}</th><td>${cellHtml(value)}</td></tr>`).join('\n');
  return `<table class="summary">\n<tbody>\n${body}\n</tbody>\n</table>`;
}

const passFail = (counts: PassFail): string => (counts.passed + counts.failed === 0 ? 'none' : `${counts.passed} passed, ${counts.failed} failed`);

export function reportTitle(report: MonthlyReport): string {
  return `Lifeboat backup report — ${report.job} — ${report.monthLabel}`;
}

const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: .25rem; }
h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #ccc; padding-bottom: .2rem; }
.meta { color: #555; margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { border: 1px solid #d0d0d0; padding: .25rem .5rem; text-align: left; vertical-align: top; }
thead th { background: #f0f0f0; }
table.summary { width: auto; min-width: 28rem; }
table.summary th { font-weight: normal; color: #444; }
tr.bad td { background: #fdecea; }
tr.gap td { background: #fff8e1; }
.empty { color: #666; font-style: italic; }
@media print {
  body { margin: 0; max-width: none; font-size: 11px; }
  @page { size: A4; margin: 15mm; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  h2 { break-after: avoid; }
}
`;

export function renderReportHtml(report: MonthlyReport): string {
  const t = report.totals;
  const title = reportTitle(report);
  const sizeAt = (point: MonthlyReport['latest']): string => (point ? `${formatSize(point.storedBytes)} (${point.database}, ${point.startedLocal})` : '—');

  const summary = summaryTable([
    ['Backups made', t.backups],
    ['Succeeded', t.succeeded],
    ['Failed or interrupted', t.failures],
    ['Cancelled', t.cancelled],
    ['Success rate', formatRate(t.successRate)],
    ['Succeeded with warnings', t.withWarnings],
    ['Latest backup size', sizeAt(report.latest)],
    ['Largest backup size', sizeAt(report.largest)],
    ['Stored this month', formatSize(t.storedBytes)],
    ['Verifications', passFail(t.verifications)],
    ['Restore drills', passFail(t.restoreDrills)],
    ['Deleted by retention', t.deletionFailures ? `${t.deletions} (${t.deletionFailures} failed)` : t.deletions],
    ['Days without a successful backup', t.daysWithoutSuccess],
  ]);

  const databases = table(
    ['Database', 'Backups', 'Succeeded', 'Failed', 'Latest size', 'Largest size', 'Last success'],
    report.databases.map((d) => ({
      cells: [d.database, d.backups, d.succeeded, d.failures, formatSize(d.latestStoredBytes), formatSize(d.largestStoredBytes), d.lastSuccessLocal ?? '—'],
      ...(d.failures > 0 ? { className: 'bad' } : {}),
    })),
    'No backups this month.',
  );

  const copies = table(
    ['Destination', 'Kind', 'Present', 'Failed', 'Missing', 'Corrupt', 'Writing'],
    report.copies.map((c) => ({
      cells: [c.destinationId, c.kind, c.counts.present, c.counts.failed, c.counts.missing, c.counts.corrupt, c.counts.writing],
      ...(c.counts.failed + c.counts.missing + c.counts.corrupt > 0 ? { className: 'bad' } : {}),
    })),
    'No copies of successful backups this month.',
  );

  const days = table(
    ['Date', 'Backups', 'Succeeded', 'Failed', 'Stored', 'Verifications', 'Restore drills', 'Deletions'],
    report.days.map((d) => ({
      cells: [d.date, d.backups, d.succeeded, d.failures, d.storedBytes ? formatSize(d.storedBytes) : '—', d.verifications, d.restoreDrills, d.deletions],
      ...(d.failures > 0 ? { className: 'bad' } : d.gap ? { className: 'gap' } : {}),
    })),
    'No days.',
  );

  const backups = table(
    ['Started', 'Database', 'Status', 'Size', 'Duration', 'Copies', 'Error'],
    report.backups.map((b) => ({
      cells: [b.startedLocal, b.database, b.status, formatSize(b.storedBytes), formatDuration(b.durationSeconds), b.copies.map((c) => `${c.destinationId}: ${c.status}`).join(', ') || '—', b.error ?? ''],
      ...(b.status === 'failed' || b.status === 'interrupted' ? { className: 'bad' } : {}),
    })),
    'No backups this month.',
  );

  const drills = table(
    ['When', 'Kind', 'Database', 'Backup', 'Result', 'Detail'],
    report.drills.map((d) => ({
      cells: [d.atLocal, d.kind === 'restore' ? 'restore drill' : 'verification', d.database, d.backupId, d.ok ? 'passed' : 'FAILED', d.detail ?? ''],
      ...(d.ok ? {} : { className: 'bad' }),
    })),
    'No verifications or restore drills this month.',
  );

  const deletions = table(
    ['When', 'Database', 'Destination', 'File', 'Result', 'Details'],
    report.deletions.map((d) => ({
      cells: [d.atLocal, d.database ?? '—', d.destination ?? '—', d.backupFile ?? d.backupId ?? '—', d.ok ? 'deleted' : 'FAILED', d.details],
      ...(d.ok ? {} : { className: 'bad' }),
    })),
    'Nothing was deleted this month.',
  );

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="meta">Times are in ${escapeHtml(report.timeZone)}. Generated ${escapeHtml(report.generatedAt)} by Lifeboat.</p>
<h2>Summary</h2>
${summary}
<h2>Databases</h2>
${databases}
<h2>Copies by destination</h2>
<p class="meta">Current status of the copies of this month's successful backups.</p>
${copies}
<h2>Day by day</h2>
${days}
<h2>Backups</h2>
${backups}
<h2>Verifications and restore drills</h2>
${drills}
<h2>Deletions by retention</h2>
${deletions}
</body>
</html>
`;
}
