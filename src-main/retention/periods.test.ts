import { describe, expect, it } from 'vitest';
import { LifeboatError } from '../../src-shared/errors';
import { isoWeek, periodKeys } from './periods';

const keys = (iso: string, tz: string) => periodKeys(Date.parse(iso), tz);

describe('period keys', () => {
  it('uses the wall clock of the time zone: 23:30 UTC is already tomorrow in Berlin', () => {
    expect(keys('2024-05-01T23:30:00Z', 'UTC').day).toBe('2024-05-01');
    expect(keys('2024-05-01T23:30:00Z', 'Europe/Berlin').day).toBe('2024-05-02');
    // New Year in Berlin while London still has the old year: day, week, month and year all move.
    expect(keys('2024-12-31T23:30:00Z', 'Europe/Berlin')).toEqual({ day: '2025-01-01', week: '2025-W01', month: '2025-01', year: '2025' });
    expect(keys('2024-12-31T23:30:00Z', 'Europe/London')).toEqual({ day: '2024-12-31', week: '2025-W01', month: '2024-12', year: '2024' });
    // West of UTC the day ends later.
    expect(keys('2024-05-02T03:00:00Z', 'America/New_York').day).toBe('2024-05-01');
  });

  it('numbers ISO weeks across year ends, including week 53', () => {
    expect(isoWeek({ year: 2020, month: 12, day: 31 })).toEqual({ year: 2020, week: 53 });
    expect(isoWeek({ year: 2021, month: 1, day: 3 })).toEqual({ year: 2020, week: 53 }); // a Sunday
    expect(isoWeek({ year: 2021, month: 1, day: 4 })).toEqual({ year: 2021, week: 1 }); // the Monday after
    expect(isoWeek({ year: 2024, month: 12, day: 30 })).toEqual({ year: 2025, week: 1 }); // Monday in 2025's week 1
    expect(isoWeek({ year: 2026, month: 12, day: 31 })).toEqual({ year: 2026, week: 53 });
    expect(isoWeek({ year: 2027, month: 1, day: 1 })).toEqual({ year: 2026, week: 53 });
    expect(isoWeek({ year: 2024, month: 1, day: 1 })).toEqual({ year: 2024, week: 1 });
    expect(isoWeek({ year: 2023, month: 1, day: 1 })).toEqual({ year: 2022, week: 52 });
    // Week 53 keys keep the week-numbering year, not the calendar year.
    expect(keys('2021-01-02T12:00:00Z', 'UTC')).toMatchObject({ week: '2020-W53', year: '2021' });
  });

  it('keeps DST change days whole (23 and 25 hours) in Berlin', () => {
    // Spring forward, 2024-03-31: 00:30 CET and 23:30 CEST are the same local day.
    expect(keys('2024-03-30T23:30:00Z', 'Europe/Berlin').day).toBe('2024-03-31');
    expect(keys('2024-03-31T21:30:00Z', 'Europe/Berlin').day).toBe('2024-03-31');
    expect(keys('2024-03-31T22:30:00Z', 'Europe/Berlin').day).toBe('2024-04-01');
    // Fall back, 2024-10-27: 02:30 happens twice, both on the 27th.
    expect(keys('2024-10-27T00:30:00Z', 'Europe/Berlin').day).toBe('2024-10-27');
    expect(keys('2024-10-27T01:30:00Z', 'Europe/Berlin').day).toBe('2024-10-27');
    expect(keys('2024-10-27T22:59:00Z', 'Europe/Berlin').day).toBe('2024-10-27');
    expect(keys('2024-10-27T23:00:00Z', 'Europe/Berlin').day).toBe('2024-10-28');
  });

  it('refuses an unknown time zone with a fix', () => {
    expect(() => keys('2024-05-01T00:00:00Z', 'Europe/Atlantis')).toThrow(LifeboatError);
    try {
      keys('2024-05-01T00:00:00Z', 'Mars/Olympus');
    } catch (error) {
      expect((error as LifeboatError).code).toBe('BAD_INPUT');
      expect((error as LifeboatError).fix).toMatch(/Europe\/Berlin/);
    }
  });
});
