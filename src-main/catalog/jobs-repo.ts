// Jobs and their scheduling state. A scheduled slot is claimed with a compare-and-set, so the
// desktop app and the daemon can never both start the run for the same slot.
import { LifeboatError } from '../../src-shared/errors';
import { jobConfigSchema, type JobConfig, type JobConfigInput } from '../../src-shared/job';
import { validateDrillSchedule } from '../drills/drill-schedule';
import type { CatalogDb } from './open-catalog';

export interface JobRecord {
  config: JobConfig;
  paused: boolean;
  createdAt: string;
  updatedAt: string;
  state: JobState;
}

export interface JobState {
  lastSlot: string | null;
  lastStartedAt: string | null;
  lastFinishedAt: string | null;
  lastOutcome: 'succeeded' | 'failed' | 'cancelled' | null;
  consecutiveFailures: number;
}

interface JobRow {
  name: string;
  config: string;
  paused: number;
  created_at: string;
  updated_at: string;
  last_slot: string | null;
  last_started_at: string | null;
  last_finished_at: string | null;
  last_outcome: JobState['lastOutcome'];
  consecutive_failures: number | null;
}

export function parseJobConfig(input: unknown): JobConfig {
  const parsed = jobConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new LifeboatError('BAD_INPUT', `The job's ${issue.path.join('.') || 'configuration'} is not valid: ${issue.message}.`, {
      fix: 'Correct that field and save again.',
      details: { field: issue.path.join('.') },
    });
  }
  return parsed.data;
}

export class JobsRepo {
  constructor(private readonly db: CatalogDb) {}

  create(input: JobConfigInput): JobConfig {
    const config = parseJobConfig(input);
    // The scheduler reads it on every tick: a bad one is refused here, not found at 04:00.
    validateDrillSchedule(config);
    if (this.get(config.name)) throw new LifeboatError('BAD_INPUT', `A job named "${config.name}" already exists.`, { fix: 'Choose another name, or edit the existing job.' });
    const now = new Date().toISOString();
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO jobs (name, config, paused, created_at, updated_at) VALUES (?, ?, 0, ?, ?)').run(config.name, JSON.stringify(config), now, now);
      this.db.prepare('INSERT INTO job_state (job) VALUES (?)').run(config.name);
    })();
    return config;
  }

  update(name: string, input: JobConfigInput): JobConfig {
    const config = parseJobConfig(input);
    validateDrillSchedule(config);
    if (config.name !== name) throw new LifeboatError('BAD_INPUT', 'A job cannot be renamed.', { fix: 'Create a new job with the new name and delete the old one.' });
    const changed = this.db.prepare('UPDATE jobs SET config = ?, updated_at = ? WHERE name = ?').run(JSON.stringify(config), new Date().toISOString(), name).changes;
    if (changed === 0) throw notFound(name);
    return config;
  }

  get(name: string): JobRecord | undefined {
    const row = this.db.prepare<[string], JobRow>('SELECT * FROM jobs j LEFT JOIN job_state s ON s.job = j.name WHERE j.name = ?').get(name);
    return row ? hydrate(row) : undefined;
  }

  require(name: string): JobRecord {
    const job = this.get(name);
    if (!job) throw notFound(name);
    return job;
  }

  list(): JobRecord[] {
    return this.db.prepare<[], JobRow>('SELECT * FROM jobs j LEFT JOIN job_state s ON s.job = j.name ORDER BY j.name').all().map(hydrate);
  }

  setPaused(name: string, paused: boolean): void {
    if (this.db.prepare('UPDATE jobs SET paused = ?, updated_at = ? WHERE name = ?').run(paused ? 1 : 0, new Date().toISOString(), name).changes === 0) throw notFound(name);
  }

  remove(name: string): void {
    if (this.db.prepare('DELETE FROM jobs WHERE name = ?').run(name).changes === 0) throw notFound(name);
  }

  /** Claims a scheduled slot for this process; false if another process (or an earlier tick) already did. */
  claimSlot(name: string, slot: Date, startedAt: Date): boolean {
    return (
      this.db
        .prepare("UPDATE job_state SET last_slot = ?, last_started_at = ? WHERE job = ? AND (last_slot IS NULL OR last_slot <> ?)")
        .run(slot.toISOString(), startedAt.toISOString(), name, slot.toISOString()).changes === 1
    );
  }

  recordStart(name: string, startedAt: Date): void {
    this.db.prepare('UPDATE job_state SET last_started_at = ? WHERE job = ?').run(startedAt.toISOString(), name);
  }

  recordOutcome(name: string, outcome: 'succeeded' | 'failed' | 'cancelled', finishedAt: Date): void {
    this.db
      .prepare(
        `UPDATE job_state SET last_outcome = ?, last_finished_at = ?,
           consecutive_failures = CASE WHEN ? = 'failed' THEN consecutive_failures + 1 ELSE 0 END WHERE job = ?`,
      )
      .run(outcome, finishedAt.toISOString(), outcome, name);
  }
}

function hydrate(row: JobRow): JobRecord {
  return {
    config: parseJobConfig(JSON.parse(row.config)),
    paused: row.paused === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    state: {
      lastSlot: row.last_slot,
      lastStartedAt: row.last_started_at,
      lastFinishedAt: row.last_finished_at,
      lastOutcome: row.last_outcome,
      consecutiveFailures: row.consecutive_failures ?? 0,
    },
  };
}

function notFound(name: string): LifeboatError {
  return new LifeboatError('BAD_INPUT', `There is no job named "${name}".`, { fix: 'Run `lifeboat job list` to see the jobs.' });
}
