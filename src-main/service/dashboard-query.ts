// The few catalog reads the dashboard needs, each answered from an index so the dashboard (and
// the tray, which is computed from it) stays instant with a long history.
import type { CatalogDb } from '../catalog/open-catalog';

export interface LatestAttempt {
  id: string;
  status: string;
  startedAt: string;
  errorMessage: string | null;
}

export class DashboardQuery {
  constructor(private readonly db: CatalogDb) {}

  /** The newest succeeded backup of one database of a job (its id). */
  latestGoodId(job: string, database: string): string | undefined {
    return this.db
      .prepare<[string, string], { id: string }>("SELECT id FROM backups WHERE job = ? AND database_name = ? AND status = 'succeeded' ORDER BY started_at DESC LIMIT 1")
      .get(job, database)?.id;
  }

  /** The newest backup attempt of a job, whatever its outcome. */
  latestAttempt(job: string): LatestAttempt | undefined {
    return this.db
      .prepare<[string], LatestAttempt>('SELECT id, status, started_at AS startedAt, error_message AS errorMessage FROM backups WHERE job = ? ORDER BY started_at DESC LIMIT 1')
      .get(job);
  }

  /** Databases a job attempted since `since` (a whole-server job's current set). */
  databasesSince(job: string, since: string): string[] {
    return this.db
      .prepare<[string, string], { name: string }>('SELECT DISTINCT database_name AS name FROM backups WHERE job = ? AND started_at >= ? ORDER BY name')
      .all(job, since)
      .map((r) => r.name);
  }

  lastRestoreDrill(job: string): { at: string; ok: boolean } | null {
    const row = this.db
      .prepare<[string], { at: string; ok: number }>(
        "SELECT v.at, v.ok FROM verifications v JOIN backups b ON b.id = v.backup_id WHERE b.job = ? AND v.kind = 'restore' ORDER BY v.at DESC LIMIT 1",
      )
      .get(job);
    return row ? { at: row.at, ok: row.ok === 1 } : null;
  }

  /** Succeeded backups started since `since`, oldest first, for the chart. */
  succeededSince(since: string): Array<{ job: string; database: string; startedAt: string; finishedAt: string | null; storedBytes: number | null }> {
    return this.db
      .prepare<[string], { job: string; database: string; startedAt: string; finishedAt: string | null; storedBytes: number | null }>(
        "SELECT job, database_name AS database, started_at AS startedAt, finished_at AS finishedAt, stored_bytes AS storedBytes FROM backups WHERE status = 'succeeded' AND started_at >= ? ORDER BY started_at",
      )
      .all(since);
  }
}
