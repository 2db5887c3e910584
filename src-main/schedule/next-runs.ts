// When a schedule runs: the preview ("next 5 runs"), the latest slot at or before an
// instant (for catch-up) and how many slots fell in a gap. Pure: the caller passes the time.
import { LifeboatError } from '../../src-shared/errors';
import { compileCron, type CronTimes } from './cron';
import { cronOf, validateSchedule, type Schedule } from './presets';

/** More than a preview needs, few enough that a mistake cannot spin for seconds. */
export const MAX_PREVIEW_RUNS = 1000;

// The scheduler asks about the same few schedules on every tick; validating and parsing
// each time would cost more than the answer.
const compiled = new Map<string, CronTimes[]>();

function compile(schedule: Schedule): CronTimes[] {
  const key = JSON.stringify([schedule.spec, schedule.timeZone]);
  let times = compiled.get(key);
  if (!times) {
    const valid = validateSchedule(schedule);
    times = cronOf(valid.spec).map((expression) => compileCron(expression, valid.timeZone));
    if (compiled.size >= 100) compiled.clear();
    compiled.set(key, times);
  }
  return times;
}

/** The next `count` runs strictly after `from`, earliest first (fewer if the schedule ends). */
export function nextRuns(schedule: Schedule, from: Date, count: number): Date[] {
  if (!Number.isInteger(count) || count < 0 || count > MAX_PREVIEW_RUNS) {
    throw new LifeboatError('BAD_INPUT', `Cannot list ${String(count)} runs: ask for a whole number from 0 to ${MAX_PREVIEW_RUNS}.`, {
      fix: 'A preview usually shows the next 5 runs.',
    });
  }
  const times = compile(schedule);
  const runs: Date[] = [];
  let cursor = from;
  while (runs.length < count) {
    const next = earliest(times.map((t) => t.next(cursor)));
    if (!next) break;
    runs.push(next);
    cursor = next;
  }
  return runs;
}

/** The latest run at or before `atOrBefore`: a direct backwards search, however dense the schedule. */
export function previousRun(schedule: Schedule, atOrBefore: Date): Date | undefined {
  return latest(compile(schedule).map((t) => t.previous(atOrBefore)));
}

/**
 * How many runs fall after `after` and at or before `until`, counting at most `limit`
 * (then returns `limit`): a minutely cron left alone for a year would be half a million.
 */
export function countRuns(schedule: Schedule, after: Date, until: Date, limit: number): number {
  const seen = new Set<number>();
  for (const times of compile(schedule)) {
    for (const run of times.after(after)) {
      if (run.getTime() > until.getTime() || seen.size >= limit) break;
      seen.add(run.getTime());
    }
  }
  return Math.min(seen.size, limit);
}

function earliest(dates: Array<Date | undefined>): Date | undefined {
  return dates.reduce<Date | undefined>((best, d) => (d && (!best || d < best) ? d : best), undefined);
}

function latest(dates: Array<Date | undefined>): Date | undefined {
  return dates.reduce<Date | undefined>((best, d) => (d && (!best || d > best) ? d : best), undefined);
}
