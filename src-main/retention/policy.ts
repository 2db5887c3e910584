// How many backups a destination keeps: "keep last N" plus grandfather-father-son buckets
// (like restic's --keep-daily etc.) plus an age floor. Validation, presets and a summary line.
import { LifeboatError } from '../../src-shared/errors';

export interface RetentionPolicy {
  /** The newest N succeeded backups. 0 still keeps the newest one: a policy never empties a destination. */
  keepLast: number;
  /** The newest backup of each of the last N days that have one (in the planner's time zone). */
  daily: number;
  /** The same per ISO week (Monday to Sunday). */
  weekly: number;
  monthly: number;
  yearly: number;
  /** Nothing younger than this many 24-hour days is deleted, whatever its status. */
  minAgeDays: number;
}

export const POLICY_FIELDS = ['keepLast', 'daily', 'weekly', 'monthly', 'yearly', 'minAgeDays'] as const;

const NOTHING: RetentionPolicy = { keepLast: 0, daily: 0, weekly: 0, monthly: 0, yearly: 0, minAgeDays: 0 };

/**
 * "Keep N days": everything younger than N days, and, when backups stop succeeding, still the
 * newest backup of each of the last N days that have one (minAgeDays alone would let those expire).
 */
export function keepDays(days: number): RetentionPolicy {
  return retentionPolicy({ minAgeDays: days, daily: days });
}

/** The seed runbooks' rotation and the default for new destinations: 7 daily, 4 weekly, 6 monthly. */
export const DEFAULT_RETENTION_POLICY: RetentionPolicy = Object.freeze({ ...NOTHING, daily: 7, weekly: 4, monthly: 6 });

export const RETENTION_PRESETS = Object.freeze({
  days14: keepDays(14),
  days30: keepDays(30),
  gfs: DEFAULT_RETENTION_POLICY,
});

/** Builds a policy from the fields given (the rest are 0) and validates it. */
export function retentionPolicy(fields: Partial<RetentionPolicy>, where = 'The retention policy'): RetentionPolicy {
  return validateRetentionPolicy({ ...NOTHING, ...fields }, where);
}

/** Checks a policy read from config or the UI; `where` names it in the message ("Destination nas"). */
export function validateRetentionPolicy(value: unknown, where = 'The retention policy'): RetentionPolicy {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new LifeboatError('BAD_INPUT', `${where} is not a retention policy object.`, {
      fix: `Give an object with ${POLICY_FIELDS.join(', ')} (whole numbers, 0 or more).`,
    });
  }
  const record = value as Record<string, unknown>;
  const policy = { ...NOTHING };
  for (const field of POLICY_FIELDS) {
    const n = record[field];
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
      throw new LifeboatError('BAD_INPUT', `${where} has ${field} = ${JSON.stringify(n) ?? 'undefined'}, which is not a whole number of 0 or more.`, {
        fix: `Set ${field} to 0 (off) or a positive whole number.`,
        details: { field },
      });
    }
    policy[field] = n;
  }
  for (const key of Object.keys(record)) {
    // A typo such as "keepDaily" would otherwise silently keep less than the admin meant.
    if (!(POLICY_FIELDS as readonly string[]).includes(key)) {
      throw new LifeboatError('BAD_INPUT', `${where} has an unknown setting "${key}".`, {
        fix: `Use only ${POLICY_FIELDS.join(', ')}.`,
        details: { field: key },
      });
    }
  }
  return policy;
}

/** "last 3, 7 daily, 4 weekly, 6 monthly, all from the last 14 days": used in reasons and the UI. */
export function describePolicy(policy: RetentionPolicy): string {
  const parts = [`last ${Math.max(policy.keepLast, 1)}`];
  if (policy.daily > 0) parts.push(`${policy.daily} daily`);
  if (policy.weekly > 0) parts.push(`${policy.weekly} weekly`);
  if (policy.monthly > 0) parts.push(`${policy.monthly} monthly`);
  if (policy.yearly > 0) parts.push(`${policy.yearly} yearly`);
  if (policy.minAgeDays > 0) parts.push(`all from the last ${policy.minAgeDays} ${policy.minAgeDays === 1 ? 'day' : 'days'}`);
  return parts.join(', ');
}
