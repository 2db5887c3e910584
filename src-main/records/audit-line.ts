// Pure conversions between audit entries and log lines, and the read filter. Masking happens here,
// per string value, so a password in an error message never reaches the disk.
import { maskSecrets } from '../log';
import { isAuditEvent, isAuditStatus, type AuditEntry, type AuditEvent, type AuditStatus } from '../../src-shared/audit';

/** A runaway message (a whole pg_dump stderr) must not turn one entry into megabytes. */
export const MAX_FIELD_CHARS = 4000;

const OPTIONAL_KEYS = ['backup_file', 'backup_id', 'job', 'database', 'destination', 'actor'] as const;

function clean(value: string): string {
  const masked = maskSecrets(value);
  return masked.length > MAX_FIELD_CHARS ? `${masked.slice(0, MAX_FIELD_CHARS)}… (truncated)` : masked;
}

/** The JSON line for an entry, without the trailing newline; keys in the runbooks' order. */
export function formatAuditLine(entry: AuditEntry): string {
  const line: Record<string, string> = {
    timestamp: clean(entry.timestamp),
    event: entry.event,
    status: entry.status,
    details: clean(entry.details),
  };
  for (const key of OPTIONAL_KEYS) {
    const value = entry[key];
    if (value !== undefined) line[key] = clean(value);
  }
  return JSON.stringify(line);
}

/**
 * An entry from one line, or undefined for a line that is torn (power loss mid-write), not JSON,
 * or from a newer Lifeboat with an event this build does not know.
 */
export function parseAuditLine(line: string): AuditEntry | undefined {
  if (line.trim() === '') return undefined;
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const record = data as Record<string, unknown>;
  const { timestamp, event, status, details } = record;
  if (typeof timestamp !== 'string' || !isAuditEvent(event) || !isAuditStatus(status)) return undefined;
  const entry: AuditEntry = { timestamp, event, status, details: typeof details === 'string' ? details : '' };
  for (const key of OPTIONAL_KEYS) {
    const value = record[key];
    if (typeof value === 'string') entry[key] = value;
  }
  return entry;
}

export interface AuditQuery {
  /** Inclusive lower bound. */
  since?: Date | string;
  /** Exclusive upper bound, so a month is [first day, first day of next month). */
  until?: Date | string;
  event?: AuditEvent | readonly AuditEvent[];
  status?: AuditStatus | readonly AuditStatus[];
  job?: string;
  database?: string;
  destination?: string;
  /** Entries to return after `offset` (newest first); all when absent. */
  limit?: number;
  offset?: number;
}

const toMs = (value: Date | string | undefined): number | undefined =>
  value === undefined ? undefined : typeof value === 'string' ? Date.parse(value) : value.getTime();

const oneOf = <T>(value: T | readonly T[] | undefined): readonly T[] | undefined =>
  value === undefined ? undefined : Array.isArray(value) ? (value as readonly T[]) : [value as T];

/** A predicate for every filter in the query except paging. */
export function auditFilter(query: AuditQuery): (entry: AuditEntry) => boolean {
  const since = toMs(query.since);
  const until = toMs(query.until);
  const events = oneOf(query.event);
  const statuses = oneOf(query.status);
  return (entry) => {
    if (since !== undefined || until !== undefined) {
      const at = Date.parse(entry.timestamp);
      if (Number.isNaN(at)) return false;
      if (since !== undefined && at < since) return false;
      if (until !== undefined && at >= until) return false;
    }
    if (events && !events.includes(entry.event)) return false;
    if (statuses && !statuses.includes(entry.status)) return false;
    if (query.job !== undefined && entry.job !== query.job) return false;
    if (query.database !== undefined && entry.database !== query.database) return false;
    if (query.destination !== undefined && entry.destination !== query.destination) return false;
    return true;
  };
}
