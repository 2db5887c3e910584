// Reads a schedule typed on the command line in plain words:
//   "daily 02:30", "weekdays 19:00", "every 6 hours", "every hour", "weekly sun 03:00",
//   "monthly 1 01:00", or raw cron ("0 3 * * *" / "cron: 0 3 * * *").
import { LifeboatError } from '../../src-shared/errors';
import type { ScheduleSpec, Weekday } from './presets';

const DAYS: Record<string, Weekday> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

export function parseScheduleWords(text: string): ScheduleSpec {
  const words = text.trim().toLowerCase().split(/\s+/);
  const [first, second, third] = words;
  if (first === 'cron:' || first === 'cron') return { kind: 'cron', expression: text.trim().replace(/^cron:?\s*/i, '') };
  if (words.length === 5 && words.every((w) => /^[\d*,/\-LW#A-Za-z?]+$/.test(w))) return { kind: 'cron', expression: text.trim() };
  if (first === 'daily' && second && words.length === 2) return { kind: 'daily', time: second };
  if (first === 'weekdays' && second && words.length === 2) return { kind: 'weekdays', time: second };
  if (first === 'every' && (second === 'hour' || second === 'hourly') && words.length === 2) return { kind: 'every-hours', hours: 1 };
  if (first === 'every' && second && /^\d+$/.test(second) && (third === 'hours' || third === 'hour') && words.length === 3) return { kind: 'every-hours', hours: Number(second) };
  if (first === 'weekly' && second && third && words.length === 3) {
    const day = DAYS[second.slice(0, 3)];
    if (day !== undefined) return { kind: 'weekly', day, time: third };
  }
  if (first === 'monthly' && second && third && words.length === 3 && /^\d+$/.test(second)) return { kind: 'monthly', dayOfMonth: Number(second), time: third };
  throw new LifeboatError('BAD_INPUT', `"${text}" is not a schedule Lifeboat understands.`, {
    fix: 'Use one of: "daily 02:30", "weekdays 19:00", "every 6 hours", "weekly sun 03:00", "monthly 1 01:00", or a cron expression like "0 3 * * *".',
  });
}
