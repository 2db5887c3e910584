// `lifeboat activity` (the audit log), `lifeboat report` (monthly compliance report) and
// `lifeboat metrics` (Prometheus textfile for node_exporter).
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { LifeboatError } from '../../../../src-shared/errors';
import { atomicWriteFile } from '../../../records/atomic-write';
import { buildMonthlyReports } from '../../../records/monthly-report';
import { renderMetrics, writeMetricsFile } from '../../../records/prometheus';
import { renderReportCsv } from '../../../records/report-csv';
import { renderReportHtml } from '../../../records/report-html';
import { verificationFromRow } from '../../../records/verification-record';
import { runCommand } from '../context';
import { parseIntFlag } from './backup';

export function registerRecords(program: Command): void {
  program
    .command('activity')
    .description('the audit log, newest first')
    .option('--job <name>', 'only this job')
    .option('--event <name>', 'only this event (e.g. backup_prune)')
    .option('--limit <n>', 'at most this many entries', '50')
    .option('--json', 'print one JSON object')
    .action((flags: { job?: string; event?: string; limit: string; json?: boolean }) =>
      runCommand(
        flags,
        async (ctx) => ({ entries: await ctx.audit.read({ job: flags.job, event: flags.event as never, limit: parseIntFlag(flags.limit, '--limit', 1, 100_000) }) }),
        ({ entries }) => {
          for (const e of entries) process.stdout.write(`${e.timestamp}  ${e.status.padEnd(7)} ${e.event.padEnd(22)} ${e.details}\n`);
        },
      ),
    );

  program
    .command('report')
    .description('monthly report per job (HTML or CSV): backups, failures, copies, drills, deletions')
    .requiredOption('--month <YYYY-MM>', 'the month')
    .option('--job <name>', 'only this job')
    .option('--time-zone <tz>', 'whose calendar defines the month', Intl.DateTimeFormat().resolvedOptions().timeZone)
    .option('--format <html|csv>', 'output format', 'html')
    .requiredOption('--out <file>', 'write the report here')
    .option('--json', 'print one JSON object')
    .action((flags: { month: string; job?: string; timeZone: string; format: string; out: string; json?: boolean }) =>
      runCommand(
        flags,
        async (ctx) => {
          const match = /^(\d{4})-(\d{2})$/.exec(flags.month);
          if (!match) throw new LifeboatError('BAD_INPUT', `--month must look like 2026-11 (got "${flags.month}").`, { fix: 'Pass the year and month as YYYY-MM.' });
          if (flags.format !== 'html' && flags.format !== 'csv') throw new LifeboatError('BAD_INPUT', `--format must be html or csv (got "${flags.format}").`, { fix: 'Use --format html or --format csv.' });
          const reports = buildMonthlyReports({
            year: Number(match[1]),
            month: Number(match[2]),
            timeZone: flags.timeZone,
            backups: ctx.backups.list({ limit: 1_000_000 }),
            verifications: ctx.backups.verifications().map(verificationFromRow),
            auditEntries: await ctx.audit.read({ event: 'backup_prune' }),
            generatedAt: new Date(),
          }).filter((r) => !flags.job || r.job === flags.job);
          const text = reports.map((r) => (flags.format === 'html' ? renderReportHtml(r) : renderReportCsv(r))).join(flags.format === 'html' ? '\n' : '');
          await atomicWriteFile(flags.out, text, { mode: 0o644 });
          return { file: flags.out, jobs: reports.map((r) => r.job) };
        },
        ({ file, jobs }) => process.stdout.write(jobs.length ? `Wrote the report for ${jobs.join(', ')} to ${file}.\n` : `No activity that month; wrote an empty report to ${file}.\n`),
      ),
    );

  program
    .command('metrics')
    .description('Prometheus metrics: print them, or write a .prom file for node_exporter\'s textfile collector')
    .option('--out <file.prom>', 'write atomically to this file')
    .action((flags: { out?: string }) =>
      runCommand(
        {},
        async (ctx) => {
          const text = renderMetrics(ctx.backups.list({ limit: 1_000_000 }), new Date());
          if (flags.out) await writeMetricsFile(flags.out, text);
          return { text };
        },
        ({ text }) => {
          if (!flags.out) writeFileSync(1, text);
        },
      ),
    );
}
