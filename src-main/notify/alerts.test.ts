import { describe, expect, it } from 'vitest';
import type { BackupCopy } from '../../src-shared/types';
import { copyAlerts, destinationAlerts, diffAlerts, drillAlerts, evaluateAlerts, lowSpaceAlerts, noRecentBackupAlerts, sizeAnomalyAlerts } from './alerts';
import { record } from './test-fixtures';

const H = 3600_000;
const NOW = new Date('2026-03-10T12:00:00.000Z');
const ago = (hours: number) => new Date(NOW.getTime() - hours * H).toISOString();
const nas = (status: BackupCopy['status'], errorMessage: string | null = null): BackupCopy => ({ destinationId: 'folder:/mnt/nas', kind: 'folder', prefix: 'p', status, errorMessage, updatedAt: ago(1) });
const usb = (status: BackupCopy['status']): BackupCopy => ({ destinationId: 'folder:/mnt/usb', kind: 'folder', prefix: 'p', status, errorMessage: null, updatedAt: ago(1) });
const names = (id: string) => id.replace('folder:/mnt/', '');

describe('no recent backup (a)', () => {
  it('alerts after 26 hours without a success, per job and database', () => {
    const backups = [
      record({ startedAt: ago(30), finishedAt: ago(29.9) }),
      record({ status: 'failed', startedAt: ago(5), finishedAt: ago(5) }),
      record({ database: 'crm', startedAt: ago(20), finishedAt: ago(19.9) }),
    ];
    const alerts = noRecentBackupAlerts(backups, { now: NOW });
    expect(alerts).toEqual([{ kind: 'alert-no-recent-backup', time: NOW.toISOString(), job: 'nightly', database: 'shop', lastSuccessAt: ago(29.9), hoursSince: 29, limitHours: 26 }]);
    expect(noRecentBackupAlerts(backups, { now: NOW, maxAgeHours: 30 })).toEqual([]);
  });

  it('counts from the first run, or from set-up, when nothing ever succeeded', () => {
    expect(noRecentBackupAlerts([record({ status: 'failed', startedAt: ago(27) })], { now: NOW })[0]).toMatchObject({ lastSuccessAt: null, hoursSince: 27 });
    expect(noRecentBackupAlerts([record({ status: 'failed', startedAt: ago(2) })], { now: NOW })).toEqual([]);
    const expected = [{ job: 'weekly', database: 'hr', since: ago(200), maxAgeHours: 170 }];
    expect(noRecentBackupAlerts([], { now: NOW, expected })[0]).toMatchObject({ job: 'weekly', hoursSince: 200, limitHours: 170 });
  });
});

describe('size anomaly (b)', () => {
  const week = (sizes: number[]) => sizes.map((storedBytes, i) => record({ storedBytes, startedAt: ago(24 * (sizes.length - i)) }));

  it('compares the latest size with the median of the last 7 days', () => {
    const backups = [...week([100, 102, 98, 101, 99]), record({ storedBytes: 60, startedAt: ago(1) })];
    const [alert, ...rest] = sizeAnomalyAlerts(backups, { now: NOW });
    expect(rest).toEqual([]);
    expect(alert).toMatchObject({ kind: 'alert-size-anomaly', storedBytes: 60, medianBytes: 100, changePercent: -40, samples: 5, thresholdPercent: 30 });
    expect(sizeAnomalyAlerts([...week([100, 102, 98]), record({ storedBytes: 135, startedAt: ago(1) })], { now: NOW })[0]).toMatchObject({ changePercent: 35 });
  });

  it('stays quiet within ±30 %, with fewer than 3 data points, and ignores old and failed runs', () => {
    expect(sizeAnomalyAlerts([...week([100, 100, 100]), record({ storedBytes: 129, startedAt: ago(1) })], { now: NOW })).toEqual([]);
    expect(sizeAnomalyAlerts([...week([100, 100]), record({ storedBytes: 10, startedAt: ago(1) })], { now: NOW })).toEqual([]);
    const old = [100, 100, 100].map((s, i) => record({ storedBytes: s, startedAt: ago(24 * 8 + i) }));
    const failed = [1, 2, 3].map((i) => record({ status: 'failed', storedBytes: 5, startedAt: ago(i) }));
    expect(sizeAnomalyAlerts([...old, ...failed, ...week([10, 10]), record({ storedBytes: 100, startedAt: ago(0.5) })], { now: NOW })).toEqual([]);
  });
});

describe('destination unreachable (c)', () => {
  it('alerts on the latest failed test only', () => {
    const error = { code: 'DEST_NOT_FOUND', message: 'The folder /mnt/nas is missing.', fix: 'Mount the NAS.' };
    const results = [
      { destination: 'nas', checkedAt: ago(3), ok: true },
      { destination: 'nas', checkedAt: ago(1), ok: false, error },
      { destination: 'usb', checkedAt: ago(2), ok: false, error },
      { destination: 'usb', checkedAt: ago(1), ok: true },
    ];
    expect(destinationAlerts(results, { now: NOW })).toEqual([
      { kind: 'alert-destination-unreachable', time: NOW.toISOString(), job: null, database: null, destination: 'nas', checkedAt: ago(1), error },
    ]);
  });
});

describe('copies missing or corrupt (d)', () => {
  it('groups by job, database, destination and problem, and knows if a good copy is left', () => {
    const backups = [
      record({ id: 'a', startedAt: ago(48), copies: [nas('corrupt', 'dump does not match its SHA-256'), usb('present')] }),
      record({ id: 'b', startedAt: ago(24), copies: [nas('corrupt'), usb('present')] }),
      record({ id: 'c', startedAt: ago(12), copies: [nas('missing'), usb('missing')] }),
      record({ id: 'd', status: 'failed', copies: [nas('missing')] }),
    ];
    const alerts = copyAlerts(backups, { now: NOW, destinationName: names });
    expect(alerts).toHaveLength(3);
    expect(alerts[0]).toMatchObject({ destination: 'nas', status: 'corrupt', backupIds: ['a', 'b'], oldestTakenAt: ago(48), newestTakenAt: ago(24), goodCopyElsewhere: true, detail: 'dump does not match its SHA-256' });
    expect(alerts[1]).toMatchObject({ destination: 'nas', status: 'missing', backupIds: ['c'], goodCopyElsewhere: false });
    expect(alerts[2]).toMatchObject({ destination: 'usb', status: 'missing', backupIds: ['c'] });
  });
});

describe('low free space (e)', () => {
  const backups = [
    record({ job: 'nightly', database: 'shop', storedBytes: 4_000, startedAt: ago(48), copies: [nas('present')] }),
    record({ job: 'nightly', database: 'shop', storedBytes: 5_000, startedAt: ago(24), copies: [nas('present')] }),
    record({ job: 'nightly', database: 'crm', storedBytes: 1_000, startedAt: ago(24), copies: [nas('present'), usb('present')] }),
  ];

  it('alerts under 10 % free', () => {
    const [alert] = lowSpaceAlerts([{ destination: 'usb', freeBytes: 9_000_000, totalBytes: 100_000_000 }], backups, { now: NOW, destinationName: names });
    expect(alert).toMatchObject({ kind: 'alert-low-space', destination: 'usb', freeBytes: 9_000_000, neededBytes: 1_000, thresholdPercent: 10 });
  });

  it('alerts when free space is under twice what the next backups need', () => {
    const spaces = [{ destination: 'nas', freeBytes: 11_999, totalBytes: 100_000 }];
    expect(lowSpaceAlerts(spaces, backups, { now: NOW, destinationName: names })[0]).toMatchObject({ neededBytes: 6_000 });
    expect(lowSpaceAlerts([{ destination: 'nas', freeBytes: 12_000, totalBytes: 100_000 }], backups, { now: NOW, destinationName: names })).toEqual([]);
    expect(lowSpaceAlerts([{ destination: 'empty', freeBytes: 50, totalBytes: 100 }], backups, { now: NOW })).toEqual([]);
  });
});

describe('restore drills (f)', () => {
  it('alerts when the latest drill of a job and database failed', () => {
    const fail = { code: 'PG_RESTORE_FAILED', message: 'pg_restore failed', fix: null };
    const results = [
      { job: 'nightly', database: 'shop', backupId: 'x', backupTakenAt: ago(30), drilledAt: ago(20), ok: true },
      { job: 'nightly', database: 'shop', backupId: 'y', backupTakenAt: ago(10), drilledAt: ago(5), ok: false, error: fail },
      { job: 'nightly', database: 'crm', backupId: 'z', backupTakenAt: ago(10), drilledAt: ago(6), ok: false, error: fail },
      { job: 'nightly', database: 'crm', backupId: 'z2', backupTakenAt: ago(3), drilledAt: ago(2), ok: true },
    ];
    expect(drillAlerts(results, { now: NOW })).toEqual([
      { kind: 'alert-drill-failed', time: NOW.toISOString(), job: 'nightly', database: 'shop', backupId: 'y', backupTakenAt: ago(10), drilledAt: ago(5), error: fail },
    ]);
  });
});

describe('evaluateAlerts and diffAlerts', () => {
  it('runs every check and reports only new and cleared alerts', () => {
    const backups = [record({ startedAt: ago(40), finishedAt: ago(40), copies: [nas('missing'), usb('present')] })];
    const first = evaluateAlerts({ backups, destinationTests: [{ destination: 'usb', checkedAt: ago(1), ok: false }] }, { now: NOW, destinationName: names });
    expect(first.map((a) => a.kind)).toEqual(['alert-no-recent-backup', 'alert-destination-unreachable', 'alert-copy-problem']);
    const d1 = diffAlerts([], first);
    expect(d1.raised).toHaveLength(3);
    const second = evaluateAlerts({ backups, destinationTests: [{ destination: 'usb', checkedAt: ago(0), ok: true }] }, { now: NOW, destinationName: names });
    const d2 = diffAlerts(d1.activeKeys, second);
    expect(d2.raised).toEqual([]);
    expect(d2.cleared).toEqual(['alert-destination-unreachable|usb']);
    expect(d2.activeKeys).toHaveLength(2);
  });
});
