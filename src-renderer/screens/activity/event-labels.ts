// Short names for the audit events (the long meanings are in src-shared/audit.ts). A Record
// over AuditEvent, so a new event fails the build until it has a label here.
import type { AuditEvent } from '../../../src-shared/audit';

export const EVENT_LABEL: Record<AuditEvent, string> = {
  backup_create_start: 'Backup started',
  backup_create_complete: 'Backup finished',
  backup_encrypt: 'Backup encrypted',
  backup_upload: 'Copy written',
  backup_mirror: 'Copy added later',
  backup_verify: 'Backup verified',
  backup_scrub: 'Destination checked',
  backup_heal: 'Copy repaired',
  backup_prune: 'Old backup deleted',
  restore_start: 'Restore started',
  restore_complete: 'Restore finished',
  restore_drill: 'Restore drill',
  restore_kept_dropped: 'Kept database deleted',
  job_created: 'Job created',
  job_edited: 'Job changed',
  job_deleted: 'Job deleted',
  destination_created: 'Destination added',
  destination_edited: 'Destination changed',
  destination_deleted: 'Destination removed',
  key_created: 'Key created',
};
