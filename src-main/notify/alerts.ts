// Checks that catch what no single run reports: backups that stopped happening, sizes that
// jumped, destinations that went away or filled up, copies lost after the fact, failed restore
// drills. Pure functions over catalog data with an injected `now`; they return alert events.
import type { BackupRecord } from '../../src-shared/types';
import {
  eventSubject,
  type AlertEvent,
  type CopyProblemAlert,
  type DestinationUnreachableAlert,
  type DrillFailedAlert,
  type EventError,
  type LowSpaceAlert,
  type NoRecentBackupAlert,
  type SizeAnomalyAlert,
} from './events';

/** From the seed runbooks: a daily job plus two hours of slack. */
export const DEFAULT_MAX_AGE_HOURS = 26;
export const DEFAULT_SIZE_THRESHOLD_PERCENT = 30;
export const DEFAULT_SIZE_WINDOW_DAYS = 7;
export const DEFAULT_SIZE_MIN_SAMPLES = 3;
export const DEFAULT_MIN_FREE_PERCENT = 10;
/** Free space should hold the next round of backups twice over. */
export const DEFAULT_NEXT_BACKUPS_FACTOR = 2;

const HOUR = 3600_000;
const DAY = 24 * HOUR;

type NameOf = (destinationId: string) => string;
const sameName: NameOf = (id) => id;

export interface ExpectedBackup {
  job: string;
  database: string;
  /** When the job was set up: without any run, the age is counted from here. */
  since: string;
  maxAgeHours?: number;
}

/** (a) No successful backup for `maxAgeHours` per job and database. */
export function noRecentBackupAlerts(
  backups: readonly BackupRecord[],
  options: { now: Date; maxAgeHours?: number; expected?: readonly ExpectedBackup[] },
): NoRecentBackupAlert[] {
  const now = options.now.getTime();
  const series = new Map<string, { job: string; database: string; firstSeen: string; lastSuccess: string | null; limit: number }>();
  for (const e of options.expected ?? []) {
    series.set(key(e.job, e.database), { job: e.job, database: e.database, firstSeen: e.since, lastSuccess: null, limit: e.maxAgeHours ?? options.maxAgeHours ?? DEFAULT_MAX_AGE_HOURS });
  }
  for (const b of backups) {
    const k = key(b.job, b.database);
    const s = series.get(k) ?? { job: b.job, database: b.database, firstSeen: b.startedAt, lastSuccess: null, limit: options.maxAgeHours ?? DEFAULT_MAX_AGE_HOURS };
    if (b.startedAt < s.firstSeen) s.firstSeen = b.startedAt;
    if (b.status === 'succeeded') {
      const done = b.finishedAt ?? b.startedAt;
      if (s.lastSuccess === null || done > s.lastSuccess) s.lastSuccess = done;
    }
    series.set(k, s);
  }
  const alerts: NoRecentBackupAlert[] = [];
  for (const s of series.values()) {
    const hours = (now - Date.parse(s.lastSuccess ?? s.firstSeen)) / HOUR;
    if (hours <= s.limit) continue;
    alerts.push({ kind: 'alert-no-recent-backup', time: options.now.toISOString(), job: s.job, database: s.database, lastSuccessAt: s.lastSuccess, hoursSince: Math.floor(hours), limitHours: s.limit });
  }
  return alerts;
}

/** (b) The latest backup's stored size against the median of the previous ones in the last week. */
export function sizeAnomalyAlerts(
  backups: readonly BackupRecord[],
  options: { now: Date; thresholdPercent?: number; windowDays?: number; minSamples?: number },
): SizeAnomalyAlert[] {
  const threshold = options.thresholdPercent ?? DEFAULT_SIZE_THRESHOLD_PERCENT;
  const from = options.now.getTime() - (options.windowDays ?? DEFAULT_SIZE_WINDOW_DAYS) * DAY;
  const alerts: SizeAnomalyAlert[] = [];
  for (const runs of groupBy(backups.filter((b) => b.status === 'succeeded' && b.storedBytes !== null), (b) => key(b.job, b.database)).values()) {
    const sorted = runs.sort((a, b) => compare(b.startedAt, a.startedAt));
    const latest = sorted[0]!;
    const samples = sorted.slice(1).filter((b) => Date.parse(b.startedAt) >= from && Date.parse(b.startedAt) <= options.now.getTime());
    if (samples.length < (options.minSamples ?? DEFAULT_SIZE_MIN_SAMPLES)) continue;
    const med = median(samples.map((b) => b.storedBytes!));
    if (med <= 0) continue;
    const change = ((latest.storedBytes! - med) / med) * 100;
    if (Math.abs(change) <= threshold) continue;
    alerts.push({
      kind: 'alert-size-anomaly',
      time: options.now.toISOString(),
      job: latest.job,
      database: latest.database,
      backupId: latest.id,
      backupTakenAt: latest.startedAt,
      storedBytes: latest.storedBytes!,
      medianBytes: med,
      changePercent: Math.round(change * 10) / 10,
      thresholdPercent: threshold,
      samples: samples.length,
    });
  }
  return alerts;
}

export interface DestinationTestResult {
  destination: string;
  checkedAt: string;
  ok: boolean;
  error?: { code: string; message: string; fix?: string | null } | null;
}

/** (c) Destinations whose latest test failed. */
export function destinationAlerts(results: readonly DestinationTestResult[], options: { now: Date }): DestinationUnreachableAlert[] {
  const alerts: DestinationUnreachableAlert[] = [];
  for (const tests of groupBy(results, (r) => r.destination).values()) {
    const latest = tests.reduce((a, b) => (b.checkedAt > a.checkedAt ? b : a));
    if (latest.ok) continue;
    alerts.push({
      kind: 'alert-destination-unreachable',
      time: options.now.toISOString(),
      job: null,
      database: null,
      destination: latest.destination,
      checkedAt: latest.checkedAt,
      error: toEventError(latest.error, `The last test of ${latest.destination} failed.`),
    });
  }
  return alerts;
}

/** (d) Copies a scrub found missing or corrupt, one alert per job, database, destination and problem. */
export function copyAlerts(backups: readonly BackupRecord[], options: { now: Date; destinationName?: NameOf }): CopyProblemAlert[] {
  const name = options.destinationName ?? sameName;
  const groups = new Map<string, { alert: CopyProblemAlert; takenAt: string[] }>();
  for (const b of backups) {
    if (b.status !== 'succeeded') continue;
    for (const copy of b.copies) {
      if (copy.status !== 'missing' && copy.status !== 'corrupt') continue;
      const destination = name(copy.destinationId);
      const elsewhere = b.copies.some((c) => c !== copy && c.status === 'present');
      const k = `${key(b.job, b.database)}|${destination}|${copy.status}`;
      const g = groups.get(k);
      if (g) {
        g.alert.backupIds.push(b.id);
        g.takenAt.push(b.startedAt);
        g.alert.goodCopyElsewhere &&= elsewhere;
        g.alert.detail ??= copy.errorMessage;
        continue;
      }
      groups.set(k, {
        takenAt: [b.startedAt],
        alert: {
          kind: 'alert-copy-problem',
          time: options.now.toISOString(),
          job: b.job,
          database: b.database,
          destination,
          status: copy.status,
          backupIds: [b.id],
          oldestTakenAt: b.startedAt,
          newestTakenAt: b.startedAt,
          goodCopyElsewhere: elsewhere,
          detail: copy.errorMessage,
        },
      });
    }
  }
  return [...groups.values()].map(({ alert, takenAt }) => {
    const sorted = [...takenAt].sort(compare);
    return { ...alert, oldestTakenAt: sorted[0]!, newestTakenAt: sorted.at(-1)! };
  });
}

export interface FolderSpace {
  destination: string;
  freeBytes: number;
  totalBytes: number;
}

/**
 * (e) Folder destinations low on space: under `minFreePercent` free, or less than
 * `nextBackupsFactor` times what the next round of backups will store there (the sum of the
 * latest stored size of each job and database that has copies on it).
 */
export function lowSpaceAlerts(
  spaces: readonly FolderSpace[],
  backups: readonly BackupRecord[],
  options: { now: Date; minFreePercent?: number; nextBackupsFactor?: number; destinationName?: NameOf },
): LowSpaceAlert[] {
  const name = options.destinationName ?? sameName;
  const minFree = options.minFreePercent ?? DEFAULT_MIN_FREE_PERCENT;
  const factor = options.nextBackupsFactor ?? DEFAULT_NEXT_BACKUPS_FACTOR;
  const latest = new Map<string, BackupRecord>();
  for (const b of backups) {
    if (b.status !== 'succeeded' || b.storedBytes === null) continue;
    const k = key(b.job, b.database);
    const seen = latest.get(k);
    if (!seen || b.startedAt > seen.startedAt) latest.set(k, b);
  }
  const alerts: LowSpaceAlert[] = [];
  for (const space of spaces) {
    const writers = [...latest.values()].filter((b) => b.copies.some((c) => name(c.destinationId) === space.destination));
    const needed = writers.length > 0 ? writers.reduce((sum, b) => sum + b.storedBytes!, 0) : null;
    const lowPercent = space.totalBytes > 0 && (space.freeBytes / space.totalBytes) * 100 < minFree;
    const lowForNext = needed !== null && space.freeBytes < factor * needed;
    if (!lowPercent && !lowForNext) continue;
    alerts.push({
      kind: 'alert-low-space',
      time: options.now.toISOString(),
      job: null,
      database: null,
      destination: space.destination,
      freeBytes: space.freeBytes,
      totalBytes: space.totalBytes,
      neededBytes: needed,
      thresholdPercent: minFree,
    });
  }
  return alerts;
}

export interface DrillResult {
  job: string;
  database: string;
  backupId: string | null;
  backupTakenAt: string | null;
  drilledAt: string;
  ok: boolean;
  error?: { code: string; message: string; fix?: string | null } | null;
}

/** (f) Job and database pairs whose latest restore drill failed (a later passing drill clears it). */
export function drillAlerts(results: readonly DrillResult[], options: { now: Date }): DrillFailedAlert[] {
  const alerts: DrillFailedAlert[] = [];
  for (const drills of groupBy(results, (r) => key(r.job, r.database)).values()) {
    const latest = drills.reduce((a, b) => (b.drilledAt > a.drilledAt ? b : a));
    if (latest.ok) continue;
    alerts.push({
      kind: 'alert-drill-failed',
      time: options.now.toISOString(),
      job: latest.job,
      database: latest.database,
      backupId: latest.backupId,
      backupTakenAt: latest.backupTakenAt,
      drilledAt: latest.drilledAt,
      error: toEventError(latest.error, 'The restore test did not complete.'),
    });
  }
  return alerts;
}

export interface AlertInputs {
  backups: readonly BackupRecord[];
  expected?: readonly ExpectedBackup[];
  destinationTests?: readonly DestinationTestResult[];
  folderSpace?: readonly FolderSpace[];
  drills?: readonly DrillResult[];
}

export interface AlertSettings {
  now: Date;
  maxAgeHours?: number;
  sizeThresholdPercent?: number;
  minFreePercent?: number;
  destinationName?: NameOf;
}

/** Every check at once, in a stable order. */
export function evaluateAlerts(inputs: AlertInputs, settings: AlertSettings): AlertEvent[] {
  const { now, destinationName } = settings;
  return [
    ...noRecentBackupAlerts(inputs.backups, { now, maxAgeHours: settings.maxAgeHours, expected: inputs.expected }),
    ...sizeAnomalyAlerts(inputs.backups, { now, thresholdPercent: settings.sizeThresholdPercent }),
    ...destinationAlerts(inputs.destinationTests ?? [], { now }),
    ...copyAlerts(inputs.backups, { now, destinationName }),
    ...lowSpaceAlerts(inputs.folderSpace ?? [], inputs.backups, { now, minFreePercent: settings.minFreePercent, destinationName }),
    ...drillAlerts(inputs.drills ?? [], { now }),
  ];
}

/**
 * Checks run every hour or so; an alert is news only when it appears. Given the keys active
 * after the previous check, returns what is new, what cleared, and the keys to remember.
 */
export function diffAlerts(previousKeys: Iterable<string>, current: readonly AlertEvent[]): { raised: AlertEvent[]; cleared: string[]; activeKeys: string[] } {
  const before = new Set(previousKeys);
  const now = new Map(current.map((a) => [eventSubject(a), a]));
  return {
    raised: [...now].filter(([k]) => !before.has(k)).map(([, a]) => a),
    cleared: [...before].filter((k) => !now.has(k)),
    activeKeys: [...now.keys()],
  };
}

function toEventError(error: DrillResult['error'], fallback: string): EventError {
  return error ? { code: error.code, message: error.message, fix: error.fix ?? null } : { code: 'INTERNAL', message: fallback, fix: null };
}

function key(job: string, database: string): string {
  return `${job}\u0000${database}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
