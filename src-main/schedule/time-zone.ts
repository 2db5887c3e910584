// IANA time zone checks and local-time formatting for schedules. Uses the runtime's Intl
// data, so zone rules are as current as the Node/Electron build.
import { LifeboatError } from '../../src-shared/errors';

/** The canonical spelling of a time zone ("europe/berlin" → "Europe/Berlin"); throws BAD_INPUT if unknown. */
export function canonicalTimeZone(timeZone: string): string {
  const name = timeZone.trim();
  if (name === '') {
    throw new LifeboatError('BAD_INPUT', 'The schedule has no time zone.', {
      fix: 'Choose a time zone such as Europe/Berlin, America/New_York or UTC.',
    });
  }
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    const guess = suggestTimeZone(name);
    throw new LifeboatError('BAD_INPUT', `The time zone "${name}" is not known.`, {
      fix: guess
        ? `Did you mean ${guess}? Time zones are written as Region/City, for example Europe/Berlin or UTC.`
        : 'Use an IANA time zone name written as Region/City, for example Europe/Berlin, America/New_York or UTC.',
    });
  }
}

// "Berlin" or "New York" usually means the zone named after that city.
function suggestTimeZone(name: string): string | undefined {
  const wanted = name.toLowerCase().replace(/[\s-]+/g, '_');
  return Intl.supportedValuesOf('timeZone').find((zone) => zone.toLowerCase().split('/').pop() === wanted);
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** Minutes east of UTC at that instant (+120 for Berlin in summer). */
  offsetMinutes: number;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

/** What a wall clock in `timeZone` shows at `date`. */
export function localParts(date: Date, timeZone: string): LocalParts {
  let formatter = partsFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partsFormatters.set(timeZone, formatter);
  }
  const formatted = formatter.formatToParts(date);
  const value = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(formatted.find((part) => part.type === type)?.value ?? NaN);
  const parts = { year: value('year'), month: value('month'), day: value('day'), hour: value('hour'), minute: value('minute') };
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, value('second'));
  const offsetMinutes = Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
  return { ...parts, offsetMinutes };
}

/** "2026-03-29 03:00 +02:00": a run time as the people in that zone read it, offset included for DST days. */
export function formatLocal(date: Date, timeZone: string): string {
  const p = localParts(date, timeZone);
  const two = (n: number): string => String(n).padStart(2, '0');
  const sign = p.offsetMinutes < 0 ? '-' : '+';
  const offset = Math.abs(p.offsetMinutes);
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)} ${sign}${two(Math.floor(offset / 60))}:${two(offset % 60)}`;
}
