// Calendar bucket keys (day, ISO week, month, year) of an instant as seen on the admin's wall
// clock in an IANA time zone, so "daily" means their days, DST and midnight included.
import { LifeboatError } from '../../src-shared/errors';

export type PeriodKind = 'day' | 'week' | 'month' | 'year';

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

export interface PeriodKeys {
  /** 2024-03-31 */
  day: string;
  /** 2024-W13 (ISO 8601: weeks start on Monday; week 1 holds the year's first Thursday) */
  week: string;
  /** 2024-03 */
  month: string;
  /** 2024 */
  year: string;
}

// Building a formatter costs far more than using one; plans format hundreds of instants.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US-u-nu-latn-ca-gregory', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' });
    } catch (error) {
      throw new LifeboatError('BAD_INPUT', `"${timeZone}" is not a time zone this system knows.`, {
        fix: 'Use an IANA time zone name such as Europe/Berlin, America/New_York or UTC.',
        cause: error,
      });
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Throws BAD_INPUT for a time zone name Intl does not know. */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

/** The calendar date on the wall clock in `timeZone` at `instant` (ms since the epoch). */
export function localDate(instant: number, timeZone: string): LocalDate {
  const parts = formatterFor(timeZone).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day') };
}

/** ISO 8601 week-numbering year and week of a calendar date. */
export function isoWeek(date: LocalDate): { year: number; week: number } {
  const DAY = 86_400_000;
  const utc = Date.UTC(date.year, date.month - 1, date.day);
  const weekday = (new Date(utc).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  // The Thursday of the same week decides the week's year.
  const thursday = utc + (3 - weekday) * DAY;
  const year = new Date(thursday).getUTCFullYear();
  const week = 1 + Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY));
  return { year, week };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function periodKeys(instant: number, timeZone: string): PeriodKeys {
  const date = localDate(instant, timeZone);
  const week = isoWeek(date);
  const year = pad(date.year, 4);
  return {
    day: `${year}-${pad(date.month)}-${pad(date.day)}`,
    week: `${pad(week.year, 4)}-W${pad(week.week)}`,
    month: `${year}-${pad(date.month)}`,
    year,
  };
}
