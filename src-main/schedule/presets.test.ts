import { describe, expect, it } from 'vitest';
import { LifeboatError } from '../../src-shared/errors';
import { describeSchedule, parseTime, toCron, validateSchedule, type Schedule, type ScheduleSpec } from './presets';

const berlin = (spec: ScheduleSpec): Schedule => ({ spec, timeZone: 'Europe/Berlin', catchUp: true });

function errorOf(fn: () => unknown): LifeboatError {
  try {
    fn();
  } catch (error) {
    if (error instanceof LifeboatError) return error;
    throw error;
  }
  throw new Error('expected a LifeboatError, nothing was thrown');
}

describe('presets → cron', () => {
  it('writes each preset as standard five-field cron', () => {
    expect(toCron({ kind: 'every-hours', hours: 1 })).toEqual(['0 * * * *']);
    expect(toCron({ kind: 'every-hours', hours: 1, minute: 15 })).toEqual(['15 * * * *']);
    expect(toCron({ kind: 'every-hours', hours: 6, minute: 5 })).toEqual(['5 0,6,12,18 * * *']);
    expect(toCron({ kind: 'every-hours', hours: 2 })).toEqual(['0 0,2,4,6,8,10,12,14,16,18,20,22 * * *']);
    expect(toCron({ kind: 'daily', time: '02:30' })).toEqual(['30 2 * * *']);
    expect(toCron({ kind: 'weekdays', time: '19:00' })).toEqual(['0 19 * * 1-5']);
    expect(toCron({ kind: 'weekly', day: 0, time: '03:15' })).toEqual(['15 3 * * 0']);
    expect(toCron({ kind: 'monthly', dayOfMonth: 15, time: '01:00' })).toEqual(['0 1 15 * *']);
    expect(toCron({ kind: 'cron', expression: '  0  */4 * *   1-5 ' })).toEqual(['0 */4 * * 1-5']);
  });

  it('days 29–31 fall back to the last day of shorter months', () => {
    expect(toCron({ kind: 'monthly', dayOfMonth: 31, time: '01:00' })).toEqual(['0 1 L * *']);
    expect(toCron({ kind: 'monthly', dayOfMonth: 30, time: '01:00' })).toEqual(['0 1 30 1,3-12 *', '0 1 L 2 *']);
    expect(toCron({ kind: 'monthly', dayOfMonth: 29, time: '23:59' })).toEqual(['59 23 29 1,3-12 *', '59 23 L 2 *']);
    expect(toCron({ kind: 'monthly', dayOfMonth: 28, time: '01:00' })).toEqual(['0 1 28 * *']);
  });
});

describe('plain words', () => {
  it('describes each preset with its time zone', () => {
    expect(describeSchedule(berlin({ kind: 'daily', time: '02:30' }))).toBe('Every day at 02:30 (Europe/Berlin)');
    expect(describeSchedule(berlin({ kind: 'weekdays', time: '19:00' }))).toBe('Weekdays (Monday to Friday) at 19:00 (Europe/Berlin)');
    expect(describeSchedule(berlin({ kind: 'weekly', day: 6, time: '07:05' }))).toBe('Every Saturday at 07:05 (Europe/Berlin)');
    expect(describeSchedule(berlin({ kind: 'every-hours', hours: 1 }))).toBe('Every hour, on the hour (Europe/Berlin)');
    expect(describeSchedule(berlin({ kind: 'every-hours', hours: 1, minute: 20 }))).toBe('Every hour at 20 minutes past (Europe/Berlin)');
    expect(describeSchedule(berlin({ kind: 'every-hours', hours: 6 }))).toBe('Every 6 hours, at 00:00, 06:00, 12:00 and 18:00 (Europe/Berlin)');
    expect(describeSchedule(berlin({ kind: 'every-hours', hours: 12, minute: 30 }))).toBe('Every 12 hours, at 00:30 and 12:30 (Europe/Berlin)');
    expect(describeSchedule(berlin({ kind: 'every-hours', hours: 3, minute: 10 }))).toBe('Every 3 hours, from 00:10 to 21:10 (Europe/Berlin)');
    expect(describeSchedule(berlin({ kind: 'monthly', dayOfMonth: 1, time: '01:00' }))).toBe('On day 1 of every month at 01:00 (Europe/Berlin)');
    expect(describeSchedule(berlin({ kind: 'monthly', dayOfMonth: 31, time: '01:00' }))).toBe(
      'On day 31 of every month at 01:00, or the last day in shorter months (Europe/Berlin)',
    );
    expect(describeSchedule(berlin({ kind: 'monthly', dayOfMonth: 30, time: '01:00' }))).toBe(
      'On day 30 of every month at 01:00, or the last day of February (Europe/Berlin)',
    );
    expect(describeSchedule({ spec: { kind: 'cron', expression: '0 */4 * * 1-5' }, timeZone: 'america/new_york', catchUp: false })).toBe(
      'On the cron schedule "0 */4 * * 1-5" (America/New_York)',
    );
  });
});

describe('validation', () => {
  it('tidies a valid schedule', () => {
    expect(validateSchedule({ spec: { kind: 'daily', time: '2:30' }, timeZone: 'europe/berlin', catchUp: true })).toEqual({
      spec: { kind: 'daily', time: '02:30' },
      timeZone: 'Europe/Berlin',
      catchUp: true,
    });
    expect(validateSchedule(berlin({ kind: 'every-hours', hours: 4 })).spec).toEqual({ kind: 'every-hours', hours: 4, minute: 0 });
    expect(parseTime('23:59')).toEqual({ hour: 23, minute: 59 });
  });

  it('rejects impossible times with what is wrong and how to write it', () => {
    const late = errorOf(() => toCron({ kind: 'daily', time: '25:00' }));
    expect(late.code).toBe('BAD_INPUT');
    expect(late.message).toBe('The time "25:00" is not valid: hours go from 00 to 23.');
    expect(late.fix).toContain('HH:MM');
    expect(errorOf(() => toCron({ kind: 'daily', time: '24:00' })).fix).toBe('Use 00:00 for midnight.');
    expect(errorOf(() => toCron({ kind: 'weekdays', time: '19:75' })).message).toContain('minutes go from 00 to 59');
    expect(errorOf(() => toCron({ kind: 'weekly', day: 1, time: '7pm' })).message).toBe('The time "7pm" is not in HH:MM form.');
  });

  it('rejects an unknown time zone and suggests the zone named after a city', () => {
    const typo = errorOf(() => validateSchedule({ spec: { kind: 'daily', time: '02:30' }, timeZone: 'Europe/Berln', catchUp: true }));
    expect(typo.message).toBe('The time zone "Europe/Berln" is not known.');
    expect(typo.fix).toContain('Europe/Berlin');
    const city = errorOf(() => validateSchedule({ spec: { kind: 'daily', time: '02:30' }, timeZone: 'New York', catchUp: true }));
    expect(city.fix).toContain('Did you mean America/New_York?');
    expect(errorOf(() => validateSchedule({ spec: { kind: 'daily', time: '02:30' }, timeZone: ' ', catchUp: true })).message).toBe(
      'The schedule has no time zone.',
    );
  });

  it('allows only hour counts that divide a day', () => {
    const five = errorOf(() => toCron({ kind: 'every-hours', hours: 5 }));
    expect(five.message).toContain('"Every 5 hours" does not fit evenly into a day');
    expect(five.fix).toContain('1, 2, 3, 4, 6, 8, 12');
    expect(errorOf(() => toCron({ kind: 'every-hours', hours: 24 })).message).toBe('"Every 24 hours" is a daily schedule.');
    expect(errorOf(() => toCron({ kind: 'every-hours', hours: 0 })).message).toContain('whole number that divides 24');
    expect(errorOf(() => toCron({ kind: 'every-hours', hours: 2, minute: 60 })).message).toContain('0 to 59, not 60');
  });

  it('rejects out-of-range days', () => {
    expect(errorOf(() => toCron({ kind: 'weekly', day: 7 as 0, time: '01:00' })).message).toBe(
      'The day of the week must be 0 (Sunday) to 6 (Saturday), not 7.',
    );
    expect(errorOf(() => toCron({ kind: 'monthly', dayOfMonth: 32, time: '01:00' })).message).toBe('The day of the month must be 1 to 31, not 32.');
    expect(errorOf(() => toCron({ kind: 'monthly', dayOfMonth: 0, time: '01:00' })).message).toContain('not 0');
  });

  it('names the cron field that is wrong', () => {
    const cases: Array<[string, string, string]> = [
      ['61 * * * *', 'minute', '61'],
      ['0 25 * * *', 'hour', '25'],
      ['0 2 32 * *', 'day-of-month', '32'],
      ['0 2 * 13 *', 'month', '13'],
      ['0 2 * * 8', 'day-of-week', '8'],
      ['*/0 2 * * *', 'minute', '*/0'],
      ['0 2 * * MONDAY', 'day-of-week', 'MONDAY'],
    ];
    for (const [expression, field, value] of cases) {
      const error = errorOf(() => toCron({ kind: 'cron', expression }));
      expect(error.message).toBe(`In the cron expression "${expression}", the ${field} field "${value}" is not valid.`);
      expect(error.details).toEqual({ field, value });
      expect(error.fix).toContain(`The ${field} field takes`);
    }
  });

  it('rejects cron with the wrong number of fields, none at all, or no matching date', () => {
    expect(errorOf(() => toCron({ kind: 'cron', expression: '0 0 2 * * *' })).message).toBe(
      'The cron expression "0 0 2 * * *" has 6 fields; Lifeboat needs exactly 5 (no seconds or years).',
    );
    expect(errorOf(() => toCron({ kind: 'cron', expression: '   ' })).message).toBe('The cron expression is empty.');
    expect(errorOf(() => toCron({ kind: 'cron', expression: '0 0 31 2 *' })).message).toContain('never runs');
    expect(errorOf(() => toCron({ kind: 'cron', expression: '@reboot' })).message).toBe('The cron expression "@reboot" is not valid.');
    expect(toCron({ kind: 'cron', expression: '@daily' })).toEqual(['@daily']);
  });
});
