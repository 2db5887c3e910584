// Dates and durations in plain words, in the viewer's locale and time zone.

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const RUN_TIME: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' };
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

function toDate(iso: string | Date): Date | null {
  const date = iso instanceof Date ? iso : new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatDateTime(iso: string | null | undefined): string {
  const date = iso ? toDate(iso) : null;
  return date ? dateTime.format(date) : '—';
}

/**
 * "Mon, 24 Nov 2025, 02:00": upcoming runs, where the weekday matters. Shown in the schedule's
 * own time zone when given, so "02:00" reads as 02:00 even from a browser elsewhere.
 */
export function formatRunTime(iso: string, timeZone?: string): string {
  const date = toDate(iso);
  if (!date) return iso;
  try {
    return new Intl.DateTimeFormat(undefined, timeZone ? { ...RUN_TIME, timeZone } : RUN_TIME).format(date);
  } catch {
    return new Intl.DateTimeFormat(undefined, RUN_TIME).format(date);
  }
}

export function formatDate(iso: string | null | undefined): string {
  const date = iso ? toDate(iso) : null;
  return date ? dateOnly.format(date) : '—';
}

const STEPS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "2 hours ago", "in 3 days", "just now". */
export function formatRelative(iso: string | null | undefined, now: Date = new Date()): string {
  const date = iso ? toDate(iso) : null;
  if (!date) return '—';
  const seconds = (date.getTime() - now.getTime()) / 1000;
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  for (const [unit, size] of STEPS) {
    if (abs >= size * 0.95 || unit === 'minute') return relative.format(Math.round(seconds / size), unit);
  }
  return relative.format(Math.round(seconds / 60), 'minute');
}

/** "45 s", "3 min 5 s", "2 h 10 min". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return s % 60 ? `${minutes} min ${s % 60} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}

export function durationBetween(startIso: string, endIso: string | null): number | null {
  if (!endIso) return null;
  const start = toDate(startIso);
  const end = toDate(endIso);
  return start && end ? (end.getTime() - start.getTime()) / 1000 : null;
}

/** "about 3 min left". */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '';
  if (seconds < 60) return 'less than a minute left';
  return `about ${formatDuration(Math.round(seconds / 60) * 60)} left`;
}

/** The local calendar date as YYYYMMDD (for suggested names). */
export function compactDate(date: Date = new Date()): string {
  const y = date.getFullYear();
  const m = String(date.getMonth() + 1).padStart(2, '0');
  const d = String(date.getDate()).padStart(2, '0');
  return `${y}${m}${d}`;
}

/** A date input's YYYY-MM-DD as the ISO instant of that local midnight (plus `addDays`). */
export function localDayStart(day: string, addDays = 0): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + addDays);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The browser's time zone ("Europe/Berlin"), for new schedules. */
export function detectTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}
