import { describe, expect, it } from 'vitest';
import { LifeboatError } from '../../src-shared/errors';
import { DEFAULT_RETENTION_POLICY, describePolicy, keepDays, retentionPolicy, validateRetentionPolicy } from './policy';

function errorOf(fn: () => unknown): LifeboatError {
  try {
    fn();
  } catch (error) {
    if (error instanceof LifeboatError) return error;
    throw error;
  }
  throw new Error('expected a LifeboatError');
}

describe('retention policy', () => {
  it('fills unset fields with 0 and offers the seed runbooks’ policies', () => {
    expect(retentionPolicy({ keepLast: 3 })).toEqual({ keepLast: 3, daily: 0, weekly: 0, monthly: 0, yearly: 0, minAgeDays: 0 });
    expect(keepDays(14)).toEqual({ keepLast: 0, daily: 14, weekly: 0, monthly: 0, yearly: 0, minAgeDays: 14 });
    expect(DEFAULT_RETENTION_POLICY).toMatchObject({ daily: 7, weekly: 4, monthly: 6, yearly: 0 });
    expect(describePolicy(DEFAULT_RETENTION_POLICY)).toBe('last 1, 7 daily, 4 weekly, 6 monthly');
    expect(describePolicy(keepDays(1))).toBe('last 1, 1 daily, all from the last 1 day');
  });

  it('names the field and the bad value', () => {
    const negative = errorOf(() => retentionPolicy({ daily: -1 }, 'Destination "nas"'));
    expect(negative.code).toBe('BAD_INPUT');
    expect(negative.message).toBe('Destination "nas" has daily = -1, which is not a whole number of 0 or more.');
    expect(negative.fix).toMatch(/daily/);
    expect(errorOf(() => retentionPolicy({ weekly: 1.5 })).message).toMatch(/weekly = 1.5/);
    expect(errorOf(() => retentionPolicy({ monthly: Number.NaN })).message).toMatch(/monthly = null/);
    expect(errorOf(() => validateRetentionPolicy({ keepLast: '3' })).message).toMatch(/keepLast = "3"/);
    expect(errorOf(() => validateRetentionPolicy({ keepLast: 1 })).message).toMatch(/daily = undefined/);
    expect(errorOf(() => validateRetentionPolicy(null)).message).toMatch(/not a retention policy/);
  });

  it('refuses unknown settings instead of keeping less than meant', () => {
    const typo = errorOf(() => validateRetentionPolicy({ ...keepDays(7), keepDaily: 7 }));
    expect(typo.message).toMatch(/unknown setting "keepDaily"/);
  });
});
