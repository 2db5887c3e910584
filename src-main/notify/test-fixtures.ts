// Events and catalog records for the notify tests: one realistic example of each kind.
import type { BackupRecord } from '../../src-shared/types';
import type { BackupFailedEvent, NotifyEvent } from './events';

export const T0 = '2026-03-04T02:00:00.000Z';

export function at(minutes: number, base = T0): string {
  return new Date(Date.parse(base) + minutes * 60_000).toISOString();
}

/** The one error whose message carries a password, as a careless library might print it. */
export const LEAKY_ERROR = {
  code: 'PG_UNREACHABLE',
  message: 'could not connect to postgres://backup:Sup3rS3cret@db.office.lan:5432/shop: Connection refused',
  fix: 'Check that PostgreSQL is running on db.office.lan and accepts connections on port 5432.',
};

export function failedEvent(overrides: Partial<BackupFailedEvent> = {}): BackupFailedEvent {
  return {
    kind: 'backup-failed',
    time: at(1),
    job: 'nightly',
    database: 'shop',
    backupId: 'b-failed-1',
    startedAt: T0,
    destinations: ['nas', 'b2-offsite'],
    error: { ...LEAKY_ERROR },
    consecutiveFailures: 1,
    failingSince: T0,
    lastSuccessAt: '2026-03-03T02:05:00.000Z',
    ...overrides,
  };
}

const facts = {
  job: 'nightly',
  database: 'shop',
  backupId: 'b-ok-1',
  startedAt: T0,
  finishedAt: at(4),
  dumpBytes: 50 * 1024 * 1024,
  storedBytes: 12.5 * 1024 * 1024,
  destinations: ['nas', 'b2-offsite'],
  warnings: [],
};

/** One event of every kind, keyed by kind. */
export function everyEvent(): { [K in NotifyEvent['kind']]: Extract<NotifyEvent, { kind: K }> } {
  const error = { code: 'DEST_UNREACHABLE', message: 'The NAS at \\\\nas\\backups did not answer.', fix: 'Switch the NAS on and check the network cable.' };
  return {
    'backup-succeeded': { kind: 'backup-succeeded', time: at(4), ...facts },
    'backup-failed': failedEvent(),
    'backup-recovered': { kind: 'backup-recovered', time: at(4), ...facts, failedAttempts: 2, failingSince: '2026-03-03T02:00:00.000Z' },
    'backup-degraded': { kind: 'backup-degraded', time: at(4), ...facts, destinations: ['nas'], failedCopies: [{ destination: 'b2-offsite', message: 'The storage service cannot be reached.' }] },
    'restore-finished': {
      kind: 'restore-finished',
      time: at(30),
      job: 'nightly',
      database: 'shop',
      targetDatabase: 'shop_restored',
      backupId: 'b-ok-1',
      backupTakenAt: T0,
      durationMs: 95_000,
      bytesRead: 12.5 * 1024 * 1024,
      tablesChecked: 42,
      mismatchedTables: 0,
      warnings: [],
    },
    'restore-failed': { kind: 'restore-failed', time: at(30), job: 'nightly', database: 'shop', targetDatabase: 'shop_restored', backupId: 'b-ok-1', error: { code: 'PG_RESTORE_FAILED', message: 'pg_restore: out of disk space', fix: null } },
    'drill-failed': { kind: 'drill-failed', time: at(60), job: 'nightly', database: 'shop', backupId: 'b-ok-1', backupTakenAt: T0, error: { code: 'HASH_MISMATCH', message: 'The dump file does not match its SHA-256.', fix: null } },
    'alert-no-recent-backup': { kind: 'alert-no-recent-backup', time: at(0), job: 'nightly', database: 'shop', lastSuccessAt: '2026-03-02T02:05:00.000Z', hoursSince: 47, limitHours: 26 },
    'alert-size-anomaly': { kind: 'alert-size-anomaly', time: at(0), job: 'nightly', database: 'shop', backupId: 'b-ok-1', backupTakenAt: T0, storedBytes: 4 * 1024 * 1024, medianBytes: 12 * 1024 * 1024, changePercent: -66.7, thresholdPercent: 30, samples: 6 },
    'alert-destination-unreachable': { kind: 'alert-destination-unreachable', time: at(0), job: null, database: null, destination: 'nas', checkedAt: at(-5), error },
    'alert-copy-problem': {
      kind: 'alert-copy-problem',
      time: at(0),
      job: 'nightly',
      database: 'shop',
      destination: 'nas',
      status: 'corrupt',
      backupIds: ['b1', 'b2'],
      oldestTakenAt: '2026-03-01T02:00:00.000Z',
      newestTakenAt: '2026-03-02T02:00:00.000Z',
      goodCopyElsewhere: true,
      detail: 'shop.dump.zst.age does not match its SHA-256 (damaged on nas)',
    },
    'alert-low-space': { kind: 'alert-low-space', time: at(0), job: null, database: null, destination: 'nas', freeBytes: 3 * 1024 ** 3, totalBytes: 100 * 1024 ** 3, neededBytes: 2 * 1024 ** 3, thresholdPercent: 10 },
    'alert-drill-failed': { kind: 'alert-drill-failed', time: at(0), job: 'nightly', database: 'shop', backupId: 'b-ok-1', backupTakenAt: T0, drilledAt: at(60), error: { code: 'PG_RESTORE_FAILED', message: 'pg_restore: relation "orders" does not exist', fix: null } },
  };
}

let seq = 0;

export function record(overrides: Partial<BackupRecord> = {}): BackupRecord {
  seq++;
  return {
    id: `rec-${seq}`,
    job: 'nightly',
    database: 'shop',
    status: 'succeeded',
    startedAt: T0,
    finishedAt: at(4),
    source: 'backup@db.office.lan:5432/shop',
    serverVersion: '16.4',
    toolVersion: '16.4',
    dumpBytes: 50_000_000,
    storedBytes: 10_000_000,
    encryptionKind: 'x25519',
    recipients: [],
    error: null,
    warnings: [],
    files: [],
    copies: [
      { destinationId: 'folder:/mnt/nas', kind: 'folder', prefix: 'nightly/shop/2026/03', status: 'present', errorMessage: null, updatedAt: at(4) },
      { destinationId: 'folder:/mnt/usb', kind: 'folder', prefix: 'nightly/shop/2026/03', status: 'present', errorMessage: null, updatedAt: at(4) },
    ],
    health: 'complete',
    ...overrides,
  };
}
