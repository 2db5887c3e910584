// Decides, per (job, database) and per destination, which copies retention deletes. Pure: the
// caller deletes what the plan lists. Safety comes first: when in doubt a copy is kept.
import { checkInput, type CheckedBackup } from './input';
import { periodKeys, type PeriodKeys } from './periods';
import { describePolicy, type RetentionPolicy } from './policy';
import { isYoungerThan, selectKept, type Candidate } from './select';
import type { RetentionCopy, RetentionInput, RetentionPlan } from './types';

/** What each destination's policy says about one (job, database) group. */
interface GroupVerdict {
  /** Per destination: the backups it keeps of its own present copies, with reasons. */
  keptHere: Map<string, Map<string, string[]>>;
  /** Backups some destination's policy keeps (its own copy or not): their damaged copies wait for repair. */
  wanted: Set<string>;
  /** Backup id → destinations whose policy keeps it but that hold no present copy of it. */
  uncovered: Map<string, string[]>;
}

type Decision = { keep: string[] } | { delete: string };

const newestFirst = (a: CheckedBackup, b: CheckedBackup) => b.time - a.time || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
const hasPresentCopy = (backup: CheckedBackup, destinationId?: string) =>
  backup.copies.some((c) => c.status === 'present' && (destinationId === undefined || c.destinationId === destinationId));

function judgeGroup(
  group: CheckedBackup[],
  policies: Map<string, RetentionPolicy>,
  now: number,
  keysOf: (c: Candidate) => PeriodKeys,
): GroupVerdict {
  // Only succeeded backups count, so a run of failures never pushes good backups out.
  const succeeded = group.filter((b) => b.status === 'succeeded').sort(newestFirst);
  const verdict: GroupVerdict = { keptHere: new Map(), wanted: new Set(), uncovered: new Map() };
  for (const [destinationId, policy] of policies) {
    // Counting over this destination's own good copies guarantees it keeps keepLast of them,
    // even when its recent copies failed while other destinations got theirs.
    const own = selectKept(succeeded.filter((b) => hasPresentCopy(b, destinationId)), policy, now, keysOf);
    verdict.keptHere.set(destinationId, own);
    for (const id of own.keys()) verdict.wanted.add(id);
    // What the policy would keep of the backups meant for this destination (it has a copy row)
    // and still restorable somewhere: if its own copy is gone, another destination's must stay.
    const meant = succeeded.filter((b) => hasPresentCopy(b) && b.copies.some((c) => c.destinationId === destinationId));
    const wished = selectKept(meant, policy, now, keysOf);
    for (const backup of meant) {
      if (!wished.has(backup.id)) continue;
      verdict.wanted.add(backup.id);
      if (hasPresentCopy(backup, destinationId)) continue;
      const list = verdict.uncovered.get(backup.id) ?? [];
      list.push(destinationId);
      verdict.uncovered.set(backup.id, list);
    }
  }
  return verdict;
}

function decide(backup: CheckedBackup, copy: RetentionCopy, policy: RetentionPolicy | undefined, verdict: GroupVerdict, now: number): Decision {
  if (backup.status === 'running') return { keep: ['the backup is still running'] };
  if (copy.status === 'writing') return { keep: ['the copy is still being written'] };
  if (!policy) return { keep: ['this destination has no retention policy'] };
  const young = isYoungerThan(backup.time, policy.minAgeDays, now) ? [`younger than ${policy.minAgeDays} ${policy.minAgeDays === 1 ? 'day' : 'days'}`] : [];

  if (backup.status !== 'succeeded') {
    // Failed, interrupted and cancelled runs never restore reliably: their files are garbage.
    return young.length > 0 ? { keep: young } : { delete: `leftover of a ${backup.status} backup` };
  }
  if (copy.status === 'present') {
    const reasons = [...(verdict.keptHere.get(copy.destinationId)?.get(backup.id) ?? [])];
    for (const other of [...(verdict.uncovered.get(backup.id) ?? [])].sort()) {
      reasons.push(`destination "${other}" keeps this backup but has no good copy of it`);
    }
    return reasons.length > 0 ? { keep: reasons } : { delete: `not kept by the policy (${describePolicy(policy)})` };
  }
  // failed, missing or corrupt: never counted as a good copy. Kept while the backup is wanted, so
  // the record shows what to repair (a re-copy overwrites it); removed once nobody wants the backup.
  const reasons = [...young];
  if (verdict.wanted.has(backup.id)) reasons.push(`${copy.status} copy of a backup that is kept: left for repair`);
  if (reasons.length > 0) return { keep: reasons };
  return {
    delete: copy.status === 'missing' ? 'missing copy of a backup no policy keeps: only its catalog entry is removed' : `${copy.status} copy of a backup no policy keeps`,
  };
}

export function planRetention(input: RetentionInput): RetentionPlan {
  const { backups, policies, now } = checkInput(input);
  const keyCache = new Map<number, PeriodKeys>();
  const keysOf = (c: Candidate) => {
    let keys = keyCache.get(c.time);
    if (!keys) keyCache.set(c.time, (keys = periodKeys(c.time, input.timeZone)));
    return keys;
  };

  const groups = new Map<string, CheckedBackup[]>();
  for (const backup of backups) {
    const key = JSON.stringify([backup.job, backup.database]);
    const group = groups.get(key);
    if (group) group.push(backup);
    else groups.set(key, [backup]);
  }

  const plan: RetentionPlan = { deletions: [], kept: [], blocked: [], freedBytes: 0 };
  for (const group of groups.values()) {
    const verdict = judgeGroup(group, policies, now, keysOf);
    for (const backup of group) {
      for (const copy of backup.copies) {
        const at = { backupId: backup.id, destinationId: copy.destinationId };
        const decision = decide(backup, copy, policies.get(copy.destinationId), verdict, now);
        if ('keep' in decision) {
          plan.kept.push({ ...at, reasons: decision.keep });
        } else if (copy.lockedUntil !== undefined && Date.parse(copy.lockedUntil) > now) {
          plan.blocked.push({ ...at, reason: `under Object Lock until ${new Date(Date.parse(copy.lockedUntil)).toISOString()} (${decision.delete})` });
        } else {
          // A missing copy's files are already gone: removing its row frees nothing.
          plan.deletions.push({ ...at, sizeBytes: copy.status === 'missing' ? 0 : copy.sizeBytes, reason: decision.delete });
        }
      }
    }
  }

  const timeOf = new Map(backups.map((b) => [b.id, b.time]));
  const order = (a: { backupId: string; destinationId: string }, b: { backupId: string; destinationId: string }) =>
    (timeOf.get(a.backupId) ?? 0) - (timeOf.get(b.backupId) ?? 0) || compare(a.backupId, b.backupId) || compare(a.destinationId, b.destinationId);
  plan.deletions.sort(order);
  plan.kept.sort(order);
  plan.blocked.sort(order);
  plan.freedBytes = plan.deletions.reduce((sum, d) => sum + d.sizeBytes, 0);
  return plan;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
