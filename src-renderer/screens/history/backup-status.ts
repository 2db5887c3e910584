import type { BackupRecord, BackupStatus, CopyStatus } from '../../../src-shared/types';
import type { StatusTone } from '../../components/StatusBadge';

export const BACKUP_STATUS_LABEL: Record<BackupStatus, string> = {
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  interrupted: 'Interrupted',
  cancelled: 'Cancelled',
};

export function backupTone(backup: BackupRecord): StatusTone {
  switch (backup.status) {
    case 'succeeded':
      return backup.health === 'degraded' ? 'warning' : 'ok';
    case 'running':
      return 'running';
    case 'failed':
      return 'error';
    case 'interrupted':
      return 'warning';
    case 'cancelled':
      return 'idle';
  }
}

export function backupStatusText(backup: BackupRecord): string {
  if (backup.status === 'succeeded' && backup.health === 'degraded') return 'Succeeded, copies missing';
  if (backup.status === 'succeeded' && backup.warnings.length > 0) return 'Succeeded, with warnings';
  return BACKUP_STATUS_LABEL[backup.status];
}

export const COPY_LABEL: Record<CopyStatus, string> = {
  present: 'copy in place',
  writing: 'being written',
  failed: 'writing failed',
  missing: 'copy missing',
  corrupt: 'copy damaged',
};

export const COPY_TONE: Record<CopyStatus, StatusTone> = {
  present: 'ok',
  writing: 'running',
  failed: 'error',
  missing: 'warning',
  corrupt: 'error',
};
