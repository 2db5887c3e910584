// Builders for BackupRecord fixtures in the records tests: only the fields a test cares about.
import type { BackupCopy, BackupRecord } from '../../src-shared/types';

export function backup(fields: Partial<BackupRecord> & Pick<BackupRecord, 'id' | 'startedAt'>): BackupRecord {
  const status = fields.status ?? 'succeeded';
  return {
    job: 'nightly',
    database: 'shop',
    status,
    finishedAt: null,
    source: '127.0.0.1:5432',
    serverVersion: '16.4',
    toolVersion: '16.4',
    dumpBytes: null,
    storedBytes: null,
    encryptionKind: 'x25519',
    recipients: ['age1example'],
    error: null,
    warnings: [],
    files: [],
    copies: [],
    health: null,
    ...fields,
  };
}

export function copy(destinationId: string, status: BackupCopy['status']): BackupCopy {
  return {
    destinationId,
    kind: destinationId.startsWith('s3:') ? 's3' : 'folder',
    prefix: 'shop/',
    status,
    errorMessage: status === 'present' ? null : 'x',
    updatedAt: '2025-10-28T00:00:00Z',
  };
}
