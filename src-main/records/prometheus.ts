// Prometheus text exposition of backup health, for node_exporter's textfile collector: render
// from catalog records (pure), then write the .prom file atomically so a scrape never sees half of it.
import path from 'node:path';
import { LifeboatError } from '../../src-shared/errors';
import type { BackupRecord, BackupStatus, CopyStatus } from '../../src-shared/types';
import { atomicWriteFile } from './atomic-write';

const BACKUP_STATUSES: readonly BackupStatus[] = ['running', 'succeeded', 'failed', 'interrupted', 'cancelled'];
const COPY_STATUSES: readonly CopyStatus[] = ['writing', 'present', 'failed', 'missing', 'corrupt'];

type Labels = Record<string, string>;

interface Family {
  name: string;
  help: string;
  samples: Array<{ labels: Labels; value: number }>;
}

/** Label values escape backslash, double quote and line feed (exposition format 0.0.4). */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** HELP text escapes backslash and line feed only. */
function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function formatSample(name: string, labels: Labels, value: number): string {
  const pairs = Object.entries(labels).map(([key, v]) => `${key}="${escapeLabelValue(v)}"`);
  return `${name}${pairs.length ? `{${pairs.join(',')}}` : ''} ${formatValue(value)}`;
}

const seconds = (iso: string | null): number | undefined => {
  const ms = iso === null ? NaN : Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms / 1000;
};

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Backups grouped per (job, database), each group newest first, groups sorted for stable output. */
function groupBySeries(backups: readonly BackupRecord[]): Array<{ job: string; database: string; runs: BackupRecord[] }> {
  const groups = new Map<string, { job: string; database: string; runs: BackupRecord[] }>();
  for (const backup of backups) {
    const key = JSON.stringify([backup.job, backup.database]);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { job: backup.job, database: backup.database, runs: [] }));
    group.runs.push(backup);
  }
  const list = [...groups.values()].sort((a, b) => byText(a.job, b.job) || byText(a.database, b.database));
  for (const group of list) group.runs.sort((a, b) => byText(b.startedAt, a.startedAt) || byText(b.id, a.id));
  return list;
}

/**
 * The metrics, all gauges labelled by job and database:
 * - lifeboat_last_success_timestamp_seconds: when the newest succeeded backup finished; 0 if none has, so "too old" alerts fire.
 * - lifeboat_last_backup_size_bytes / _duration_seconds: stored size and run time of that backup (absent until one succeeds).
 * - lifeboat_last_backup_success: 1 if the newest finished run (not running) succeeded, else 0.
 * - lifeboat_backup_copies{destination,status}: copies of succeeded backups per destination and copy status,
 *   every status present (0 included) so "failed|missing|corrupt > 0" alerts have a series to match.
 * - lifeboat_backups_total{status}: backups in the catalog by run status (a gauge: pruning lowers it).
 * - lifeboat_metrics_generated_timestamp_seconds: when this file was rendered.
 */
export function renderMetrics(backups: readonly BackupRecord[], now: Date): string {
  const families: Family[] = [
    { name: 'lifeboat_last_success_timestamp_seconds', help: 'Unix time the newest succeeded backup finished; 0 if none has succeeded.', samples: [] },
    { name: 'lifeboat_last_backup_size_bytes', help: 'Stored (compressed, encrypted) size of the newest succeeded backup.', samples: [] },
    { name: 'lifeboat_last_backup_duration_seconds', help: 'Run time of the newest succeeded backup.', samples: [] },
    { name: 'lifeboat_last_backup_success', help: '1 if the newest finished backup run succeeded, 0 if it failed, was interrupted or cancelled.', samples: [] },
    { name: 'lifeboat_backup_copies', help: 'Copies of succeeded backups per destination, by copy status.', samples: [] },
    { name: 'lifeboat_backups_total', help: 'Backups in the catalog by run status (a gauge: retention lowers it).', samples: [] },
    { name: 'lifeboat_metrics_generated_timestamp_seconds', help: 'Unix time Lifeboat wrote these metrics.', samples: [{ labels: {}, value: now.getTime() / 1000 }] },
  ];
  const [lastSuccess, size, duration, success, copies, totals] = families as [Family, Family, Family, Family, Family, Family, Family];

  for (const { job, database, runs } of groupBySeries(backups)) {
    const series = { job, database };
    const newestGood = runs.find((b) => b.status === 'succeeded');
    lastSuccess.samples.push({ labels: series, value: (newestGood && seconds(newestGood.finishedAt)) ?? 0 });
    if (newestGood) {
      if (newestGood.storedBytes !== null) size.samples.push({ labels: series, value: newestGood.storedBytes });
      const start = seconds(newestGood.startedAt);
      const end = seconds(newestGood.finishedAt);
      if (start !== undefined && end !== undefined) duration.samples.push({ labels: series, value: Math.max(0, end - start) });
    }
    const newestFinished = runs.find((b) => b.status !== 'running');
    if (newestFinished) success.samples.push({ labels: series, value: newestFinished.status === 'succeeded' ? 1 : 0 });

    // Copies of failed runs are failed by definition; counting them would double-report the failure.
    const perDestination = new Map<string, Map<CopyStatus, number>>();
    for (const backup of runs.filter((b) => b.status === 'succeeded')) {
      for (const copy of backup.copies) {
        const counts = perDestination.get(copy.destinationId) ?? new Map<CopyStatus, number>();
        counts.set(copy.status, (counts.get(copy.status) ?? 0) + 1);
        perDestination.set(copy.destinationId, counts);
      }
    }
    for (const destination of [...perDestination.keys()].sort(byText)) {
      for (const status of COPY_STATUSES) {
        copies.samples.push({ labels: { ...series, destination, status }, value: perDestination.get(destination)?.get(status) ?? 0 });
      }
    }
    for (const status of BACKUP_STATUSES) {
      totals.samples.push({ labels: { ...series, status }, value: runs.filter((b) => b.status === status).length });
    }
  }

  const lines: string[] = [];
  for (const family of families) {
    // A family with no samples is left out entirely: HELP/TYPE without samples only confuses readers.
    if (family.samples.length === 0) continue;
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} gauge`);
    for (const sample of family.samples) lines.push(formatSample(family.name, sample.labels, sample.value));
  }
  // The format requires the last line to end with a line feed.
  return lines.join('\n') + '\n';
}

/**
 * Writes the metrics where node_exporter's textfile collector reads them. The collector only reads
 * `*.prom`, so any other name would be silently ignored: refuse it instead. The file is world-readable
 * (0644) because node_exporter usually runs as its own user; it holds no secrets.
 */
export async function writeMetricsFile(file: string, text: string): Promise<void> {
  if (path.extname(file) !== '.prom') {
    throw new LifeboatError('BAD_INPUT', `The metrics file "${file}" does not end in .prom; node_exporter would not read it.`, {
      fix: 'Name it like /var/lib/node_exporter/textfile_collector/lifeboat.prom.',
    });
  }
  await atomicWriteFile(file, text, { mode: 0o644 });
}
