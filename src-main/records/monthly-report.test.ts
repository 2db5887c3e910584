import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src-shared/audit';
import { buildMonthlyReport, buildMonthlyReports, renderReportCsv, renderReportHtml } from './monthly-report';
import type { MonthlyReportInput } from './report-types';
import { backup, copy } from './test-records.fixture';
import { verificationFromRow, type VerificationRecord } from './verification-record';

// Asia/Dhaka is UTC+06:00 all year: local midnight is 18:00 UTC the day before.
const backups = [
  backup({ id: 's1', startedAt: '2025-09-30T17:59:00Z', finishedAt: '2025-09-30T18:00:30Z', storedBytes: 900 }), // Sep 30 23:59 local
  backup({ id: 'o1', startedAt: '2025-09-30T18:30:00Z', finishedAt: '2025-09-30T18:31:00Z', storedBytes: 1000, copies: [copy('folder:/nas', 'present'), copy('s3:offsite', 'present')] }),
  backup({ id: 'o2', status: 'failed', startedAt: '2025-10-01T21:00:00Z', finishedAt: '2025-10-01T21:00:03Z', error: { code: 'PG_UNREACHABLE', message: 'server down' }, copies: [copy('folder:/nas', 'failed')] }),
  backup({ id: 'o3', startedAt: '2025-10-02T21:00:00Z', finishedAt: '2025-10-02T21:04:05Z', storedBytes: 5000, warnings: ['w'], copies: [copy('folder:/nas', 'present'), copy('s3:offsite', 'missing')] }),
  backup({ id: 'o4', database: 'crm', startedAt: '2025-10-02T21:30:00Z', finishedAt: '2025-10-02T21:30:10Z', storedBytes: 300, copies: [copy('folder:/nas', 'present')] }),
  backup({ id: 'o5', status: 'cancelled', startedAt: '2025-10-03T21:00:00Z', finishedAt: '2025-10-03T21:00:01Z' }),
  backup({ id: 'o6', status: 'interrupted', startedAt: '2025-10-04T21:00:00Z', finishedAt: '2025-10-04T21:20:00Z' }),
  backup({ id: 'o7', startedAt: '2025-10-31T17:59:59Z', finishedAt: '2025-10-31T18:01:00Z', storedBytes: 4000, copies: [copy('folder:/nas', 'present')] }), // Oct 31 23:59:59 local
  backup({ id: 'n1', startedAt: '2025-10-31T18:00:00Z', finishedAt: '2025-10-31T18:01:00Z', storedBytes: 4100 }), // Nov 1 00:00 local
  backup({ id: 'x1', job: 'weekly', database: 'erp', startedAt: '2025-10-10T03:00:00Z', finishedAt: '2025-10-10T03:01:00Z', storedBytes: 77 }),
];

const verification = (id: number, backupId: string, kind: 'verify' | 'restore', at: string, ok: boolean): VerificationRecord =>
  verificationFromRow({ id, backup_id: backupId, kind, at, ok: ok ? 1 : 0, detail: ok ? 'ok' : 'hash mismatch in dump' });

const verifications = [
  verification(1, 'o1', 'verify', '2025-10-15T06:00:00Z', true),
  verification(2, 's1', 'restore', '2025-10-20T06:00:00Z', true), // September's backup, drilled in October
  verification(3, 'o3', 'verify', '2025-10-21T06:00:00Z', false),
  verification(4, 'o7', 'verify', '2025-10-31T18:30:00Z', true), // Nov 1 local
  verification(5, 'x1', 'verify', '2025-10-12T06:00:00Z', true), // another job
  verification(6, 'gone', 'verify', '2025-10-12T06:00:00Z', true), // not in the input
];

const prune = (timestamp: string, fields: Partial<AuditEntry> = {}): AuditEntry => ({
  timestamp,
  event: 'backup_prune',
  status: 'success',
  details: 'Deleted by retention (keep last 7)',
  job: 'nightly',
  database: 'shop',
  destination: 'folder:/nas',
  backup_file: 'shop_20250901_030000.dump.age',
  ...fields,
});

const auditEntries: AuditEntry[] = [
  prune('2025-10-01T00:05:00+06:00'),
  prune('2025-10-10T04:00:00+06:00', { status: 'error', details: 'Permission denied' }),
  prune('2025-10-10T04:00:01+06:00'),
  prune('2025-10-10T04:00:02+06:00', { job: 'weekly' }),
  prune('2025-11-01T00:10:00+06:00'),
  prune('2025-09-30T23:59:00+06:00'),
  { timestamp: '2025-10-05T03:00:00+06:00', event: 'backup_create_start', status: 'info', details: 'start', job: 'nightly' },
];

const input: MonthlyReportInput = {
  job: 'nightly',
  year: 2025,
  month: 10,
  timeZone: 'asia/dhaka',
  backups,
  verifications,
  auditEntries,
  generatedAt: new Date('2025-11-05T00:00:00Z'),
};

describe('buildMonthlyReport', () => {
  const report = buildMonthlyReport(input);

  it('counts the month\'s runs on the time zone\'s calendar', () => {
    expect(report).toMatchObject({ job: 'nightly', month: '2025-10', monthLabel: 'October 2025', timeZone: 'Asia/Dhaka', generatedAt: '2025-11-05T06:00:00+06:00' });
    expect(report.backups.map((b) => b.id)).toEqual(['o1', 'o2', 'o3', 'o4', 'o5', 'o6', 'o7']);
    expect(report.totals).toEqual({
      backups: 7,
      succeeded: 4,
      failures: 2,
      cancelled: 1,
      running: 0,
      successRate: 4 / 7,
      storedBytes: 10_300,
      withWarnings: 1,
      verifications: { passed: 1, failed: 1 },
      restoreDrills: { passed: 1, failed: 0 },
      deletions: 2,
      deletionFailures: 1,
      daysWithoutSuccess: 28,
    });
  });

  it('shows rows in local time with the offset', () => {
    expect(report.backups[0]).toMatchObject({ date: '2025-10-01', startedLocal: '2025-10-01 00:30', startedAt: '2025-10-01T00:30:00+06:00', durationSeconds: 60 });
    expect(report.backups.at(-1)).toMatchObject({ date: '2025-10-31', startedLocal: '2025-10-31 23:59', startedAt: '2025-10-31T23:59:59+06:00' });
    expect(report.backups[1]).toMatchObject({ status: 'failed', error: 'PG_UNREACHABLE: server down', storedBytes: null });
    expect(report.backups[2]?.copies).toEqual([
      { destinationId: 'folder:/nas', status: 'present' },
      { destinationId: 's3:offsite', status: 'missing' },
    ]);
  });

  it('finds the latest and largest sizes, overall and per database', () => {
    expect(report.latest).toEqual({ backupId: 'o7', database: 'shop', startedLocal: '2025-10-31 23:59', storedBytes: 4000 });
    expect(report.largest).toEqual({ backupId: 'o3', database: 'shop', startedLocal: '2025-10-03 03:00', storedBytes: 5000 });
    expect(report.databases).toEqual([
      { database: 'crm', backups: 1, succeeded: 1, failures: 0, latestStoredBytes: 300, largestStoredBytes: 300, lastSuccessLocal: '2025-10-03 03:30' },
      { database: 'shop', backups: 6, succeeded: 3, failures: 2, latestStoredBytes: 4000, largestStoredBytes: 5000, lastSuccessLocal: '2025-10-31 23:59' },
    ]);
  });

  it('tallies copies of succeeded backups by destination and status', () => {
    expect(report.copies).toEqual([
      { destinationId: 'folder:/nas', kind: 'folder', counts: { writing: 0, present: 4, failed: 0, missing: 0, corrupt: 0 } },
      { destinationId: 's3:offsite', kind: 's3', counts: { writing: 0, present: 1, failed: 0, missing: 1, corrupt: 0 } },
    ]);
  });

  it('takes drills on this job\'s backups, any month\'s, done this month', () => {
    expect(report.drills.map((d) => [d.backupId, d.kind, d.ok, d.atLocal])).toEqual([
      ['o1', 'verify', true, '2025-10-15 12:00'],
      ['s1', 'restore', true, '2025-10-20 12:00'],
      ['o3', 'verify', false, '2025-10-21 12:00'],
    ]);
  });

  it('takes deletions from this job\'s prune entries in the month', () => {
    expect(report.deletions.map((d) => [d.timestamp, d.ok])).toEqual([
      ['2025-10-01T00:05:00+06:00', true],
      ['2025-10-10T04:00:00+06:00', false],
      ['2025-10-10T04:00:01+06:00', true],
    ]);
    expect(report.deletions[0]).toMatchObject({ database: 'shop', destination: 'folder:/nas', backupFile: 'shop_20250901_030000.dump.age', backupId: null });
  });

  it('has one row per day of the month', () => {
    expect(report.days).toHaveLength(31);
    const day = (date: string) => report.days.find((d) => d.date === date);
    expect(day('2025-10-01')).toEqual({ date: '2025-10-01', backups: 1, succeeded: 1, failures: 0, storedBytes: 1000, verifications: 0, restoreDrills: 0, deletions: 1, gap: false });
    expect(day('2025-10-02')).toMatchObject({ backups: 1, failures: 1, gap: true });
    expect(day('2025-10-03')).toMatchObject({ backups: 2, succeeded: 2, storedBytes: 5300 });
    expect(day('2025-10-10')).toMatchObject({ backups: 0, deletions: 1, gap: true });
    expect(day('2025-10-15')).toMatchObject({ verifications: 1 });
    expect(day('2025-10-20')).toMatchObject({ restoreDrills: 1 });
    expect(day('2025-10-31')).toMatchObject({ succeeded: 1, gap: false });
    expect(buildMonthlyReport({ ...input, month: 2 }).days).toHaveLength(28);
    expect(buildMonthlyReport({ ...input, year: 2024, month: 2 }).days).toHaveLength(29);
  });

  it('does not call today or future days gaps', () => {
    const midMonth = buildMonthlyReport({ ...input, generatedAt: new Date('2025-10-04T12:00:00Z') });
    expect(midMonth.days.filter((d) => d.gap).map((d) => d.date)).toEqual(['2025-10-02']);
  });

  it('follows daylight saving at month edges (Berlin leaves DST on 26 October)', () => {
    const edge = buildMonthlyReport({
      ...input,
      timeZone: 'Europe/Berlin',
      backups: [
        backup({ id: 'in1', startedAt: '2025-09-30T22:30:00Z' }), // Oct 1 00:30 CEST
        backup({ id: 'out1', startedAt: '2025-09-30T21:30:00Z' }), // Sep 30 23:30 CEST
        backup({ id: 'in2', startedAt: '2025-10-31T22:30:00Z' }), // Oct 31 23:30 CET
        backup({ id: 'out2', startedAt: '2025-10-31T23:30:00Z' }), // Nov 1 00:30 CET
      ],
    });
    expect(edge.backups.map((b) => [b.id, b.startedAt])).toEqual([
      ['in1', '2025-10-01T00:30:00+02:00'],
      ['in2', '2025-10-31T23:30:00+01:00'],
    ]);
  });

  it('has no success rate when nothing finished, and rejects bad months and zones', () => {
    const empty = buildMonthlyReport({ ...input, job: 'nobody' });
    expect(empty.totals.successRate).toBeNull();
    expect(empty.latest).toBeNull();
    expect(empty.totals.daysWithoutSuccess).toBe(31);
    expect(() => buildMonthlyReport({ ...input, month: 13 })).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(() => buildMonthlyReport({ ...input, timeZone: 'Mars/Olympus' })).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
  });

  it('builds one report per job with activity', () => {
    const reports = buildMonthlyReports({ ...input });
    expect(reports.map((r) => [r.job, r.totals.backups, r.totals.deletions])).toEqual([
      ['nightly', 7, 2],
      ['weekly', 1, 1],
    ]);
  });
});

describe('renderReportHtml', () => {
  const hostile = buildMonthlyReport({
    ...input,
    job: 'R&D "ops"',
    backups: [
      backup({ id: 'h1', job: 'R&D "ops"', database: '<script>alert(1)</script>', startedAt: '2025-10-05T03:00:00Z', finishedAt: '2025-10-05T03:01:00Z', storedBytes: 1536 }),
      backup({
        id: 'h2',
        job: 'R&D "ops"',
        database: '<script>alert(1)</script>',
        status: 'failed',
        startedAt: '2025-10-06T03:00:00Z',
        finishedAt: '2025-10-06T03:00:02Z',
        error: { code: 'PG_DUMP_FAILED', message: '<img src=x onerror=alert(2)> & \'quotes\'' },
      }),
    ],
  });
  const html = renderReportHtml(hostile);

  it('titles the page with job and month', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<title>Lifeboat backup report — R&amp;D &quot;ops&quot; — October 2025</title>');
    expect(html).toContain('<h1>Lifeboat backup report — R&amp;D &quot;ops&quot; — October 2025</h1>');
  });

  it('escapes every value: a database called <script> stays text', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('PG_DUMP_FAILED: &lt;img src=x onerror=alert(2)&gt; &amp; &#39;quotes&#39;');
  });

  it('is self-contained and shows the summary and daily tables', () => {
    expect(html).not.toMatch(/<(link|script|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/url\(/);
    expect(html).toContain('<tr><th scope="row">Backups made</th><td>2</td></tr>');
    expect(html).toContain('<tr><th scope="row">Success rate</th><td>50.0 %</td></tr>');
    expect(html).toContain('<tr><th scope="row">Latest backup size</th><td>1.5 KB (&lt;script&gt;alert(1)&lt;/script&gt;, 2025-10-05 09:00)</td></tr>');
    expect(html).toContain('<h2>Day by day</h2>');
    expect(html.match(/<td>2025-10-\d\d<\/td>/g)).toHaveLength(31);
    expect(html).toContain('@media print');
  });
});

/** A strict RFC 4180 reader, to check what a spreadsheet would see. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  expect(field).toBe('');
  expect(row).toEqual([]);
  return rows;
}

describe('renderReportCsv', () => {
  it('writes one row per backup with a header', () => {
    const rows = parseCsv(renderReportCsv(buildMonthlyReport(input)));
    expect(rows[0]).toEqual(['job', 'date', 'started_at', 'database', 'status', 'size_bytes', 'duration_seconds', 'copies', 'backup_id', 'error']);
    expect(rows).toHaveLength(8);
    expect(rows[1]).toEqual(['nightly', '2025-10-01', '2025-10-01T00:30:00+06:00', 'shop', 'succeeded', '1000', '60', 'folder:/nas=present; s3:offsite=present', 'o1', '']);
    expect(rows[2]).toEqual(['nightly', '2025-10-02', '2025-10-02T03:00:00+06:00', 'shop', 'failed', '', '3', 'folder:/nas=failed', 'o2', 'PG_UNREACHABLE: server down']);
  });

  it('quotes commas, quotes and line breaks, and defuses formulas', () => {
    const report = buildMonthlyReport({
      ...input,
      backups: [
        backup({ id: 'q1', database: 'sales,eu', status: 'failed', startedAt: '2025-10-05T03:00:00Z', finishedAt: '2025-10-05T03:00:01Z', error: { code: 'PG_DUMP_FAILED', message: 'said "no"\nthen quit' } }),
        backup({ id: 'q2', database: '=HYPERLINK("http://x")', startedAt: '2025-10-06T03:00:00Z', finishedAt: '2025-10-06T03:00:01.5Z', storedBytes: 10 }),
      ],
    });
    const csv = renderReportCsv(report);
    expect(csv).toContain(',"sales,eu",');
    expect(csv).toContain(',"PG_DUMP_FAILED: said ""no""\nthen quit"\r\n');
    expect(csv.split('\r\n')).toHaveLength(4); // header, two rows, and the empty string after the final CRLF
    const rows = parseCsv(csv);
    expect(rows[1]?.[3]).toBe('sales,eu');
    expect(rows[1]?.[9]).toBe('PG_DUMP_FAILED: said "no"\nthen quit');
    expect(rows[2]?.[3]).toBe('\'=HYPERLINK("http://x")');
    expect(rows[2]?.[6]).toBe('1.5');
  });
});
