import { describe, expect, it } from 'vitest';
import { LifeboatError } from '../../src-shared/errors';
import { describePlan } from './describe';
import { planRetention } from './planner';
import { DEFAULT_RETENTION_POLICY, keepDays, retentionPolicy, type RetentionPolicy } from './policy';
import type { RetentionBackup, RetentionCopy, RetentionPlan } from './types';

const DAY = 86_400_000;
const MB = 1024 * 1024;

function backup(id: string, startedAt: string, copies: Array<Partial<RetentionCopy> & { destinationId: string }>, status: RetentionBackup['status'] = 'succeeded'): RetentionBackup {
  return { id, job: 'nightly', database: 'shop', startedAt, status, copies: copies.map((c) => ({ status: 'present', sizeBytes: 100 * MB, ...c })) };
}

/** One succeeded backup a night at 01:00 UTC (02:00 or 03:00 in Berlin) on `dests`, ids n0001… */
function nightly(first: string, nights: number, dests = ['nas']): RetentionBackup[] {
  const start = Date.parse(first);
  return Array.from({ length: nights }, (_, i) =>
    backup(`n${String(i + 1).padStart(4, '0')}`, new Date(start + i * DAY).toISOString(), dests.map((destinationId) => ({ destinationId }))),
  );
}

function plan(backups: RetentionBackup[], policies: Record<string, RetentionPolicy>, now: string, timeZone = 'Europe/Berlin'): RetentionPlan {
  return planRetention({ backups, destinations: Object.entries(policies).map(([id, policy]) => ({ id, policy })), now: new Date(now), timeZone });
}

const startedOf = (backups: RetentionBackup[], ids: string[]) => ids.map((id) => backups.find((b) => b.id === id)?.startedAt.slice(0, 10));
const keptDays = (backups: RetentionBackup[], p: RetentionPlan, dest = 'nas') =>
  startedOf(backups, p.kept.filter((k) => k.destinationId === dest).map((k) => k.backupId));

describe('seed policies over a year of nightly backups', () => {
  const year = nightly('2024-01-01T01:00:00Z', 366); // 2024-01-01 … 2024-12-31
  const tuesdayNoon = '2024-12-31T11:00:00Z';

  it('14 days keeps exactly the last 14 nights', () => {
    const p = plan(year, { nas: keepDays(14) }, tuesdayNoon);
    expect(p.kept).toHaveLength(14);
    expect(keptDays(year, p)[0]).toBe('2024-12-18');
    expect(p.deletions).toHaveLength(352);
    expect(p.freedBytes).toBe(352 * 100 * MB);
    expect(describePlan(p)).toBe('these 352 backups will be deleted, freeing 34.4 GB');
  });

  it('30 days keeps 30 nights, whether written as keepDays(30) or keepLast 30', () => {
    expect(plan(year, { nas: keepDays(30) }, tuesdayNoon).kept).toHaveLength(30);
    expect(plan(year, { nas: retentionPolicy({ minAgeDays: 30 }) }, tuesdayNoon).kept).toHaveLength(30);
    const byCount = plan(year, { nas: retentionPolicy({ keepLast: 30 }) }, tuesdayNoon);
    expect(keptDays(year, byCount)).toEqual(keptDays(year, plan(year, { nas: keepDays(30) }, tuesdayNoon)));
  });

  it('7 daily / 4 weekly / 6 monthly on a Tuesday: 7 + 2 + 5 = 14 backups', () => {
    const p = plan(year, { nas: DEFAULT_RETENTION_POLICY }, tuesdayNoon);
    // Week 2025-W01 (Mon 30 + Tue 31 Dec) and W52 are already covered by daily; W51 and W50 add their Sundays.
    // December is covered by daily; July to November add their last days.
    expect(keptDays(year, p)).toEqual([
      '2024-07-31', '2024-08-31', '2024-09-30', '2024-10-31', '2024-11-30',
      '2024-12-15', '2024-12-22',
      '2024-12-25', '2024-12-26', '2024-12-27', '2024-12-28', '2024-12-29', '2024-12-30', '2024-12-31',
    ]);
    expect(p.kept.find((k) => k.backupId === 'n0366')?.reasons).toEqual([
      'newest backup', 'newest of day 2024-12-31', 'newest of week 2025-W01', 'newest of month 2024-12',
    ]);
    expect(p.deletions).toHaveLength(366 - 14);
  });

  it('7 daily / 4 weekly / 6 monthly on a Sunday: 7 + 3 + 5 = 15 backups', () => {
    const toSunday = year.slice(0, 364); // … 2024-12-29, a Sunday
    const p = plan(toSunday, { nas: DEFAULT_RETENTION_POLICY }, '2024-12-29T11:00:00Z');
    expect(p.kept).toHaveLength(15);
    expect(keptDays(toSunday, p).slice(0, 8)).toEqual(['2024-07-31', '2024-08-31', '2024-09-30', '2024-10-31', '2024-11-30', '2024-12-08', '2024-12-15', '2024-12-22']);
  });

  it('yearly buckets keep each year’s last backup', () => {
    const threeYears = nightly('2022-01-01T01:00:00Z', 365 + 365 + 366);
    const p = plan(threeYears, { nas: retentionPolicy({ yearly: 5 }) }, '2024-12-31T11:00:00Z');
    expect(keptDays(threeYears, p)).toEqual(['2022-12-31', '2023-12-31', '2024-12-31']);
  });
});

describe('calendar buckets in the admin’s time zone', () => {
  const backups = [
    backup('a', '2024-05-01T12:00:00Z', [{ destinationId: 'nas' }]),
    backup('b', '2024-05-01T23:30:00Z', [{ destinationId: 'nas' }]), // 01:30 on 2 May in Berlin
    backup('c', '2024-05-02T12:00:00Z', [{ destinationId: 'nas' }]),
  ];
  const twoDays = { nas: retentionPolicy({ daily: 2 }) };

  it('counts 23:30 UTC as the next day in Berlin', () => {
    const keptIds = (tz: string) => plan(backups, twoDays, '2024-05-03T00:00:00Z', tz).kept.map((k) => k.backupId);
    expect(keptIds('UTC')).toEqual(['b', 'c']);
    expect(keptIds('Europe/Berlin')).toEqual(['a', 'c']);
  });

  it('keeps one backup per local day across both DST changes', () => {
    // 23:30 on the local wall clock every night: 22:30Z in winter, 21:30Z in summer.
    const local2330 = (date: string, summer: boolean) => `${date}T${summer ? '21' : '22'}:30:00Z`;
    const spring = ['2024-03-28', '2024-03-29', '2024-03-30', '2024-03-31', '2024-04-01'].map((d, i) =>
      backup(`s${i}`, local2330(d, d >= '2024-03-31'), [{ destinationId: 'nas' }]),
    );
    const p = plan(spring, { nas: retentionPolicy({ daily: 5 }) }, '2024-04-02T00:00:00Z');
    expect(p.kept).toHaveLength(5);
    // A scheduler on UTC 22:30 skips local 31 March (23:30 CET, then 00:30 CEST on 1 April): days without backups use no slot.
    const utcScheduled = ['2024-03-29', '2024-03-30', '2024-03-31', '2024-04-01'].map((d, i) => backup(`u${i}`, `${d}T22:30:00Z`, [{ destinationId: 'nas' }]));
    const q = plan(utcScheduled, { nas: retentionPolicy({ daily: 3 }) }, '2024-04-03T00:00:00Z');
    expect(q.kept.map((k) => k.reasons.find((r) => r.startsWith('newest of day')))).toEqual([
      'newest of day 2024-03-30', 'newest of day 2024-04-01', 'newest of day 2024-04-02',
    ]);
    // Fall back: 02:30 happens twice on 27 October; the later one is that day's backup.
    const autumn = [backup('first', '2024-10-27T00:30:00Z', [{ destinationId: 'nas' }]), backup('second', '2024-10-27T01:30:00Z', [{ destinationId: 'nas' }])];
    const r = plan([...autumn, backup('next', '2024-10-28T01:30:00Z', [{ destinationId: 'nas' }])], { nas: retentionPolicy({ daily: 2 }) }, '2024-10-29T00:00:00Z');
    expect(r.kept.map((k) => k.backupId)).toEqual(['second', 'next']);
    expect(r.deletions.map((d) => d.backupId)).toEqual(['first']);
  });
});

describe('safety rules', () => {
  it('keeps keepLast good backups while recent runs fail, and deletes failed leftovers', () => {
    const good = nightly('2024-05-01T01:00:00Z', 10);
    const failing = Array.from({ length: 10 }, (_, i) =>
      backup(`f${i}`, new Date(Date.parse('2024-05-11T01:00:00Z') + i * DAY).toISOString(), [{ destinationId: 'nas', sizeBytes: 5 * MB }], i % 2 ? 'failed' : 'interrupted'),
    );
    const p = plan([...good, ...failing], { nas: retentionPolicy({ keepLast: 3 }) }, '2024-05-21T12:00:00Z');
    expect(p.kept.map((k) => k.backupId)).toEqual(['n0008', 'n0009', 'n0010']);
    expect(p.deletions.filter((d) => d.backupId.startsWith('f'))).toHaveLength(10);
    expect(p.deletions.find((d) => d.backupId === 'f1')?.reason).toBe('leftover of a failed backup');
    // "14 days" while the last 10 nights failed: the young failures wait for minAgeDays, the last good days stay.
    const q = plan([...good, ...failing], { nas: keepDays(14) }, '2024-05-21T12:00:00Z');
    expect(q.deletions).toEqual([]);
  });

  it('an all-zero policy still keeps the newest good backup', () => {
    const p = plan(nightly('2024-05-01T01:00:00Z', 5), { nas: retentionPolicy({}) }, '2024-06-01T00:00:00Z');
    expect(p.kept).toEqual([{ backupId: 'n0005', destinationId: 'nas', reasons: ['newest backup'] }]);
  });

  it('keeps the only good copy of a backup another destination’s policy keeps', () => {
    // nas keeps 30 days but lost its copy of n0001 (missing); s3 keeps 7 days.
    const backups = nightly('2024-05-01T01:00:00Z', 12, ['nas', 's3']);
    const lost = backups[0]!.copies.find((c) => c.destinationId === 'nas')!;
    lost.status = 'missing';
    const p = plan(backups, { nas: keepDays(30), s3: keepDays(7) }, '2024-05-12T12:00:00Z');
    expect(p.kept).toContainEqual({ backupId: 'n0001', destinationId: 's3', reasons: ['destination "nas" keeps this backup but has no good copy of it'] });
    expect(p.kept).toContainEqual({ backupId: 'n0001', destinationId: 'nas', reasons: ['younger than 30 days', 'missing copy of a backup that is kept: left for repair'] });
    expect(p.deletions.map((d) => `${d.backupId}@${d.destinationId}`)).toEqual(['n0002@s3', 'n0003@s3', 'n0004@s3', 'n0005@s3']);
  });

  it('blocks copies under Object Lock and says so', () => {
    const backups = nightly('2024-05-01T01:00:00Z', 3);
    backups[0]!.copies[0]!.lockedUntil = '2024-06-01T00:00:00Z';
    backups[1]!.copies[0]!.lockedUntil = '2024-05-02T00:00:00Z'; // expired
    const p = plan(backups, { nas: retentionPolicy({ keepLast: 1 }) }, '2024-05-10T00:00:00Z');
    expect(p.blocked).toEqual([{ backupId: 'n0001', destinationId: 'nas', reason: 'under Object Lock until 2024-06-01T00:00:00.000Z (not kept by the policy (last 1))' }]);
    expect(p.deletions.map((d) => d.backupId)).toEqual(['n0002']);
    expect(describePlan(p)).toBe('this backup will be deleted, freeing 100 MB; 1 copy stays until its Object Lock expires');
  });

  it('never touches running backups, copies being written, or destinations without a policy', () => {
    const backups = [
      ...nightly('2024-05-01T01:00:00Z', 3, ['nas', 'usb']),
      backup('run', '2024-04-01T01:00:00Z', [{ destinationId: 'nas', status: 'writing' }], 'running'),
      backup('odd', '2024-04-02T01:00:00Z', [{ destinationId: 'nas', status: 'writing' }], 'failed'),
    ];
    const p = plan(backups, { nas: retentionPolicy({}) }, '2024-06-01T00:00:00Z');
    expect(p.deletions.map((d) => `${d.backupId}@${d.destinationId}`)).toEqual(['n0001@nas', 'n0002@nas']);
    expect(p.kept.find((k) => k.backupId === 'run')?.reasons).toEqual(['the backup is still running']);
    expect(p.kept.find((k) => k.backupId === 'odd')?.reasons).toEqual(['the copy is still being written']);
    expect(p.kept.filter((k) => k.destinationId === 'usb')).toHaveLength(3);
  });

  it('removes damaged copies only of backups no policy keeps; a missing copy frees nothing', () => {
    const backups = nightly('2024-05-01T01:00:00Z', 4);
    backups[0]!.copies[0]!.status = 'missing';
    backups[1]!.copies[0]!.status = 'corrupt';
    backups[3]!.copies[0]!.status = 'corrupt'; // the newest: not a good copy, so n0003 becomes the one kept
    const p = plan(backups, { nas: retentionPolicy({ keepLast: 1 }) }, '2024-06-01T00:00:00Z');
    expect(p.deletions).toEqual([
      { backupId: 'n0001', destinationId: 'nas', sizeBytes: 0, reason: 'missing copy of a backup no policy keeps: only its catalog entry is removed' },
      { backupId: 'n0002', destinationId: 'nas', sizeBytes: 100 * MB, reason: 'corrupt copy of a backup no policy keeps' },
      { backupId: 'n0004', destinationId: 'nas', sizeBytes: 100 * MB, reason: 'corrupt copy of a backup no policy keeps' },
    ]);
    expect(p.kept).toEqual([{ backupId: 'n0003', destinationId: 'nas', reasons: ['newest backup'] }]);
  });

  it('plans each job and database on its own', () => {
    const shop = nightly('2024-05-01T01:00:00Z', 3);
    const crm = nightly('2024-05-01T02:00:00Z', 3).map((b) => ({ ...b, id: `crm-${b.id}`, database: 'crm' }));
    const p = plan([...shop, ...crm], { nas: retentionPolicy({ keepLast: 1 }) }, '2024-06-01T00:00:00Z');
    expect(p.kept.map((k) => k.backupId)).toEqual(['n0003', 'crm-n0003']);
    // Sorted by start time, then id: the output order does not depend on the input order.
    expect(p.deletions.map((d) => d.backupId)).toEqual(['n0001', 'crm-n0001', 'n0002', 'crm-n0002']);
    expect(plan([...crm, ...shop].reverse(), { nas: retentionPolicy({ keepLast: 1 }) }, '2024-06-01T00:00:00Z')).toEqual(p);
  });
});

describe('bad input', () => {
  const ok = nightly('2024-05-01T01:00:00Z', 2);
  const codeOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      return error instanceof LifeboatError ? `${error.code}: ${error.message}` : String(error);
    }
    return 'no error';
  };

  it('refuses what could turn into a wrong deletion', () => {
    expect(codeOf(() => plan(ok, { nas: { ...keepDays(7), daily: -1 } }, '2024-06-01T00:00:00Z'))).toBe(
      'BAD_INPUT: The retention policy of destination "nas" has daily = -1, which is not a whole number of 0 or more.',
    );
    expect(codeOf(() => plan(ok, { nas: keepDays(7) }, '2024-06-01T00:00:00Z', 'Berlin'))).toMatch(/BAD_INPUT: "Berlin" is not a time zone/);
    expect(codeOf(() => plan(ok, { nas: keepDays(7) }, 'yesterday'))).toMatch(/BAD_INPUT: The planning time/);
    expect(codeOf(() => plan([...ok, ok[0]!], { nas: keepDays(7) }, '2024-06-01T00:00:00Z'))).toMatch(/BAD_INPUT: Backup n0001 is listed twice/);
    expect(codeOf(() => plan([{ ...ok[0]!, startedAt: 'soon' }], { nas: keepDays(7) }, '2024-06-01T00:00:00Z'))).toMatch(/start time of backup n0001 is "soon"/);
    const badLock = backup('x', '2024-05-01T00:00:00Z', [{ destinationId: 'nas', lockedUntil: 'forever' }]);
    expect(codeOf(() => plan([badLock], { nas: keepDays(7) }, '2024-06-01T00:00:00Z'))).toMatch(/Object Lock date of the copy of backup x in destination "nas" is "forever"/);
    const twice = backup('y', '2024-05-01T00:00:00Z', [{ destinationId: 'nas' }, { destinationId: 'nas' }]);
    expect(codeOf(() => plan([twice], { nas: keepDays(7) }, '2024-06-01T00:00:00Z'))).toMatch(/two copies in destination "nas"/);
    const negative = backup('z', '2024-05-01T00:00:00Z', [{ destinationId: 'nas', sizeBytes: -5 }]);
    expect(codeOf(() => plan([negative], { nas: keepDays(7) }, '2024-06-01T00:00:00Z'))).toMatch(/size -5/);
    expect(codeOf(() => planRetention({ backups: ok, destinations: [{ id: 'a', policy: keepDays(1) }, { id: 'a', policy: keepDays(2) }], now: new Date(), timeZone: 'UTC' }))).toMatch(/listed twice/);
  });
});

describe('describePlan', () => {
  it('counts backups, mentions mirrors, and says when there is nothing to do', () => {
    expect(describePlan({ deletions: [], kept: [], blocked: [], freedBytes: 0 })).toBe('nothing to delete');
    const GiB = 1024 ** 3;
    const six = Array.from({ length: 6 }, (_, i) => ({ backupId: `b${i}`, destinationId: 'nas', sizeBytes: (2.1 * GiB) / 6, reason: 'r' }));
    expect(describePlan({ deletions: six, kept: [], blocked: [], freedBytes: 2.1 * GiB })).toBe('these 6 backups will be deleted, freeing 2.1 GB');
    const mirrored = [...six, { backupId: 'b0', destinationId: 's3', sizeBytes: 0, reason: 'r' }];
    expect(describePlan({ deletions: mirrored, kept: [], blocked: [], freedBytes: 2.1 * GiB })).toBe(
      'these 6 backups will be deleted (7 copies in 2 destinations), freeing 2.1 GB',
    );
  });
});
