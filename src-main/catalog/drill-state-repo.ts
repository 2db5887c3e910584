// Scheduling state of each job's restore drills, apart from its backups' (job_state): a drill
// slot is claimed with the same compare-and-set as a backup slot, so the desktop app and the
// daemon never both run one. `since` is when drills were first scheduled for the job: slots
// before it are never "missed", so upgrading to a version with drills does not start a burst
// of catch-up drills.
import type { CatalogDb } from './open-catalog';

export type DrillRunOutcome = 'passed' | 'failed' | 'skipped' | 'cancelled';

export interface DrillState {
  since: string;
  lastSlot: string | null;
  lastStartedAt: string | null;
  lastFinishedAt: string | null;
  lastOutcome: DrillRunOutcome | null;
  /** One line: why it was skipped, or what failed. */
  lastDetail: string | null;
}

interface DrillStateRow {
  since: string;
  last_slot: string | null;
  last_started_at: string | null;
  last_finished_at: string | null;
  last_outcome: DrillRunOutcome | null;
  last_detail: string | null;
}

export class DrillStateRepo {
  constructor(private readonly db: CatalogDb) {}

  get(job: string): DrillState | undefined {
    const row = this.db.prepare<[string], DrillStateRow>('SELECT * FROM drill_state WHERE job = ?').get(job);
    return row ? hydrate(row) : undefined;
  }

  /** The job's state, created with `since` the first time drills are looked at for it. */
  ensure(job: string, since: Date): DrillState {
    this.db.prepare('INSERT INTO drill_state (job, since) VALUES (?, ?) ON CONFLICT (job) DO NOTHING').run(job, since.toISOString());
    return this.get(job)!;
  }

  /** Claims a drill slot for this process; false if another process (or an earlier tick) already did. */
  claimSlot(job: string, slot: Date, startedAt: Date): boolean {
    const at = slot.toISOString();
    return (
      this.db
        .prepare(
          `INSERT INTO drill_state (job, since, last_slot, last_started_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (job) DO UPDATE SET last_slot = excluded.last_slot, last_started_at = excluded.last_started_at
           WHERE drill_state.last_slot IS NULL OR drill_state.last_slot <> excluded.last_slot`,
        )
        .run(job, startedAt.toISOString(), at, startedAt.toISOString()).changes === 1
    );
  }

  /** A drill started by hand covers the slots before it, like a manual backup run. */
  recordStart(job: string, startedAt: Date): void {
    this.db
      .prepare('INSERT INTO drill_state (job, since, last_started_at) VALUES (?, ?, ?) ON CONFLICT (job) DO UPDATE SET last_started_at = excluded.last_started_at')
      .run(job, startedAt.toISOString(), startedAt.toISOString());
  }

  recordOutcome(job: string, outcome: DrillRunOutcome, detail: string | null, finishedAt: Date): void {
    this.db
      .prepare(
        `INSERT INTO drill_state (job, since, last_finished_at, last_outcome, last_detail) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (job) DO UPDATE SET last_finished_at = excluded.last_finished_at, last_outcome = excluded.last_outcome, last_detail = excluded.last_detail`,
      )
      .run(job, finishedAt.toISOString(), finishedAt.toISOString(), outcome, detail);
  }
}

function hydrate(row: DrillStateRow): DrillState {
  return { since: row.since, lastSlot: row.last_slot, lastStartedAt: row.last_started_at, lastFinishedAt: row.last_finished_at, lastOutcome: row.last_outcome, lastDetail: row.last_detail };
}
