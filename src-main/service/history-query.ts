// The History screen's query: filtered, paged backups newest first, with a total. Written for
// catalogs of 100,000+ backups: one indexed page query, one count, and the page's files and
// copies fetched in one query each (never one per row).
import type { BackupRecord, BackupStatus } from '../../src-shared/types';
import { BACKUP_COLUMNS, hydrateBackups, type BackupRow } from '../catalog/backup-records';
import type { CatalogDb } from '../catalog/open-catalog';

export interface HistoryFilter {
  job?: string;
  database?: string;
  status?: BackupStatus;
  /** A destination id (folder:/…, s3:…): only backups with a copy there, whatever its state. */
  destinationId?: string;
  /** Inclusive bounds on the start time (any ISO 8601 form). */
  from?: string;
  to?: string;
  offset: number;
  limit: number;
}

export interface HistoryPage {
  rows: BackupRecord[];
  total: number;
}





/** Catalog times are UTC ISO strings (toISOString), so bounds are normalised to compare as text. */
function utc(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms).toISOString();
}

function whereClause(filter: HistoryFilter): { sql: string; params: Record<string, string> } {
  const conditions: string[] = [];
  const params: Record<string, string> = {};
  if (filter.job !== undefined) {
    conditions.push('job = @job');
    params.job = filter.job;
  }
  if (filter.database !== undefined) {
    conditions.push('database_name = @database');
    params.database = filter.database;
  }
  if (filter.status !== undefined) {
    conditions.push('status = @status');
    params.status = filter.status;
  }
  if (filter.from !== undefined) {
    conditions.push('started_at >= @from');
    params.from = utc(filter.from);
  }
  if (filter.to !== undefined) {
    conditions.push('started_at <= @to');
    params.to = utc(filter.to);
  }
  if (filter.destinationId !== undefined) {
    conditions.push('EXISTS (SELECT 1 FROM copies c WHERE c.backup_id = backups.id AND c.destination_id = @destination)');
    params.destination = filter.destinationId;
  }
  return { sql: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

export class HistoryQuery {
  private counts: { version: string; byFilter: Map<string, number> } = { version: '', byFilter: new Map() };

  /** Takes the catalog itself, or a getter when it is opened lazily (the core opens it on first use). */
  constructor(catalog: CatalogDb | (() => CatalogDb)) {
    this.catalog = typeof catalog === 'function' ? catalog : () => catalog;
  }

  private readonly catalog: () => CatalogDb;

  private get db(): CatalogDb {
    return this.catalog();
  }

  page(filter: HistoryFilter): HistoryPage {
    const where = whereClause(filter);
    // Deferred join: the page's rowids come from the index alone (started_at DESC, then rowid),
    // so skipping to page 500 never reads the rows it skips. Ties on started_at (same
    // millisecond) are ordered by insertion.
    const rows = this.db
      .prepare<Record<string, string | number>, BackupRow>(
        `SELECT ${BACKUP_COLUMNS} FROM backups WHERE rowid IN (SELECT rowid FROM backups ${where.sql} ORDER BY started_at DESC, rowid LIMIT @limit OFFSET @offset) ORDER BY started_at DESC, rowid`,
      )
      .all({ ...where.params, limit: filter.limit, offset: filter.offset });
    return { rows: hydrateBackups(this.db, rows), total: this.total(filter, where) };
  }

  /**
   * Counting is the one part that grows with the catalog, and paging through a filter asks for
   * the same total again and again: it is remembered until the catalog changes (a write by this
   * connection or, through data_version, by another process such as the daemon).
   */
  private total(filter: HistoryFilter, where: { sql: string; params: Record<string, string> }): number {
    const version = `${this.db.pragma('data_version', { simple: true }) as number}:${this.db.prepare<[], { n: number }>('SELECT total_changes() AS n').get()!.n}`;
    const key = JSON.stringify({ ...filter, offset: undefined, limit: undefined });
    if (this.counts.version !== version) this.counts = { version, byFilter: new Map() };
    const cached = this.counts.byFilter.get(key);
    if (cached !== undefined) return cached;
    const onlyDestination = filter.destinationId !== undefined && Object.keys(where.params).length === 1;
    // A backup has at most one copy per destination, so this counts backups, from an index alone.
    const total = onlyDestination
      ? this.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM copies WHERE destination_id = ?').get(filter.destinationId!)!.n
      : this.db.prepare<Record<string, string>, { n: number }>(`SELECT count(*) AS n FROM backups ${where.sql}`).get(where.params)!.n;
    if (this.counts.byFilter.size >= 32) this.counts.byFilter.clear();
    this.counts.byFilter.set(key, total);
    return total;
  }

  /** Every backup id of a job, newest first. */
  idsOfJob(job: string): string[] {
    return this.db
      .prepare<[string], { id: string }>('SELECT id FROM backups WHERE job = ? ORDER BY started_at DESC')
      .all(job)
      .map((r) => r.id);
  }

  /** Full records for these ids (in the order given; unknown ids are left out). */
  byIds(ids: readonly string[]): BackupRecord[] {
    if (ids.length === 0) return [];
    const rows = this.db.prepare<[string], BackupRow>(`SELECT ${BACKUP_COLUMNS} FROM backups WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids));
    const byId = new Map(hydrateBackups(this.db, rows).map((r) => [r.id, r]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }
}
