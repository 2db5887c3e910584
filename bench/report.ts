// The benchmark's results: a table for people (stderr) and one JSON object for machines
// (stdout with --json). Targets are data: add one by adding an entry to targetsFor().
import os from 'node:os';
import { DEFAULT_MAX_OTHER_CPU_PCT, type RowResult } from './measure';

export interface BenchReport {
  version: 1;
  started_at: string;
  options: { scale: number; runs: number; rows: string[] };
  /** cli: how bin/lifeboat.mjs ran (bundle, or TypeScript through tsx). */
  environment: { postgres: string; node: string; cpus: number; platform: string; cli: string };
  database_bytes: number;
  load: { pgbench_scale: number; sample_scale: number; seconds: number };
  /** Median wall seconds per row key (rows measured in ms are under `ms`). */
  seconds: Record<string, number>;
  /** Rows whose figure is in milliseconds (History query, dashboard): median ms, null when not measured. */
  ms: Record<string, number | null>;
  /** Catalog rebuild of 10,000 manifests, s; History query's worst first page, ms; dashboard interactive, ms (null: not run or n/a). */
  rebuild_s: number | null;
  history_query_ms: number | null;
  dashboard_ms: number | null;
  /** Why a row's figure is missing (e.g. no browser for the dashboard), by row key. */
  not_available: Record<string, string>;
  rows: Array<{
    tag: string;
    key: string;
    label: string;
    median_s: number;
    min_s: number;
    max_s: number;
    runs_s: number[];
    bytes: number | null;
    peak_rss_mb: number | null;
    /** Median % of the machine's CPU other processes used while the row ran (noise indicator). */
    other_cpu_pct: number | null;
    runs_other_cpu_pct: Array<number | null>;
    /** Runs repeated because the machine was busy (the quietest attempt was kept). */
    repeated_runs: number;
    /** The row's figure in ms, for rows measured in ms (then median_s is the measurement's wall time). */
    ms: number | null;
    na: string | null;
  }>;
  sizes_bytes: { pg_dump: number | null; seed: number | null; lifeboat: number | null; pg_dump_uncompressed: number | null };
  ratios: {
    backup_vs_floor: number | null;
    backup_vs_pg_dump: number | null;
    backup_vs_seed: number | null;
    restore_vs_pg_restore: number | null;
    size_vs_pg_dump: number | null;
    /** g/d: backup to a folder and S3 at once vs to the folder only. */
    fanout_vs_folder: number | null;
    /** h/e: restore from the S3 copy vs pg_restore of a local archive. */
    restore_s3_vs_pg_restore: number | null;
    /** h/f: restore from the S3 copy vs from the folder (informational). */
    restore_s3_vs_folder: number | null;
  };
  /** Peak RSS of the `lifeboat backup` process (max over runs), MB. */
  peak_rss_mb: number | null;
  restore_peak_rss_mb: number | null;
  /** age encryption throughput in memory, MB/s (10^6 bytes). */
  age_mbps: number | null;
  age_decrypt_mbps: number | null;
  age_other_cpu_pct: number | null;
  /**
   * Recovery time: the database size restorable within the runbooks' 30-minute RTO at the
   * measured rate of `lifeboat restore` from the folder (f) and from S3 (h), in GB (10^9 bytes).
   * A linear extrapolation: index builds grow a little faster than linearly, so read it as an
   * upper bound for databases with many indexes.
   */
  rto_30min_gb: { folder: number | null; s3: number | null };
  targets: Array<{ key: string; label: string; value: number | null; op: '<=' | '>='; limit: number; ok: boolean | null; na?: string }>;
  all_targets_met: boolean;
}

export interface ReportInput {
  startedAt: Date;
  cliMode: string;
  scale: number;
  runs: number;
  serverVersion: string;
  databaseBytes: number;
  load: { pgbenchScale: number; sampleScale: number; seconds: number };
  plainArchiveBytes: number | undefined;
  rows: RowResult[];
  age: { encryptMBps: number; decryptMBps: number; otherCpuPct: number | undefined } | undefined;
}

export function buildReport(input: ReportInput): BenchReport {
  const row = (key: string) => input.rows.find((r) => r.key === key);
  const med = (key: string) => row(key)?.median;
  const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined && b > 0 ? a / b : null);
  const d = med('lifeboat_backup');
  const ratios = {
    backup_vs_floor: ratio(d, med('pg_dump_floor')),
    backup_vs_pg_dump: ratio(d, med('pg_dump')),
    backup_vs_seed: ratio(d, med('seed')),
    restore_vs_pg_restore: ratio(med('lifeboat_restore'), med('pg_restore')),
    size_vs_pg_dump: ratio(row('lifeboat_backup')?.bytes, row('pg_dump')?.bytes),
    fanout_vs_folder: ratio(med('lifeboat_backup_fanout'), d),
    restore_s3_vs_pg_restore: ratio(med('lifeboat_restore_s3'), med('pg_restore')),
    restore_s3_vs_folder: ratio(med('lifeboat_restore_s3'), med('lifeboat_restore')),
  };
  const peakRss = row('lifeboat_backup')?.peakRssMb ?? null;
  const ageMBps = input.age?.encryptMBps ?? null;
  const msRows = input.rows.filter((r) => r.ms !== undefined || r.na !== undefined);
  const once = {
    rebuildS: med('rebuild') ?? null,
    historyMs: row('history_query')?.ms ?? null,
    dashboardMs: row('dashboard')?.ms ?? null,
    dashboardNa: row('dashboard')?.na,
  };
  const targets = targetsFor(ratios, peakRss, ageMBps, once);
  return {
    version: 1,
    started_at: input.startedAt.toISOString(),
    options: { scale: input.scale, runs: input.runs, rows: input.rows.map((r) => r.tag) },
    environment: { postgres: input.serverVersion, node: process.version, cpus: os.availableParallelism(), platform: `${process.platform}-${process.arch}`, cli: input.cliMode },
    database_bytes: input.databaseBytes,
    load: { pgbench_scale: input.load.pgbenchScale, sample_scale: input.load.sampleScale, seconds: round(input.load.seconds, 1) },
    seconds: Object.fromEntries(input.rows.filter((r) => !msRows.includes(r)).map((r) => [r.key, round(r.median, 3)])),
    ms: Object.fromEntries(msRows.map((r) => [r.key, r.ms === undefined ? null : round(r.ms, 2)])),
    rebuild_s: once.rebuildS === null ? null : round(once.rebuildS, 3),
    history_query_ms: once.historyMs === null ? null : round(once.historyMs, 2),
    dashboard_ms: once.dashboardMs === null ? null : round(once.dashboardMs, 0),
    not_available: Object.fromEntries(input.rows.flatMap((r) => (r.na === undefined ? [] : [[r.key, r.na]]))),
    rows: input.rows.map((r) => ({
      tag: r.tag,
      key: r.key,
      label: r.label.trim(),
      median_s: round(r.median, 3),
      min_s: round(r.min, 3),
      max_s: round(r.max, 3),
      runs_s: r.samples.map((s) => round(s.seconds, 3)),
      bytes: r.bytes ?? null,
      peak_rss_mb: r.peakRssMb === undefined ? null : round(r.peakRssMb, 1),
      other_cpu_pct: r.otherCpuPct === undefined ? null : round(r.otherCpuPct, 1),
      runs_other_cpu_pct: r.samples.map((x) => (x.otherCpuPct === undefined ? null : round(x.otherCpuPct, 1))),
      repeated_runs: r.samples.reduce((n, x) => n + Math.max(0, (x.attempts ?? 1) - 1), 0),
      ms: r.ms === undefined ? null : round(r.ms, 2),
      na: r.na ?? null,
    })),
    sizes_bytes: {
      pg_dump: row('pg_dump')?.bytes ?? null,
      seed: row('seed')?.bytes ?? null,
      lifeboat: row('lifeboat_backup')?.bytes ?? null,
      pg_dump_uncompressed: input.plainArchiveBytes ?? null,
    },
    ratios: mapValues(ratios, (v) => (v === null ? null : round(v, 3))),
    peak_rss_mb: peakRss === null ? null : round(peakRss, 1),
    restore_peak_rss_mb: row('lifeboat_restore')?.peakRssMb === undefined ? null : round(row('lifeboat_restore')!.peakRssMb!, 1),
    age_mbps: ageMBps === null ? null : round(ageMBps, 0),
    age_decrypt_mbps: input.age ? round(input.age.decryptMBps, 0) : null,
    age_other_cpu_pct: input.age?.otherCpuPct === undefined ? null : round(input.age.otherCpuPct, 1),
    rto_30min_gb: { folder: withinRto(input.databaseBytes, med('lifeboat_restore')), s3: withinRto(input.databaseBytes, med('lifeboat_restore_s3')) },
    targets,
    all_targets_met: targets.every((t) => t.ok !== false),
  };
}

const RTO_SECONDS = 30 * 60;

function withinRto(databaseBytes: number, restoreSeconds: number | undefined): number | null {
  return restoreSeconds && restoreSeconds > 0 ? round(((databaseBytes / restoreSeconds) * RTO_SECONDS) / 1e9, 0) : null;
}

function targetsFor(
  ratios: BenchReport['ratios'],
  peakRssMb: number | null,
  ageMBps: number | null,
  once: { rebuildS: number | null; historyMs: number | null; dashboardMs: number | null; dashboardNa: string | undefined },
): BenchReport['targets'] {
  const t = (key: string, label: string, value: number | null, op: '<=' | '>=', limit: number) => ({
    key,
    label,
    value: value === null ? null : round(value, 3),
    op,
    limit,
    ok: value === null ? null : op === '<=' ? value <= limit : value >= limit,
  });
  return [
    t('backup_vs_floor', 'backup time vs floor (d/a)', ratios.backup_vs_floor, '<=', 1.3),
    t('backup_vs_pg_dump', 'backup time vs pg_dump (d/b)', ratios.backup_vs_pg_dump, '<=', 0.5),
    t('backup_vs_seed', 'backup time vs seed (d/c)', ratios.backup_vs_seed, '<=', 0.3),
    t('size_vs_pg_dump', 'backup size vs pg_dump (size d/b)', ratios.size_vs_pg_dump, '<=', 1.0),
    t('restore_vs_pg_restore', 'restore time vs pg_restore (f/e)', ratios.restore_vs_pg_restore, '<=', 1.1),
    t('peak_rss_mb', 'lifeboat backup peak RSS, MB', peakRssMb, '<=', 150),
    t('age_mbps', 'age encrypt in memory, MB/s', ageMBps, '>=', 800),
    t('fanout_vs_folder', 'backup folder + S3 vs folder only (g/d)', ratios.fanout_vs_folder, '<=', 1.15),
    t('restore_s3_vs_pg_restore', 'restore from S3 vs pg_restore (h/e)', ratios.restore_s3_vs_pg_restore, '<=', 1.25),
    t('rebuild_s', 'catalog rebuild of 10,000 manifests, s', once.rebuildS, '<=', 10),
    t('history_query_ms', 'History query, worst first page, ms', once.historyMs, '<=', 20),
    { ...t('dashboard_ms', 'dashboard interactive, ms', once.dashboardMs, '<=', 1500), ...(once.dashboardNa ? { na: once.dashboardNa } : {}) },
  ];
}

/** Above this share of the machine taken by other processes, a row's timings are flagged. */
const NOISY_PCT = DEFAULT_MAX_OTHER_CPU_PCT;

/** The human-readable table. */
export function formatTable(report: BenchReport): string {
  const out: string[] = [];
  const mb = (bytes: number | null) => (bytes === null ? '–' : (bytes / 1e6).toFixed(1));
  out.push('');
  out.push(
    `Lifeboat benchmark — PostgreSQL ${report.environment.postgres}, database ${mb(report.database_bytes)} MB ` +
      `(pgbench -s ${report.load.pgbench_scale} + sample data ×${report.load.sample_scale}), ` +
      `${report.options.runs} run${report.options.runs === 1 ? '' : 's'} each, ${report.environment.cpus} CPUs, Node ${report.environment.node}, lifeboat CLI from ${report.environment.cli}`,
  );
  out.push('');
  const header = ['row', 'what', 'median s', 'min s', 'max s', 'output MB', 'peak RSS MB', 'other CPU %'];
  const lines = report.rows.map((r) => [
    r.tag,
    r.label,
    // Rows measured in ms show that figure (their wall time is in the JSON).
    r.na !== null ? 'n/a' : r.ms !== null ? `${r.ms} ms` : r.median_s.toFixed(2),
    r.na !== null || r.ms !== null ? '' : r.min_s.toFixed(2),
    r.na !== null || r.ms !== null ? '' : r.max_s.toFixed(2),
    mb(r.bytes),
    r.peak_rss_mb === null ? '' : r.peak_rss_mb.toFixed(0),
    r.other_cpu_pct === null ? '' : r.other_cpu_pct.toFixed(0),
  ]);
  if (report.sizes_bytes.pg_dump_uncompressed !== null) lines.push(['', '(pg_dump -Fc -Z0 archive, restored by e)', '', '', '', mb(report.sizes_bytes.pg_dump_uncompressed), '', '']);
  if (report.age_mbps !== null) lines.push(['age', `age in memory (512 MB): encrypt ${report.age_mbps} MB/s, decrypt ${report.age_decrypt_mbps} MB/s (median)`, '', '', '', '', '', report.age_other_cpu_pct === null ? '' : report.age_other_cpu_pct.toFixed(0)]);
  out.push(...table(header, lines, [false, false, true, true, true, true, true, true]));
  const noisy = report.rows.filter((r) => (r.other_cpu_pct ?? 0) > NOISY_PCT).map((r) => r.tag);
  if ((report.age_other_cpu_pct ?? 0) > NOISY_PCT) noisy.push('age');
  if (noisy.length > 0) {
    out.push(`note: other processes used more than ${NOISY_PCT}% of the CPUs during row(s) ${noisy.join(', ')} (median over runs); those numbers are noisy.`);
  }
  for (const [key, reason] of Object.entries(report.not_available)) out.push(`note: ${key} is n/a: ${reason}`);
  if (report.ratios.restore_s3_vs_folder !== null) out.push(`note: restore from S3 vs from the folder (h/f): ${fmt(report.ratios.restore_s3_vs_folder)}`);
  if (report.rto_30min_gb.folder !== null) {
    out.push(`recovery time: at these rates a database of about ${report.rto_30min_gb.folder} GB restores from the folder within 30 minutes${report.rto_30min_gb.s3 !== null ? `, ${report.rto_30min_gb.s3} GB from S3` : ''} (linear; many indexes make it less)`);
  }
  if (report.environment.cli.includes('tsx')) {
    out.push('note: lifeboat did not run (only) from its bundle: tsx adds start-up time and RSS to d and f (npm run build:cli).');
  }
  out.push('');
  const tLines = report.targets.map((t) => [
    t.label,
    t.value === null ? (t.na ? `n/a (${t.na})` : 'n/a') : fmt(t.value),
    `${t.op === '<=' ? '≤' : '≥'} ${fmt(t.limit)}`,
    t.ok === null ? '–' : t.ok ? '✓' : '✗',
  ]);
  out.push(...table(['target', 'value', 'goal', ''], tLines, [false, true, false, false]));
  out.push('');
  return out.join('\n');
}

function table(header: string[], rows: string[][], rightAlign: boolean[]): string[] {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (rightAlign[i] ? c.padStart(widths[i]! + c.length - width(c)) : c.padEnd(widths[i]! + c.length - width(c))))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)];
}

/** Display width: counts code points (the table uses only narrow characters). */
function width(s: string): number {
  return [...s].length;
}

/** Ratios with three decimals (0.503 must not print as a passing 0.50); MB and MB/s whole. */
function fmt(n: number): string {
  return n >= 100 ? n.toFixed(0) : n.toFixed(3);
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

function mapValues<T extends Record<string, number | null>>(o: T, fn: (v: number | null) => number | null): T {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, fn(v)])) as T;
}
