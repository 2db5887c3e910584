// Schedules in plain words: the presets the core understands (job.ts scheduleSpecSchema),
// their labels, sensible defaults, and checks that give a message before the core has to.
import type { JobConfig, ScheduleSpecConfig } from '../../src-shared/job';
import type { SelectOption } from '../components/SelectField';
import type { FieldErrors } from '../forms/field-errors';
import { detectTimeZone } from '../format/time';

export type Schedule = JobConfig['schedule'];
export type ScheduleKind = ScheduleSpecConfig['kind'];
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** Hours that divide a day evenly (the core accepts only these), so runs land at the same times daily. */
export const EVERY_HOURS_CHOICES = [1, 2, 3, 4, 6, 8, 12] as const;
export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
export const DEFAULT_TIME = '02:00';

export const KIND_CHOICES: ReadonlyArray<SelectOption<ScheduleKind>> = [
  { value: 'daily', label: 'Every day' },
  { value: 'weekdays', label: 'Monday to Friday' },
  { value: 'every-hours', label: 'Every few hours' },
  { value: 'weekly', label: 'Once a week' },
  { value: 'monthly', label: 'Once a month' },
  { value: 'cron', label: 'Custom (cron expression, for experts)' },
];

export function defaultSchedule(timeZone: string = detectTimeZone()): Schedule {
  return { spec: { kind: 'daily', time: DEFAULT_TIME }, timeZone, catchUp: true };
}

export function timeOf(spec: ScheduleSpecConfig): string {
  return 'time' in spec ? spec.time : DEFAULT_TIME;
}

/** Switching "how often" keeps the time of day the user already chose. */
export function changeKind(spec: ScheduleSpecConfig, kind: ScheduleKind): ScheduleSpecConfig {
  const time = timeOf(spec);
  switch (kind) {
    case 'daily':
    case 'weekdays':
      return { kind, time };
    case 'weekly':
      return { kind, day: 1, time };
    case 'monthly':
      return { kind, dayOfMonth: 1, time };
    case 'every-hours':
      return { kind, hours: 4, minute: 0 };
    case 'cron':
      return { kind, expression: spec.kind === 'cron' ? spec.expression : '0 2 * * *' };
  }
}

/** "2:30" → "02:30" (an <input type="time"> needs two digits). */
export function padTime(time: string): string {
  const match = /^(\d{1,2}):(\d{2})$/.exec(time);
  return match ? `${match[1]!.padStart(2, '0')}:${match[2]}` : time;
}

export function validateSchedule(schedule: Schedule): FieldErrors {
  const errors: FieldErrors = {};
  const spec = schedule.spec;
  if ('time' in spec) {
    const match = /^(\d{1,2}):(\d{2})$/.exec(spec.time);
    if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) errors['spec.time'] = 'Enter a time on a 24-hour clock, for example 02:00 or 19:30.';
  }
  if (spec.kind === 'cron' && !spec.expression.trim()) errors['spec.expression'] = 'Enter a cron expression such as “0 2 * * *” (02:00 every day).';
  if (!schedule.timeZone.trim()) errors['timeZone'] = 'Enter a time zone such as Europe/Berlin.';
  return errors;
}

export function knownTimeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
}
