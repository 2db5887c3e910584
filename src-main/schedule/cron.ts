// Cron expressions → run times in a time zone, via croner. Nothing here starts a timer.
//
// Why croner and not node-cron (the design card's pick): node-cron 4.6 is a callback
// scheduler. Its tasks can list upcoming runs only from the real current time (no "from T"),
// cannot list past runs (catch-up needs "the latest slot before T"), and, checked on
// 2026 dates, it drops a daily 02:30 run on the spring-forward day (Europe/Berlin and
// America/New_York) and loses one run of an hourly job in the repeated fall-back hour.
// croner 11 computes nextRuns(n, from) and previousRuns(n, before) in any IANA zone with
// no timer, and follows the Vixie cron DST rules we want: a fixed-time job whose time falls
// in the skipped hour runs once when the gap ends (02:30 → 03:00), a time that occurs twice
// runs once (first pass), and wildcard/step jobs (every hour) run on each real elapsed hour.
// cron-parser 5 can also enumerate, but moves a gap time by the offset (02:30 → 03:30) and
// pulls in luxon; croner has no dependencies. The tests in this folder pin these behaviours.
import { Cron } from 'croner';
import { LifeboatError } from '../../src-shared/errors';

/** Run times of one cron expression in one time zone. */
export interface CronTimes {
  /** The first run strictly after `after`, or undefined if the expression never runs again. */
  next(after: Date): Date | undefined;
  /** Runs strictly after `after`, earliest first, lazily (for counting missed slots). */
  after(after: Date): Iterable<Date>;
  /** The latest run at or before `atOrBefore`, or undefined. */
  previous(atOrBefore: Date): Date | undefined;
}

// "no-wildcard" makes explicit lists fixed-time too ("30 2,14 * * *" is two daily appointments):
// with croner's default only single values are, and a list would be skipped or doubled by DST.
const CRON_OPTIONS = { mode: '5-part', fixedTimeRule: 'no-wildcard' } as const;

/** Compiles an expression that passed checkCronExpression, in a canonical time zone (see time-zone.ts). */
export function compileCron(expression: string, timeZone: string): CronTimes {
  const cron = new Cron(expression, { ...CRON_OPTIONS, timezone: timeZone });
  return {
    next: (after) => cron.nextRun(after) ?? undefined,
    after: (after) => cron.enumerate(after),
    // croner's previousRuns excludes a run at exactly the reference; 1 ms later includes it.
    previous: (atOrBefore) => cron.previousRuns(1, new Date(atOrBefore.getTime() + 1))[0],
  };
}

const FIELDS = [
  { name: 'minute', takes: '0–59' },
  { name: 'hour', takes: '0–23' },
  { name: 'day-of-month', takes: '1–31, or L for the last day of the month' },
  { name: 'month', takes: '1–12 or JAN–DEC' },
  { name: 'day-of-week', takes: '0–7 (0 and 7 are Sunday) or SUN–SAT' },
] as const;

const FIELD_HELP = 'The five fields are: minute hour day-of-month month day-of-week, for example "30 2 * * 1-5".';

/**
 * Throws BAD_INPUT naming the field that is wrong. Accepts the standard five fields and
 * the nicknames @yearly, @monthly, @weekly, @daily and @hourly.
 */
export function checkCronExpression(expression: string): void {
  const text = expression.trim();
  if (text === '') {
    throw new LifeboatError('BAD_INPUT', 'The cron expression is empty.', { fix: FIELD_HELP });
  }
  if (!text.startsWith('@')) {
    const fields = text.split(/\s+/);
    if (fields.length !== 5) {
      throw new LifeboatError('BAD_INPUT', `The cron expression "${text}" has ${fields.length} field${fields.length === 1 ? '' : 's'}; Lifeboat needs exactly 5 (no seconds or years).`, {
        fix: FIELD_HELP,
      });
    }
    // Checking each field alone, the others "*", finds which one croner rejects.
    fields.forEach((value, index) => {
      const probe = FIELDS.map((_, i) => (i === index ? value : '*')).join(' ');
      const field = FIELDS[index];
      if (field && !parses(probe)) {
        throw new LifeboatError('BAD_INPUT', `In the cron expression "${text}", the ${field.name} field "${value}" is not valid.`, {
          fix: `The ${field.name} field takes ${field.takes}; also *, ranges like 1-5, lists like 1,15 and steps like */2. ${FIELD_HELP}`,
          details: { field: field.name, value },
        });
      }
    });
  }
  if (!parses(text)) {
    throw new LifeboatError('BAD_INPUT', `The cron expression "${text}" is not valid.`, { fix: FIELD_HELP });
  }
  // Every field valid yet no date matches, e.g. "0 0 31 2 *" (31 February).
  if (new Cron(text, { ...CRON_OPTIONS, timezone: 'UTC' }).nextRun(new Date(0)) === null) {
    throw new LifeboatError('BAD_INPUT', `The cron expression "${text}" never runs: no date matches its day and month fields.`, {
      fix: 'Check the day-of-month and month fields together (there is no 30 or 31 February, no 31 April).',
    });
  }
}

function parses(pattern: string): boolean {
  try {
    new Cron(pattern, CRON_OPTIONS);
    return true;
  } catch {
    return false;
  }
}
