// Which backups of one list a policy keeps, and why. Rules are independent and their results
// are joined (restic semantics): a backup kept as "daily" also counts as its week's newest.
import type { PeriodKeys, PeriodKind } from './periods';
import type { RetentionPolicy } from './policy';

export const DAY_MS = 86_400_000;

export interface Candidate {
  id: string;
  /** startedAt in ms since the epoch. */
  time: number;
}

const BUCKET_RULES: ReadonlyArray<{ field: 'daily' | 'weekly' | 'monthly' | 'yearly'; kind: PeriodKind }> = [
  { field: 'daily', kind: 'day' },
  { field: 'weekly', kind: 'week' },
  { field: 'monthly', kind: 'month' },
  { field: 'yearly', kind: 'year' },
];

/** True when the backup started less than `minAgeDays` 24-hour days before `now` (or after it: clock skew). */
export function isYoungerThan(time: number, minAgeDays: number, now: number): boolean {
  return now - time < minAgeDays * DAY_MS;
}

/**
 * `newestFirst` must be sorted newest first. Returns the kept ids with their reasons.
 * Buckets are counted over periods that have a backup, so a month without backups does not
 * use up a "monthly" slot, and failed runs (never in the list) cannot push good ones out.
 */
export function selectKept(
  newestFirst: readonly Candidate[],
  policy: RetentionPolicy,
  now: number,
  keysOf: (candidate: Candidate) => PeriodKeys,
): Map<string, string[]> {
  const kept = new Map<string, string[]>();
  const keep = (id: string, reason: string) => {
    const reasons = kept.get(id);
    if (reasons) reasons.push(reason);
    else kept.set(id, [reason]);
  };

  // keepLast 0 still means 1: the newest good backup is never deleted.
  const last = Math.max(policy.keepLast, 1);
  newestFirst.slice(0, last).forEach((c, i) => keep(c.id, i === 0 ? 'newest backup' : `one of the newest ${last}`));

  for (const { field, kind } of BUCKET_RULES) {
    const slots = policy[field];
    if (slots === 0) continue;
    // A set, not "key changed": keys stay correct even if the wall clock steps back over midnight.
    const seen = new Set<string>();
    for (const c of newestFirst) {
      const key = keysOf(c)[kind];
      if (seen.has(key)) continue;
      seen.add(key);
      keep(c.id, `newest of ${kind} ${key}`);
      if (seen.size === slots) break;
    }
  }

  if (policy.minAgeDays > 0) {
    for (const c of newestFirst) {
      if (!isYoungerThan(c.time, policy.minAgeDays, now)) continue;
      keep(c.id, `younger than ${policy.minAgeDays} ${policy.minAgeDays === 1 ? 'day' : 'days'}`);
    }
  }
  return kept;
}
