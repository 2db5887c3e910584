// Wall-clock views of instants for records: ISO 8601 with the zone's offset (what auditors read)
// and calendar months in a time zone (what a monthly report covers).
import { canonicalTimeZone, localParts, type LocalParts } from '../schedule/time-zone';

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const two = (n: number): string => String(n).padStart(2, '0');

function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}

/**
 * "2025-10-27T03:00:01+06:00". Without a time zone the process's own zone is used, so the audit
 * log reads like the server's clock; with one, like the clock of the people a report is for.
 */
export function isoWithOffset(date: Date, timeZone?: string): string {
  // Offsets of every zone in use today are whole minutes, so UTC seconds are local seconds.
  const seconds = two(date.getUTCSeconds());
  if (timeZone === undefined) {
    const offset = -date.getTimezoneOffset();
    return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}T${two(date.getHours())}:${two(date.getMinutes())}:${seconds}${formatOffset(offset)}`;
  }
  const p = localParts(date, timeZone);
  return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}:${seconds}${formatOffset(p.offsetMinutes)}`;
}

/** The wall clock in `timeZone` at an ISO instant, or undefined for a timestamp that does not parse. */
export function zonedParts(iso: string, timeZone: string): LocalParts | undefined {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : localParts(new Date(ms), timeZone);
}

/** "2025-10-27" */
export function localDay(parts: Pick<LocalParts, 'year' | 'month' | 'day'>): string {
  return `${parts.year}-${two(parts.month)}-${two(parts.day)}`;
}

/** "2025-10-27 03:00" — for tables, where the zone is named once in the heading. */
export function localDateTime(parts: LocalParts): string {
  return `${localDay(parts)} ${two(parts.hour)}:${two(parts.minute)}`;
}

/** "October 2025": English month names, so a report reads the same on every machine's locale. */
export function monthLabel(year: number, month: number): string {
  return `${MONTH_NAMES[month - 1] ?? '?'} ${year}`;
}

/** "2025-10" */
export function monthKey(year: number, month: number): string {
  return `${year}-${two(month)}`;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export { canonicalTimeZone };
