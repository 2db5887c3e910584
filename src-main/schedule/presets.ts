// Schedules as people say them ("weekdays at 19:00") plus raw cron, each in an IANA time
// zone: validation with specific errors, the cron expressions they mean, and plain words.
import { LifeboatError } from '../../src-shared/errors';
import { checkCronExpression } from './cron';
import { canonicalTimeZone } from './time-zone';

/** 0 = Sunday … 6 = Saturday, as in cron. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** A time of day on a 24-hour clock, "HH:MM" ("02:30", "19:00"). */
export type TimeOfDay = string;

export type ScheduleSpec =
  /** At `minute` past every hour that is a multiple of `hours` (1, 2, 3, 4, 6, 8 or 12). */
  | { kind: 'every-hours'; hours: number; minute?: number }
  | { kind: 'daily'; time: TimeOfDay }
  /** Monday to Friday. */
  | { kind: 'weekdays'; time: TimeOfDay }
  | { kind: 'weekly'; day: Weekday; time: TimeOfDay }
  /** Days 29–31 fall back to the last day of shorter months, so every month has a run. */
  | { kind: 'monthly'; dayOfMonth: number; time: TimeOfDay }
  | { kind: 'cron'; expression: string };

export interface Schedule {
  spec: ScheduleSpec;
  /** IANA name such as "Europe/Berlin"; the spec's times are wall-clock times there. */
  timeZone: string;
  /** Run once at start or wake for slots missed while the machine was off or asleep. */
  catchUp: boolean;
}

/** Hours that divide a day evenly, so "every N hours" lands on the same times each day. */
export const EVERY_HOURS_CHOICES = [1, 2, 3, 4, 6, 8, 12] as const;

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/** Returns the schedule tidied (canonical time zone, "2:30" → "02:30"); throws BAD_INPUT naming what is wrong. */
export function validateSchedule(schedule: Schedule): Schedule {
  const timeZone = canonicalTimeZone(schedule.timeZone);
  return { spec: validateSpec(schedule.spec), timeZone, catchUp: schedule.catchUp !== false };
}

function validateSpec(spec: ScheduleSpec): ScheduleSpec {
  switch (spec.kind) {
    case 'every-hours': {
      const minute = spec.minute ?? 0;
      if (!Number.isInteger(spec.hours) || !(EVERY_HOURS_CHOICES as readonly number[]).includes(spec.hours)) {
        throw new LifeboatError('BAD_INPUT', everyHoursProblem(spec.hours), {
          fix: `Choose every ${EVERY_HOURS_CHOICES.join(', ')} hours, "daily" for once a day, or a cron expression for an uneven pattern.`,
        });
      }
      if (!Number.isInteger(minute) || minute < 0 || minute > 59) {
        throw new LifeboatError('BAD_INPUT', `The minute past the hour must be a whole number from 0 to 59, not ${String(minute)}.`, {
          fix: 'Use 0 to run on the hour, or for example 15 to run at quarter past.',
        });
      }
      return { kind: 'every-hours', hours: spec.hours, minute };
    }
    case 'daily':
    case 'weekdays':
      return { kind: spec.kind, time: formatTime(parseTime(spec.time)) };
    case 'weekly':
      if (!Number.isInteger(spec.day) || spec.day < 0 || spec.day > 6) {
        throw new LifeboatError('BAD_INPUT', `The day of the week must be 0 (Sunday) to 6 (Saturday), not ${String(spec.day)}.`, {
          fix: 'Use 0 for Sunday, 1 for Monday, … 6 for Saturday.',
        });
      }
      return { kind: 'weekly', day: spec.day, time: formatTime(parseTime(spec.time)) };
    case 'monthly':
      if (!Number.isInteger(spec.dayOfMonth) || spec.dayOfMonth < 1 || spec.dayOfMonth > 31) {
        throw new LifeboatError('BAD_INPUT', `The day of the month must be 1 to 31, not ${String(spec.dayOfMonth)}.`, {
          fix: 'Pick a day from 1 to 31; 29, 30 and 31 run on the last day of shorter months.',
        });
      }
      return { kind: 'monthly', dayOfMonth: spec.dayOfMonth, time: formatTime(parseTime(spec.time)) };
    case 'cron': {
      const expression = String(spec.expression ?? '').trim().split(/\s+/).join(' ');
      checkCronExpression(expression);
      return { kind: 'cron', expression };
    }
    default: {
      const kind = (spec as { kind?: unknown }).kind;
      throw new LifeboatError('BAD_INPUT', `Unknown schedule kind "${String(kind)}".`, {
        fix: 'Use every-hours, daily, weekdays, weekly, monthly or cron.',
      });
    }
  }
}

function everyHoursProblem(hours: number): string {
  if (hours === 24) return '"Every 24 hours" is a daily schedule.';
  if (Number.isInteger(hours) && hours > 0 && hours < 24) {
    return `"Every ${hours} hours" does not fit evenly into a day, so the gap across midnight would be shorter than ${hours} hours.`;
  }
  return `"Every ${String(hours)} hours" is not possible: the number of hours must be a whole number that divides 24.`;
}

/** "02:30" → { hour: 2, minute: 30 }; also accepts "2:30". Throws BAD_INPUT. */
export function parseTime(time: string): { hour: number; minute: number } {
  const fix = 'Write the time on a 24-hour clock as HH:MM, for example 02:30 or 19:00.';
  const match = /^\s*(\d{1,2}):(\d{2})\s*$/.exec(String(time));
  if (!match) throw new LifeboatError('BAD_INPUT', `The time "${String(time)}" is not in HH:MM form.`, { fix });
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  if (hour > 23) {
    throw new LifeboatError('BAD_INPUT', `The time "${String(time).trim()}" is not valid: hours go from 00 to 23.`, {
      fix: hour === 24 && minute === 0 ? 'Use 00:00 for midnight.' : fix,
    });
  }
  if (minute > 59) throw new LifeboatError('BAD_INPUT', `The time "${String(time).trim()}" is not valid: minutes go from 00 to 59.`, { fix });
  return { hour, minute };
}

function formatTime(t: { hour: number; minute: number }): string {
  return `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;
}

/**
 * The cron expressions whose combined runs are the spec (each "minute hour day month weekday").
 * Only monthly on day 29 or 30 needs two: that day in every month but February, plus
 * February's last day. Throws BAD_INPUT for an invalid spec.
 */
export function toCron(spec: ScheduleSpec): string[] {
  return cronOf(validateSpec(spec));
}

/** toCron for a spec that validateSchedule already returned. */
export function cronOf(valid: ScheduleSpec): string[] {
  switch (valid.kind) {
    case 'every-hours': {
      // Explicit hours (not */N) make each time a daily appointment that DST neither skips
      // nor doubles; a plain hourly job stays "*" so it runs on every real hour.
      const hours = valid.hours === 1 ? '*' : Array.from({ length: 24 / valid.hours }, (_, i) => i * valid.hours).join(',');
      return [`${valid.minute ?? 0} ${hours} * * *`];
    }
    case 'daily':
    case 'weekdays':
    case 'weekly': {
      const { hour, minute } = parseTime(valid.time);
      const weekdays = valid.kind === 'daily' ? '*' : valid.kind === 'weekdays' ? '1-5' : String(valid.day);
      return [`${minute} ${hour} * * ${weekdays}`];
    }
    case 'monthly': {
      const { hour, minute } = parseTime(valid.time);
      if (valid.dayOfMonth <= 28) return [`${minute} ${hour} ${valid.dayOfMonth} * *`];
      // L is the month's last day: 31 clamps in every short month, 29 and 30 only in February.
      if (valid.dayOfMonth === 31) return [`${minute} ${hour} L * *`];
      return [`${minute} ${hour} ${valid.dayOfMonth} 1,3-12 *`, `${minute} ${hour} L 2 *`];
    }
    case 'cron':
      return [valid.expression];
  }
}

/** Plain words for the UI, e.g. "Every day at 02:30 (Europe/Berlin)". */
export function describeSchedule(schedule: Schedule): string {
  const { spec, timeZone } = validateSchedule(schedule);
  return `${describeSpec(spec)} (${timeZone})`;
}

function describeSpec(spec: ScheduleSpec): string {
  switch (spec.kind) {
    case 'every-hours': {
      const minute = spec.minute ?? 0;
      if (spec.hours === 1) return minute === 0 ? 'Every hour, on the hour' : `Every hour at ${minute} minutes past`;
      const times = Array.from({ length: 24 / spec.hours }, (_, i) => formatTime({ hour: i * spec.hours, minute }));
      if (times.length <= 4) return `Every ${spec.hours} hours, at ${listWords(times)}`;
      return `Every ${spec.hours} hours, from ${times[0]} to ${times[times.length - 1]}`;
    }
    case 'daily':
      return `Every day at ${spec.time}`;
    case 'weekdays':
      return `Weekdays (Monday to Friday) at ${spec.time}`;
    case 'weekly':
      return `Every ${WEEKDAY_NAMES[spec.day]} at ${spec.time}`;
    case 'monthly': {
      const base = `On day ${spec.dayOfMonth} of every month at ${spec.time}`;
      if (spec.dayOfMonth === 31) return `${base}, or the last day in shorter months`;
      if (spec.dayOfMonth >= 29) return `${base}, or the last day of February`;
      return base;
    }
    case 'cron':
      return `On the cron schedule "${spec.expression}"`;
  }
}

function listWords(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
