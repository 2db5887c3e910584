// The audit log's vocabulary: every event name Lifeboat writes, what it means, and the entry shape
// (snake_case keys, as in the runbooks: {"timestamp":…,"event":"backup_create_start",…}).

/** Event names and their meaning. The outcome of an event lives in `status`, not in the name. */
export const AUDIT_EVENTS = {
  backup_create_start: 'A backup run started (one entry per database).',
  backup_create_complete: 'A backup run ended: status success, warning (finished with warnings) or error (failed, interrupted or cancelled).',
  backup_encrypt: 'The dump was encrypted to the listed recipients or with a passphrase.',
  backup_upload: 'A copy of a backup was written to one destination during the run (one entry per destination).',
  backup_mirror: 'An existing backup was copied to another destination after the run (one entry per new copy).',
  backup_verify: 'A backup copy was read back and its hashes checked.',
  backup_scrub: 'A destination was scrubbed: its copies were checked for missing or damaged files.',
  backup_heal: 'A missing or damaged copy was replaced from a good copy elsewhere.',
  backup_prune: 'Retention deleted one copy of a backup (one entry per deletion; status error when the delete failed).',
  restore_start: 'A restore (or a restore drill into a scratch database) started.',
  restore_complete: 'A restore ended: status success, warning (row counts differ) or error.',
  restore_drill: 'A restore drill of a job ended, one entry per database: status success (restored, row counts match), error (failed) or info (skipped, e.g. no good backup yet).',
  restore_kept_dropped: 'A database kept by a replace (<db>_before_restore_<time>) was deleted on request.',
  job_created: 'A backup job was created.',
  job_edited: 'A backup job was changed (schedule, databases, destinations, retention …).',
  job_deleted: 'A backup job was deleted.',
  destination_created: 'A destination was added.',
  destination_edited: 'A destination was changed.',
  destination_deleted: 'A destination was removed.',
  key_created: 'An encryption key pair was created (the public recipient is named, never the secret).',
} as const;

export type AuditEvent = keyof typeof AUDIT_EVENTS;

export const AUDIT_EVENT_NAMES = Object.keys(AUDIT_EVENTS) as AuditEvent[];

/** Configuration changes, for an Activity filter such as "settings changes only". */
export const CONFIG_EVENTS: readonly AuditEvent[] = ['job_created', 'job_edited', 'job_deleted', 'destination_created', 'destination_edited', 'destination_deleted', 'key_created'];

export const AUDIT_STATUSES = ['info', 'success', 'warning', 'error'] as const;
export type AuditStatus = (typeof AUDIT_STATUSES)[number];

/** One line of the audit log. Optional keys are left out of the line when absent. */
export interface AuditEntry {
  /** ISO 8601 with the writer's UTC offset, "2025-10-27T03:00:01+06:00". */
  timestamp: string;
  event: AuditEvent;
  status: AuditStatus;
  /** One sentence a person can read. */
  details: string;
  /** File name of the dump, "zakupai_20251027_030001.sql.gz". */
  backup_file?: string;
  /** Catalog id of the backup, so reports can join entries to backups. */
  backup_id?: string;
  job?: string;
  database?: string;
  /** Destination id ("folder:/mnt/nas/lifeboat", "s3:…"). */
  destination?: string;
  /** Who caused it: "scheduler", "cli", "ui:<os user>" … */
  actor?: string;
}

/** What callers pass to append: the timestamp defaults to now. */
export type AuditInput = Omit<AuditEntry, 'timestamp'> & { timestamp?: string };

export function isAuditEvent(value: unknown): value is AuditEvent {
  return typeof value === 'string' && Object.hasOwn(AUDIT_EVENTS, value);
}

export function isAuditStatus(value: unknown): value is AuditStatus {
  return typeof value === 'string' && (AUDIT_STATUSES as readonly string[]).includes(value);
}
