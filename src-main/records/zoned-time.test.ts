import { describe, expect, it } from 'vitest';
import { daysInMonth, isoWithOffset, monthLabel } from './zoned-time';

describe('zoned time', () => {
  it('writes ISO 8601 with the zone\'s offset, DST and negative offsets included', () => {
    const at = new Date('2025-10-26T21:00:01Z');
    expect(isoWithOffset(at, 'Asia/Dhaka')).toBe('2025-10-27T03:00:01+06:00');
    expect(isoWithOffset(new Date('2025-07-01T12:00:00Z'), 'Europe/Berlin')).toBe('2025-07-01T14:00:00+02:00');
    expect(isoWithOffset(new Date('2025-12-01T12:00:00Z'), 'Europe/Berlin')).toBe('2025-12-01T13:00:00+01:00');
    expect(isoWithOffset(new Date('2025-01-01T02:30:00Z'), 'America/New_York')).toBe('2024-12-31T21:30:00-05:00');
    expect(isoWithOffset(new Date('2025-01-01T00:00:00Z'), 'Asia/Kolkata')).toBe('2025-01-01T05:30:00+05:30');
  });

  it('uses the process zone when none is given, naming the same instant', () => {
    const at = new Date('2025-10-26T21:00:01.999Z');
    const text = isoWithOffset(at);
    expect(text).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    expect(Date.parse(text)).toBe(Date.parse('2025-10-26T21:00:01Z'));
  });

  it('names months in English and counts their days', () => {
    expect(monthLabel(2025, 10)).toBe('October 2025');
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2025, 2)).toBe(28);
    expect(daysInMonth(2025, 12)).toBe(31);
  });
});
