// When a job's restore drills run: the drill's own schedule spec, read in the job's time zone and
// with the job's catch-up choice (one place to say "where and how strictly", not two).
import { LifeboatError } from '../../src-shared/errors';
import type { JobConfig } from '../../src-shared/job';
import type { DrillState } from '../catalog/drill-state-repo';
import { decideDue, type DueDecision } from '../schedule/due';
import { nextRuns } from '../schedule/next-runs';
import { describeSchedule, validateSchedule, type Schedule } from '../schedule/presets';

/** The drill schedule of a job; undefined when its drills are off. */
export function drillSchedule(job: JobConfig): Schedule | undefined {
  if (!job.drill.enabled) return undefined;
  return { spec: job.drill.schedule as Schedule['spec'], timeZone: job.schedule.timeZone, catchUp: job.schedule.catchUp };
}

/**
 * Whether a drill of the job is due now: the backup rules (one catch-up run for any number of
 * missed slots, a drill started by hand covers the slots before it), counted from when drills
 * were first scheduled for the job rather than from its creation.
 */
export function decideDrillDue(job: JobConfig, state: DrillState, now: Date): DueDecision {
  const schedule = drillSchedule(job);
  if (!schedule) return { due: false, reason: 'not-due', missedSlots: 0 };
  return decideDue({
    schedule: validateSchedule(schedule),
    lastScheduledFor: state.lastSlot ? new Date(state.lastSlot) : undefined,
    lastRunStartedAt: state.lastStartedAt ? new Date(state.lastStartedAt) : undefined,
    now,
    createdAt: new Date(state.since),
  });
}

/** Throws BAD_INPUT (details.field "drill.schedule") when the drill schedule is not valid. */
export function validateDrillSchedule(job: JobConfig): void {
  const schedule = drillSchedule(job);
  if (!schedule) return;
  try {
    validateSchedule(schedule);
  } catch (error) {
    const cause = error instanceof LifeboatError ? error : undefined;
    throw new LifeboatError('BAD_INPUT', `The restore drill schedule is not valid: ${cause?.message ?? (error as Error).message}`, {
      fix: cause?.fix ?? 'Choose weekly, daily or another schedule Lifeboat understands.',
      details: { field: 'drill.schedule' },
      cause: error,
    });
  }
}

/** "Every Sunday at 04:00 (Europe/Berlin), in a throwaway local cluster" or "off". */
export function describeDrill(job: JobConfig): string {
  const schedule = drillSchedule(job);
  if (!schedule) return 'off';
  return `${describeSchedule(schedule)}, ${job.drill.sandbox === 'local' ? 'in a throwaway PostgreSQL cluster on this machine' : "in a temporary database on the job's server"}`;
}

/** The next drill after `from`; undefined when drills are off. */
export function nextDrill(job: JobConfig, from: Date): Date | undefined {
  const schedule = drillSchedule(job);
  return schedule ? nextRuns(validateSchedule(schedule), from, 1)[0] : undefined;
}
