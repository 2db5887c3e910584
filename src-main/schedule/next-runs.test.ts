import { describe, expect, it } from 'vitest';
import { countRuns, nextRuns, previousRun } from './next-runs';
import type { Schedule, ScheduleSpec } from './presets';
import { formatLocal, localParts } from './time-zone';

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
const at = (iso: string): Date => new Date(iso);
const schedule = (spec: ScheduleSpec, timeZone: string): Schedule => ({ spec, timeZone, catchUp: true });
const preview = (spec: ScheduleSpec, timeZone: string, from: string, count = 5): string[] =>
  nextRuns(schedule(spec, timeZone), at(from), count).map((d) => formatLocal(d, timeZone));
const utc = (spec: ScheduleSpec, timeZone: string, from: string, count: number): string[] =>
  nextRuns(schedule(spec, timeZone), at(from), count).map((d) => d.toISOString());

/** Wednesday 7 January 2026, 13:00 in Berlin, 07:00 in New York. */
const WED = '2026-01-07T12:00:00Z';

describe('preview of the next 5 runs', () => {
  it('every N hours', () => {
    expect(preview({ kind: 'every-hours', hours: 6, minute: 15 }, BERLIN, WED)).toEqual([
      '2026-01-07 18:15 +01:00',
      '2026-01-08 00:15 +01:00',
      '2026-01-08 06:15 +01:00',
      '2026-01-08 12:15 +01:00',
      '2026-01-08 18:15 +01:00',
    ]);
    expect(preview({ kind: 'every-hours', hours: 6, minute: 15 }, NEW_YORK, WED)).toEqual([
      '2026-01-07 12:15 -05:00',
      '2026-01-07 18:15 -05:00',
      '2026-01-08 00:15 -05:00',
      '2026-01-08 06:15 -05:00',
      '2026-01-08 12:15 -05:00',
    ]);
    expect(preview({ kind: 'every-hours', hours: 1 }, NEW_YORK, WED)).toEqual([
      '2026-01-07 08:00 -05:00',
      '2026-01-07 09:00 -05:00',
      '2026-01-07 10:00 -05:00',
      '2026-01-07 11:00 -05:00',
      '2026-01-07 12:00 -05:00',
    ]);
  });

  it('daily', () => {
    expect(utc({ kind: 'daily', time: '02:30' }, BERLIN, WED, 3)).toEqual([
      '2026-01-08T01:30:00.000Z',
      '2026-01-09T01:30:00.000Z',
      '2026-01-10T01:30:00.000Z',
    ]);
    expect(utc({ kind: 'daily', time: '02:30' }, NEW_YORK, WED, 3)).toEqual([
      '2026-01-08T07:30:00.000Z',
      '2026-01-09T07:30:00.000Z',
      '2026-01-10T07:30:00.000Z',
    ]);
  });

  it('weekdays skip the weekend', () => {
    const expected = ['2026-01-07 19:00', '2026-01-08 19:00', '2026-01-09 19:00', '2026-01-12 19:00', '2026-01-13 19:00'];
    expect(preview({ kind: 'weekdays', time: '19:00' }, BERLIN, WED)).toEqual(expected.map((d) => `${d} +01:00`));
    expect(preview({ kind: 'weekdays', time: '19:00' }, NEW_YORK, WED)).toEqual(expected.map((d) => `${d} -05:00`));
  });

  it('weekly', () => {
    expect(preview({ kind: 'weekly', day: 0, time: '03:00' }, BERLIN, WED)).toEqual([
      '2026-01-11 03:00 +01:00',
      '2026-01-18 03:00 +01:00',
      '2026-01-25 03:00 +01:00',
      '2026-02-01 03:00 +01:00',
      '2026-02-08 03:00 +01:00',
    ]);
    expect(preview({ kind: 'weekly', day: 5, time: '22:45' }, NEW_YORK, WED)).toEqual([
      '2026-01-09 22:45 -05:00',
      '2026-01-16 22:45 -05:00',
      '2026-01-23 22:45 -05:00',
      '2026-01-30 22:45 -05:00',
      '2026-02-06 22:45 -05:00',
    ]);
  });

  it('monthly, including day 31 in short months', () => {
    expect(preview({ kind: 'monthly', dayOfMonth: 15, time: '01:00' }, NEW_YORK, WED)).toEqual([
      '2026-01-15 01:00 -05:00',
      '2026-02-15 01:00 -05:00',
      '2026-03-15 01:00 -04:00',
      '2026-04-15 01:00 -04:00',
      '2026-05-15 01:00 -04:00',
    ]);
    expect(preview({ kind: 'monthly', dayOfMonth: 31, time: '01:00' }, BERLIN, WED)).toEqual([
      '2026-01-31 01:00 +01:00',
      '2026-02-28 01:00 +01:00',
      '2026-03-31 01:00 +02:00',
      '2026-04-30 01:00 +02:00',
      '2026-05-31 01:00 +02:00',
    ]);
  });

  it('monthly on day 29 or 30 runs once in February, on its last day', () => {
    expect(preview({ kind: 'monthly', dayOfMonth: 30, time: '01:00' }, BERLIN, WED, 3)).toEqual([
      '2026-01-30 01:00 +01:00',
      '2026-02-28 01:00 +01:00',
      '2026-03-30 01:00 +02:00',
    ]);
    expect(preview({ kind: 'monthly', dayOfMonth: 29, time: '01:00' }, NEW_YORK, '2028-01-30T00:00:00Z', 2)).toEqual([
      '2028-02-29 01:00 -05:00',
      '2028-03-29 01:00 -04:00',
    ]);
  });

  it('raw cron', () => {
    expect(preview({ kind: 'cron', expression: '0 */4 * * 1-5' }, BERLIN, WED)).toEqual([
      '2026-01-07 16:00 +01:00',
      '2026-01-07 20:00 +01:00',
      '2026-01-08 00:00 +01:00',
      '2026-01-08 04:00 +01:00',
      '2026-01-08 08:00 +01:00',
    ]);
    expect(preview({ kind: 'cron', expression: '0 */4 * * 1-5' }, NEW_YORK, WED, 3)).toEqual([
      '2026-01-07 08:00 -05:00',
      '2026-01-07 12:00 -05:00',
      '2026-01-07 16:00 -05:00',
    ]);
  });

  it('starts strictly after `from`', () => {
    expect(utc({ kind: 'daily', time: '02:30' }, BERLIN, '2026-01-08T01:30:00Z', 1)).toEqual(['2026-01-09T01:30:00.000Z']);
    expect(utc({ kind: 'daily', time: '02:30' }, BERLIN, '2026-01-08T01:29:59.999Z', 1)).toEqual(['2026-01-08T01:30:00.000Z']);
    expect(nextRuns(schedule({ kind: 'daily', time: '02:30' }, BERLIN), at(WED), 0)).toEqual([]);
    expect(() => nextRuns(schedule({ kind: 'daily', time: '02:30' }, BERLIN), at(WED), -1)).toThrow('whole number from 0 to 1000');
  });
});

// 2026: Europe springs forward on 29 March at 02:00 → 03:00 and falls back on 25 October
// 03:00 → 02:00; New York on 8 March 02:00 → 03:00 and 1 November 02:00 → 01:00.
describe('daylight saving time', () => {
  it('Berlin daily 02:30: in the skipped hour it runs once at 03:00; in the repeated hour once, first pass', () => {
    expect(preview({ kind: 'daily', time: '02:30' }, BERLIN, '2026-03-27T12:00:00Z', 3)).toEqual([
      '2026-03-28 02:30 +01:00',
      '2026-03-29 03:00 +02:00',
      '2026-03-30 02:30 +02:00',
    ]);
    expect(utc({ kind: 'daily', time: '02:30' }, BERLIN, '2026-10-24T12:00:00Z', 2)).toEqual([
      '2026-10-25T00:30:00.000Z', // 02:30 summer time; 02:30 winter time an hour later does not run
      '2026-10-26T01:30:00.000Z',
    ]);
  });

  it('Berlin daily 01:30 is untouched by either change', () => {
    expect(preview({ kind: 'daily', time: '01:30' }, BERLIN, '2026-03-28T12:00:00Z', 2)).toEqual(['2026-03-29 01:30 +01:00', '2026-03-30 01:30 +02:00']);
    expect(preview({ kind: 'daily', time: '01:30' }, BERLIN, '2026-10-24T12:00:00Z', 2)).toEqual(['2026-10-25 01:30 +02:00', '2026-10-26 01:30 +01:00']);
  });

  it('New York daily 02:30 moves to 03:00 in spring and is untouched in autumn', () => {
    expect(preview({ kind: 'daily', time: '02:30' }, NEW_YORK, '2026-03-07T12:00:00Z', 2)).toEqual(['2026-03-08 03:00 -04:00', '2026-03-09 02:30 -04:00']);
    expect(preview({ kind: 'daily', time: '02:30' }, NEW_YORK, '2026-10-31T12:00:00Z', 2)).toEqual(['2026-11-01 02:30 -05:00', '2026-11-02 02:30 -05:00']);
  });

  it('New York daily 01:30 runs once on the night 01:30 happens twice', () => {
    expect(utc({ kind: 'daily', time: '01:30' }, NEW_YORK, '2026-10-31T12:00:00Z', 2)).toEqual([
      '2026-11-01T05:30:00.000Z', // 01:30 EDT; 01:30 EST (06:30Z) does not run
      '2026-11-02T06:30:00.000Z',
    ]);
    expect(preview({ kind: 'daily', time: '01:30' }, NEW_YORK, '2026-03-07T12:00:00Z', 2)).toEqual(['2026-03-08 01:30 -05:00', '2026-03-09 01:30 -04:00']);
  });

  it('fixed-time presets run exactly once on every local day of the year', () => {
    const specs: ScheduleSpec[] = [
      { kind: 'daily', time: '02:30' },
      { kind: 'daily', time: '01:30' },
      { kind: 'daily', time: '02:00' },
    ];
    for (const timeZone of [BERLIN, NEW_YORK]) {
      for (const spec of specs) {
        const runs = nextRuns(schedule(spec, timeZone), at('2025-12-31T12:00:00Z'), 365);
        const days = runs.map((d) => formatLocal(d, timeZone).slice(0, 10));
        expect(new Set(days).size).toBe(365);
        expect(days[0]).toBe('2026-01-01');
        expect(days[364]).toBe('2026-12-31');
      }
    }
  });

  it('every hour runs on each real hour: 23 runs on the spring day, 25 on the autumn day', () => {
    const hourly = schedule({ kind: 'every-hours', hours: 1 }, BERLIN);
    const localDay = (d: Date): string => formatLocal(d, BERLIN).slice(0, 10);
    const spring = nextRuns(hourly, at('2026-03-28T22:30:00Z'), 30).filter((d) => localDay(d) === '2026-03-29');
    const autumn = nextRuns(hourly, at('2026-10-24T21:30:00Z'), 30).filter((d) => localDay(d) === '2026-10-25');
    expect(spring).toHaveLength(23);
    expect(autumn).toHaveLength(25);
    for (const runs of [spring, autumn]) {
      runs.slice(1).forEach((d, i) => expect(d.getTime() - (runs[i] as Date).getTime()).toBe(3_600_000));
    }
    expect(utc({ kind: 'every-hours', hours: 1 }, NEW_YORK, '2026-11-01T04:30:00Z', 4)).toEqual([
      '2026-11-01T05:00:00.000Z', // 01:00 EDT
      '2026-11-01T06:00:00.000Z', // 01:00 EST: a real hour later, so it runs
      '2026-11-01T07:00:00.000Z',
      '2026-11-01T08:00:00.000Z',
    ]);
  });

  it('every 2 hours keeps 12 runs on both change days (times are daily appointments)', () => {
    const twoHourly = schedule({ kind: 'every-hours', hours: 2 }, BERLIN);
    const onDay = (from: string, day: string): string[] =>
      nextRuns(twoHourly, at(from), 16)
        .map((d) => formatLocal(d, BERLIN))
        .filter((d) => d.startsWith(day));
    const spring = onDay('2026-03-28T22:30:00Z', '2026-03-29');
    const autumn = onDay('2026-10-24T21:30:00Z', '2026-10-25');
    expect(spring).toHaveLength(12);
    expect(spring.slice(0, 3)).toEqual(['2026-03-29 00:00 +01:00', '2026-03-29 03:00 +02:00', '2026-03-29 04:00 +02:00']);
    expect(autumn).toHaveLength(12);
    expect(autumn.slice(0, 3)).toEqual(['2026-10-25 00:00 +02:00', '2026-10-25 02:00 +02:00', '2026-10-25 04:00 +01:00']);
  });

  it('a raw cron list of times is treated like the presets, not skipped or doubled', () => {
    expect(preview({ kind: 'cron', expression: '30 2,14 * * *' }, BERLIN, '2026-03-28T12:00:00Z', 3)).toEqual([
      '2026-03-28 14:30 +01:00',
      '2026-03-29 03:00 +02:00',
      '2026-03-29 14:30 +02:00',
    ]);
    expect(preview({ kind: 'cron', expression: '30 2,14 * * *' }, BERLIN, '2026-10-24T12:00:00Z', 3)).toEqual([
      '2026-10-24 14:30 +02:00',
      '2026-10-25 02:30 +02:00',
      '2026-10-25 14:30 +01:00',
    ]);
  });
});

describe('previous run', () => {
  const daily = schedule({ kind: 'daily', time: '02:30' }, BERLIN);

  it('includes a run exactly at the instant and not one a millisecond later', () => {
    expect(previousRun(daily, at('2026-01-08T01:30:00Z'))?.toISOString()).toBe('2026-01-08T01:30:00.000Z');
    expect(previousRun(daily, at('2026-01-08T01:29:59.999Z'))?.toISOString()).toBe('2026-01-07T01:30:00.000Z');
  });

  it('agrees with nextRuns through the DST changes', () => {
    for (const timeZone of [BERLIN, NEW_YORK]) {
      for (const spec of [{ kind: 'daily', time: '02:30' }, { kind: 'every-hours', hours: 1 }, { kind: 'daily', time: '01:30' }] as ScheduleSpec[]) {
        for (const from of ['2026-03-06T00:00:00Z', '2026-03-27T00:00:00Z', '2026-10-23T00:00:00Z', '2026-10-30T00:00:00Z']) {
          const s = schedule(spec, timeZone);
          const runs = nextRuns(s, at(from), spec.kind === 'daily' ? 5 : 60);
          runs.forEach((run, i) => {
            expect(previousRun(s, run)).toEqual(run);
            if (i > 0) expect(previousRun(s, new Date(run.getTime() - 1))).toEqual(runs[i - 1]);
          });
        }
      }
    }
  });

  it('finds the slot from inside the skipped and the repeated hour', () => {
    expect(previousRun(daily, at('2026-03-29T01:00:30Z'))?.toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(previousRun(daily, at('2026-10-25T01:45:00Z'))?.toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('is a direct search however dense the schedule and long the gap', () => {
    const minutely = schedule({ kind: 'cron', expression: '* * * * *' }, BERLIN);
    const started = performance.now();
    for (let i = 0; i < 200; i++) previousRun(minutely, new Date(Date.UTC(2026, 0, 1) + i * 3_700_000_000));
    expect(previousRun(minutely, at('2030-05-05T05:05:30Z'))?.toISOString()).toBe('2030-05-05T05:05:00.000Z');
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('counting runs in a gap', () => {
  it('counts slots after the start and up to the end, and stops at the limit', () => {
    const hourly = schedule({ kind: 'every-hours', hours: 1 }, NEW_YORK);
    expect(countRuns(hourly, at('2026-01-07T10:00:00Z'), at('2026-01-10T10:00:00Z'), 1000)).toBe(72);
    const monthly30 = schedule({ kind: 'monthly', dayOfMonth: 30, time: '01:00' }, BERLIN);
    expect(countRuns(monthly30, at('2026-01-01T00:00:00Z'), at('2027-01-01T00:00:00Z'), 1000)).toBe(12);
    const minutely = schedule({ kind: 'cron', expression: '* * * * *' }, BERLIN);
    expect(countRuns(minutely, at('2026-01-01T00:00:00Z'), at('2027-01-01T00:00:00Z'), 500)).toBe(500);
  });

  it('local parts report the offset in force', () => {
    expect(localParts(at('2026-03-29T01:00:00Z'), BERLIN)).toEqual({ year: 2026, month: 3, day: 29, hour: 3, minute: 0, offsetMinutes: 120 });
    expect(localParts(at('2026-11-01T06:30:00Z'), NEW_YORK)).toMatchObject({ hour: 1, minute: 30, offsetMinutes: -300 });
  });
});
