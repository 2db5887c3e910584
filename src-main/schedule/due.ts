// Decides whether a job should run now. The scheduler asks at start, on every tick and after
// a wake or clock jump; the answer depends only on the inputs, so asking twice is harmless.
import { countRuns, previousRun } from './next-runs';
import type { Schedule } from './presets';

/** How late a slot may be and still count as on time (a tick that came a little late, a short nap). */
export const DEFAULT_GRACE_MS = 2 * 60_000;

/** missedSlots stops counting here; it is for a log line, not worth a long walk through a minutely cron. */
export const MISSED_COUNT_LIMIT = 1000;

export interface DueInput {
  schedule: Schedule;
  /** The slot the job's last scheduled run was for. Record it when that run starts, even if it is earlier than the previous record. */
  lastScheduledFor: Date | undefined;
  /** When the job's last run of any kind (scheduled or manual) started; a run that started at or after a slot covers it. */
  lastRunStartedAt?: Date;
  now: Date;
  /** When the job (or this schedule) was created; earlier slots are never missed. */
  createdAt: Date;
  graceMs?: number;
}

export interface DueDecision {
  due: boolean;
  /** The slot to record as lastScheduledFor when the run starts (only when due). */
  slot?: Date;
  reason: 'scheduled' | 'catch-up' | 'not-due';
  /** Slots that did not run on time since the last run or creation (the one run late now included). */
  missedSlots: number;
}

const NOT_DUE: DueDecision = { due: false, reason: 'not-due', missedSlots: 0 };

export function decideDue(input: DueInput): DueDecision {
  const { schedule, now, createdAt } = input;
  const graceMs = input.graceMs ?? DEFAULT_GRACE_MS;
  const slot = previousRun(schedule, now);
  if (!slot) return NOT_DUE;
  const onTime = now.getTime() - slot.getTime() <= graceMs;

  // A record later than now means the wall clock was moved back (or ran ahead when it was
  // written). Trusting it would stop every run until the clock caught up, possibly for days;
  // ignoring it, an on-time slot still runs. Missed slots cannot be told apart, so no catch-up.
  const fromFuture = (d: Date | undefined): boolean => d !== undefined && d.getTime() > now.getTime() + graceMs;
  const trustedMs = (d: Date | undefined): number => (d && !fromFuture(d) ? d.getTime() : -Infinity);
  const doneThrough = Math.max(trustedMs(input.lastScheduledFor), trustedMs(input.lastRunStartedAt));
  if (slot.getTime() <= doneThrough || slot.getTime() < trustedMs(createdAt)) return NOT_DUE;
  if ([input.lastScheduledFor, input.lastRunStartedAt, createdAt].some(fromFuture)) {
    return onTime ? { due: true, slot, reason: 'scheduled', missedSlots: 0 } : NOT_DUE;
  }

  // Unrun slots in (max(done, created - 1 ms), now]; slot is the last of them.
  const countFrom = new Date(Math.max(doneThrough, createdAt.getTime() - 1));
  const unrun = countRuns(schedule, countFrom, now, MISSED_COUNT_LIMIT);
  if (onTime) return { due: true, slot, reason: 'scheduled', missedSlots: Math.max(unrun - 1, 0) };
  if (schedule.catchUp !== false) return { due: true, slot, reason: 'catch-up', missedSlots: unrun };
  return { due: false, reason: 'not-due', missedSlots: unrun };
}
