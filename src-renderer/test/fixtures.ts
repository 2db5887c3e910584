// Plain data for tests, shaped like the core's answers.
import type { JobCard, JobView, WorkItem } from '../../src-shared/api';
import type { BackupRecord } from '../../src-shared/types';

export function jobCard(patch: Partial<JobCard> = {}): JobCard {
  return {
    name: 'nightly',
    paused: false,
    status: 'ok',
    statusText: 'The last backup succeeded and every copy is in place.',
    schedule: 'Every day at 02:00',
    nextRun: '2030-01-02T02:00:00.000Z',
    databases: ['shop', 'crm'],
    lastGood: { backupId: 'b-1', at: new Date(Date.now() - 2 * 3600_000).toISOString(), ageHours: 2 },
    lastRun: { at: new Date(Date.now() - 2 * 3600_000).toISOString(), outcome: 'succeeded' },
    destinations: [
      { name: 'nas', state: 'ok' },
      { name: 'b2', state: 'degraded' },
    ],
    lastVerifiedRestore: null,
    ...patch,
  };
}

export function workItem(patch: Partial<WorkItem> = {}): WorkItem {
  return {
    id: 'w-1',
    kind: 'backup',
    job: 'nightly',
    database: 'shop',
    backupId: null,
    step: 'Dumping',
    progress: { phase: 'dumping', bytes: 500_000_000, totalBytes: 1_000_000_000, bytesPerSecond: 50_000_000, etaSeconds: 10 },
    startedAt: new Date(Date.now() - 60_000).toISOString(),
    ...patch,
  };
}

export function backup(patch: Partial<BackupRecord> = {}): BackupRecord {
  return {
    id: 'bk-0001',
    job: 'nightly',
    database: 'shop',
    status: 'succeeded',
    startedAt: '2030-01-01T02:00:00.000Z',
    finishedAt: '2030-01-01T02:01:35.000Z',
    source: 'db.office.lan:5432',
    serverVersion: '16.4',
    toolVersion: '16.4',
    dumpBytes: 2_000_000,
    storedBytes: 1_000_000,
    encryptionKind: 'x25519',
    recipients: ['age1examplerecipient0000000000000000000000000000000000000000'],
    error: null,
    warnings: [],
    files: [
      { role: 'dump', name: 'shop_20300101T020000Z_bk-0001.dump.zst.age', size: 1_000_000, sha256: 'a'.repeat(64) },
      { role: 'manifest', name: 'shop_20300101T020000Z_bk-0001.manifest.json', size: 2_000, sha256: 'c'.repeat(64) },
    ],
    copies: [{ destinationId: 'folder:/mnt/nas', kind: 'folder', prefix: 'nightly/shop/2030/01/', status: 'present', errorMessage: null, updatedAt: '2030-01-01T02:01:35.000Z' }],
    health: 'complete',
    ...patch,
  };
}

export function jobView(patch: Partial<JobView['config']> = {}): JobView {
  return {
    config: {
      name: 'nightly',
      source: { host: 'db.office.lan', port: 5433, user: 'backup', sslmode: 'require', databases: { mode: 'list', names: ['shop'] } },
      schedule: { spec: { kind: 'daily', time: '02:00' }, timeZone: 'Europe/Berlin', catchUp: true },
      destinations: ['nas'],
      encryption: { kind: 'x25519', recipients: ['age1examplerecipient0000000000000000000000000000000000000000'] },
      retention: { nas: { keepLast: 0, daily: 7, weekly: 4, monthly: 6, yearly: 0, minAgeDays: 0 } },
      compressionLevel: 3,
      rowCounts: true,
      globals: true,
      retries: 2,
      notifications: [],
      drill: { enabled: true, schedule: { kind: 'weekly', day: 0, time: '04:00' }, sandbox: 'local' },
      ...patch,
    },
    paused: false,
    createdAt: '2029-12-01T00:00:00.000Z',
    nextRuns: ['2030-01-02T01:00:00.000Z'],
    scheduleText: 'Every day at 02:00',
  };
}
