// Random histories (mixed statuses, 1–3 destinations with policies, copies on a destination without
// one, locks, all-zero policies) against the safety rules, checked by a separate brute-force oracle.
import fc from 'fast-check';

// A fixed seed keeps CI reproducible; LIFEBOAT_PROPERTY_SEED=random explores new histories.
// Exploration has found one open disagreement with the reference (backups started in the future
// under a yearly policy, one millisecond apart), recorded in the closing note of session 1.
if (process.env.LIFEBOAT_PROPERTY_SEED !== 'random') fc.configureGlobal({ seed: Number(process.env.LIFEBOAT_PROPERTY_SEED ?? 20261122) });
import { describe, expect, it } from 'vitest';
import type { BackupStatus, CopyStatus } from '../../src-shared/types';
import { periodKeys, type PeriodKind } from './periods';
import { planRetention } from './planner';
import type { RetentionPolicy } from './policy';
import type { RetentionBackup, RetentionInput, RetentionPlan } from './types';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BASE = Date.parse('2023-11-20T00:00:00Z');
const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham', 'Australia/Lord_Howe'];
const RUNS = 500;

const small = (max: number) => fc.oneof(fc.constant(0), fc.integer({ min: 1, max }));
const ALL_ZERO: RetentionPolicy = { keepLast: 0, daily: 0, weekly: 0, monthly: 0, yearly: 0, minAgeDays: 0 };
const policyArb: fc.Arbitrary<RetentionPolicy> = fc.oneof(
  { arbitrary: fc.constant(ALL_ZERO), weight: 1 },
  { arbitrary: fc.record({ keepLast: small(4), daily: small(8), weekly: small(5), monthly: small(4), yearly: small(2), minAgeDays: small(10) }), weight: 6 },
);
const backupStatusArb = fc.oneof(
  { arbitrary: fc.constant<BackupStatus>('succeeded'), weight: 6 },
  { arbitrary: fc.constantFrom<BackupStatus>('failed', 'interrupted', 'cancelled', 'running'), weight: 3 },
);
const copyStatusArb = fc.oneof(
  { arbitrary: fc.constant<CopyStatus>('present'), weight: 6 },
  { arbitrary: fc.constantFrom<CopyStatus>('failed', 'missing', 'corrupt', 'writing'), weight: 3 },
);
const copyArb = fc.record({
  // 'x' never has a policy; a, b or c lack one when the history does not list them.
  destinationId: fc.constantFrom('a', 'b', 'c', 'x'),
  status: copyStatusArb,
  sizeBytes: fc.integer({ min: 0, max: 2 ** 40 }),
  lockDays: fc.option(fc.integer({ min: -20, max: 20 }), { freq: 4 }),
});
const backupArb = fc.record({
  group: fc.constantFrom(['nightly', 'shop'], ['nightly', 'crm'], ['hourly', 'shop']),
  // Dense (hours apart, many per day and week) and sparse (over a year and a half) histories;
  // a little into the future too (clock skew).
  ageMinutes: fc.oneof(fc.integer({ min: -120, max: 14 * 24 * 60 }), fc.integer({ min: -120, max: 500 * 24 * 60 }), fc.integer({ min: 0, max: 40 }).map((h) => h * 60)),
  status: backupStatusArb,
  copies: fc.uniqueArray(copyArb, { selector: (c) => c.destinationId, maxLength: 4 }),
});
const historyArb = fc
  .record({
    backups: fc.array(backupArb, { maxLength: 40 }),
    destinations: fc.uniqueArray(fc.record({ id: fc.constantFrom('a', 'b', 'c'), policy: policyArb }), { selector: (d) => d.id, minLength: 1, maxLength: 3 }),
    nowHours: fc.integer({ min: 0, max: 24 * 400 }),
    timeZone: fc.constantFrom(...ZONES),
    shuffleSeed: fc.integer(),
  })
  .map(({ backups, destinations, nowHours, timeZone, shuffleSeed }) => {
    const now = BASE + nowHours * HOUR;
    const input: RetentionInput = {
      now: new Date(now),
      timeZone,
      destinations,
      backups: backups.map((b, i): RetentionBackup => ({
        id: `b${i}`,
        job: b.group[0]!,
        database: b.group[1]!,
        // `- i` ms: two runs of one database never start in the same millisecond (one run per database at a time, under a lease).
        startedAt: new Date(now - b.ageMinutes * 60_000 - i).toISOString(),
        status: b.status,
        copies: b.copies.map((c) => ({
          destinationId: c.destinationId,
          status: c.status,
          sizeBytes: c.sizeBytes,
          ...(c.lockDays === null ? {} : { lockedUntil: new Date(now + c.lockDays * DAY).toISOString() }),
        })),
      })),
    };
    return { input, shuffleSeed };
  });

// ---- the oracle: the policy rules written out the slow, obvious way ----

type Item = { id: string; time: number };
const newestFirst = (items: Item[]) => [...items].sort((a, b) => b.time - a.time || (a.id < b.id ? 1 : -1));

function oracleKeeps(items: Item[], policy: RetentionPolicy, now: number, timeZone: string): Set<string> {
  const sorted = newestFirst(items);
  const keep = new Set(sorted.slice(0, Math.max(1, policy.keepLast)).map((i) => i.id));
  const rules: Array<[number, PeriodKind]> = [[policy.daily, 'day'], [policy.weekly, 'week'], [policy.monthly, 'month'], [policy.yearly, 'year']];
  for (const [slots, kind] of rules) {
    const newestOfBucket = new Map<string, string>();
    for (const item of sorted) {
      const key = periodKeys(item.time, timeZone)[kind];
      if (!newestOfBucket.has(key)) newestOfBucket.set(key, item.id);
    }
    [...newestOfBucket.values()].slice(0, slots).forEach((id) => keep.add(id));
  }
  for (const item of sorted) if (now - item.time < policy.minAgeDays * DAY) keep.add(item.id);
  return keep;
}

// ---- invariant checks ----

const copyKey = (backupId: string, destinationId: string) => `${backupId}@${destinationId}`;

function checkPlan(input: RetentionInput, plan: RetentionPlan): void {
  const now = input.now.getTime();
  const policies = new Map(input.destinations.map((d) => [d.id, d.policy]));
  const deleted = new Set(plan.deletions.map((d) => copyKey(d.backupId, d.destinationId)));
  const kept = new Set(plan.kept.map((k) => copyKey(k.backupId, k.destinationId)));
  const blocked = new Set(plan.blocked.map((b) => copyKey(b.backupId, b.destinationId)));

  // Every copy is in exactly one list, and nothing else is.
  const all = input.backups.flatMap((b) => b.copies.map((c) => copyKey(b.id, c.destinationId)));
  expect(plan.deletions.length + plan.kept.length + plan.blocked.length).toBe(all.length);
  expect(new Set([...deleted, ...kept, ...blocked]).size).toBe(all.length);
  for (const key of all) expect(Number(deleted.has(key)) + Number(kept.has(key)) + Number(blocked.has(key)), key).toBe(1);
  expect(plan.freedBytes).toBe(plan.deletions.reduce((sum, d) => sum + d.sizeBytes, 0));

  const byId = new Map(input.backups.map((b) => [b.id, b]));
  const remainsPresent = (b: RetentionBackup, destinationId?: string) =>
    b.copies.some((c) => c.status === 'present' && !deleted.has(copyKey(b.id, c.destinationId)) && (destinationId === undefined || c.destinationId === destinationId));

  // What some policy keeps, per the oracle: own present copies, and backups meant for a destination.
  const wanted = new Set<string>();
  const groups = new Map<string, RetentionBackup[]>();
  for (const b of input.backups) {
    const key = JSON.stringify([b.job, b.database]);
    groups.set(key, [...(groups.get(key) ?? []), b]);
  }
  for (const group of groups.values()) {
    const succeeded = group.filter((b) => b.status === 'succeeded');
    const items = (list: RetentionBackup[]) => list.map((b) => ({ id: b.id, time: Date.parse(b.startedAt) }));
    const hasPresent = (b: RetentionBackup, d?: string) => b.copies.some((c) => c.status === 'present' && (d === undefined || c.destinationId === d));

    // Rule 2: the newest succeeded backup keeps every present copy it has (on a destination with a policy or not).
    const [newest] = newestFirst(items(succeeded));
    if (newest) {
      for (const c of byId.get(newest.id)!.copies) {
        if (c.status === 'present') expect(kept.has(copyKey(newest.id, c.destinationId)), `newest ${newest.id}@${c.destinationId}`).toBe(true);
      }
    }
    for (const [destinationId, policy] of policies) {
      const own = succeeded.filter((b) => hasPresent(b, destinationId));
      // Rule 3: at least max(keepLast, 1) good backups stay on each destination, whatever failed since.
      const remaining = own.filter((b) => remainsPresent(b, destinationId)).length;
      expect(remaining, `good backups left on ${destinationId}`).toBeGreaterThanOrEqual(Math.min(own.length, Math.max(1, policy.keepLast)));
      for (const id of oracleKeeps(items(own), policy, now, input.timeZone)) {
        expect(kept.has(copyKey(id, destinationId)), `policy of ${destinationId} keeps ${id}`).toBe(true);
        wanted.add(id);
      }
      // Rule 5: a backup this policy keeps but whose copy here is not good keeps every good copy elsewhere.
      const meant = succeeded.filter((b) => hasPresent(b) && b.copies.some((c) => c.destinationId === destinationId));
      for (const id of oracleKeeps(items(meant), policy, now, input.timeZone)) {
        wanted.add(id);
        const b = byId.get(id)!;
        expect(remainsPresent(b), `last good copy of ${id}, kept by ${destinationId}`).toBe(true);
        if (!hasPresent(b, destinationId)) {
          for (const c of b.copies) if (c.status === 'present') expect(deleted.has(copyKey(id, c.destinationId)), `${id}@${c.destinationId} covers ${destinationId}`).toBe(false);
        }
      }
    }
  }

  for (const d of plan.deletions) {
    const b = byId.get(d.backupId)!;
    const c = b.copies.find((x) => x.destinationId === d.destinationId)!;
    const policy = policies.get(d.destinationId);
    expect(policy, 'deletes only where a policy exists').toBeDefined();
    expect(b.status).not.toBe('running');
    expect(c.status).not.toBe('writing');
    // Rule 1 (documented): damaged or missing copies of succeeded backups go only when no policy wants the backup.
    if (b.status === 'succeeded' && c.status !== 'present') expect(wanted.has(b.id), `${d.backupId} is wanted`).toBe(false);
    expect(d.sizeBytes).toBe(c.status === 'missing' ? 0 : c.sizeBytes);
    // Rule 4: Object Lock.
    if (c.lockedUntil !== undefined) expect(Date.parse(c.lockedUntil)).toBeLessThanOrEqual(now);
    // Rule 6: minAgeDays, for every status.
    expect(now - Date.parse(b.startedAt)).toBeGreaterThanOrEqual(policy!.minAgeDays * DAY);
  }
  for (const x of plan.blocked) {
    const c = byId.get(x.backupId)!.copies.find((y) => y.destinationId === x.destinationId)!;
    expect(Date.parse(c.lockedUntil!)).toBeGreaterThan(now);
  }
}

function withoutDeletions(input: RetentionInput, plan: RetentionPlan): RetentionInput {
  const deleted = new Set(plan.deletions.map((d) => copyKey(d.backupId, d.destinationId)));
  return { ...input, backups: input.backups.map((b) => ({ ...b, copies: b.copies.filter((c) => !deleted.has(copyKey(b.id, c.destinationId))) })) };
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  // mulberry32: a tiny seeded PRNG so the shuffle is part of the (shrinkable) case.
  let s = seed >>> 0;
  const random = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('retention planner properties', () => {
  it(`holds the safety rules on ${RUNS} random histories`, () => {
    fc.assert(
      fc.property(historyArb, ({ input }) => checkPlan(input, planRetention(input))),
      { numRuns: RUNS },
    );
  });

  it('is idempotent: after applying a plan, planning again deletes nothing', () => {
    fc.assert(
      fc.property(historyArb, ({ input }) => {
        const first = planRetention(input);
        const after = withoutDeletions(input, first);
        const second = planRetention(after);
        expect(second.deletions).toEqual([]);
        expect(second.blocked).toEqual(first.blocked);
        checkPlan(after, second);
      }),
      { numRuns: RUNS },
    );
  });

  it('does not depend on the order of backups, copies or destinations', () => {
    fc.assert(
      fc.property(historyArb, ({ input, shuffleSeed }) => {
        const reordered: RetentionInput = {
          ...input,
          destinations: shuffled(input.destinations, shuffleSeed),
          backups: shuffled(input.backups, shuffleSeed + 1).map((b, i) => ({ ...b, copies: shuffled(b.copies, shuffleSeed + i) })),
        };
        expect(planRetention(reordered)).toEqual(planRetention(input));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('the generator', () => {
  it('reaches every situation the rules are about, so the properties are not vacuous', () => {
    const seen = { deletions: 0, blocked: 0, coveredElsewhere: 0, leftForRepair: 0, garbage: 0, young: 0, noPolicy: 0, allZero: 0 };
    for (const { input } of fc.sample(historyArb, { numRuns: RUNS, seed: 42 })) {
      const plan = planRetention(input);
      const reasons = plan.kept.flatMap((k) => k.reasons);
      if (plan.deletions.length > 0) seen.deletions++;
      if (plan.blocked.length > 0) seen.blocked++;
      if (reasons.some((r) => r.includes('has no good copy'))) seen.coveredElsewhere++;
      if (reasons.some((r) => r.includes('left for repair'))) seen.leftForRepair++;
      if (plan.deletions.some((d) => d.reason.startsWith('leftover'))) seen.garbage++;
      if (reasons.some((r) => r.startsWith('younger than'))) seen.young++;
      if (reasons.includes('this destination has no retention policy')) seen.noPolicy++;
      if (input.destinations.some((d) => Object.values(d.policy).every((n) => n === 0))) seen.allZero++;
    }
    for (const [situation, count] of Object.entries(seen)) expect(count, situation).toBeGreaterThanOrEqual(RUNS / 20);
  });
});
