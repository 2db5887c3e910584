import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobConfigInput } from '../../src-shared/job';
import { DrillStateRepo } from '../catalog/drill-state-repo';
import { JobsRepo } from '../catalog/jobs-repo';
import { openCatalogDb, type CatalogDb } from '../catalog/open-catalog';
import { silentLogger } from '../log';
import { ManualClock } from '../schedule/clock';
import type { RunQueue } from './run-queue';
import { Scheduler } from './scheduler';

let dir: string;
let dbs: CatalogDb[];
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lifeboat-sched-'));
  dbs = [];
});
afterEach(() => {
  for (const db of dbs) db.close();
  rmSync(dir, { recursive: true, force: true });
});

const job = (name: string, spec: JobConfigInput['schedule']['spec'], catchUp = true, drill: JobConfigInput['drill'] = { enabled: false }): JobConfigInput => ({
  name,
  source: { host: 'db', user: 'backup', databases: { mode: 'list', names: ['shop'] } },
  schedule: { spec, timeZone: 'Europe/Berlin', catchUp },
  destinations: ['nas'],
  encryption: { kind: 'public-key', recipients: ['age1qqqq'] },
  drill,
});

/** A scheduler on its own connection, as a separate process (app or daemon) would have. */
function process_(clock: ManualClock): { scheduler: Scheduler; queued: string[]; drilled: string[]; jobs: JobsRepo; drills: DrillStateRepo } {
  const db = openCatalogDb(dir);
  dbs.push(db);
  const queued: string[] = [];
  const drilled: string[] = [];
  const queue = { enqueue: (run: { job: string; kind?: string }) => ((run.kind === 'drill' ? drilled : queued).push(run.job), true) } as unknown as RunQueue;
  const jobs = new JobsRepo(db);
  const drills = new DrillStateRepo(db);
  return { scheduler: new Scheduler({ jobs, drills, queue, log: silentLogger, clock }), queued, drilled, jobs, drills };
}

function createdAt(jobs: JobsRepo, name: string, at: Date): void {
  dbs[0]!.prepare('UPDATE jobs SET created_at = ? WHERE name = ?').run(at.toISOString(), name);
  expect(jobs.get(name)?.createdAt).toBe(at.toISOString());
}

describe('Scheduler (injected clock, real catalog)', () => {
  it('runs once when the machine sleeps across a due time, and not again after wake', () => {
    const clock = new ManualClock(new Date('2026-03-10T00:00:00Z'));
    const app = process_(clock);
    app.jobs.create(job('nightly', { kind: 'daily', time: '02:30' }));
    createdAt(app.jobs, 'nightly', new Date('2026-03-09T12:00:00Z'));
    expect(app.scheduler.tick()).toEqual([]);
    clock.sleep(5 * 3600_000); // asleep over 02:30 Berlin (01:30 UTC)
    app.scheduler.wake();
    expect(app.queued).toEqual(['nightly']);
    app.scheduler.tick();
    clock.advance(60_000);
    app.scheduler.tick();
    expect(app.queued).toEqual(['nightly']);
  });

  it('collapses three days off into one catch-up run; with catch-up off, waits for the next slot', () => {
    const clock = new ManualClock(new Date('2026-05-04T09:00:00Z'));
    const app = process_(clock);
    app.jobs.create(job('daily', { kind: 'daily', time: '02:30' }));
    app.jobs.create(job('strict', { kind: 'daily', time: '02:30' }, false));
    createdAt(app.jobs, 'daily', new Date('2026-05-01T00:00:00Z'));
    createdAt(app.jobs, 'strict', new Date('2026-05-01T00:00:00Z'));
    expect(app.scheduler.tick()).toEqual(['daily']);
    expect(app.scheduler.tick()).toEqual([]);
    clock.advance(15.5 * 3600_000); // to 02:30 Berlin (00:30 UTC, summer time) the next day
    expect(app.scheduler.tick().sort()).toEqual(['daily', 'strict']);
  });

  it('on the spring-forward night a 02:30 job runs exactly once', () => {
    const clock = new ManualClock(new Date('2026-03-28T22:00:00Z'));
    const app = process_(clock);
    app.jobs.create(job('nightly', { kind: 'daily', time: '02:30' }));
    createdAt(app.jobs, 'nightly', new Date('2026-03-28T12:00:00Z'));
    for (let i = 0; i < 12 * 60; i++) {
      app.scheduler.tick();
      clock.advance(60_000);
    }
    expect(app.queued).toEqual(['nightly']);
  });

  it('the desktop app and the daemon racing for the same slot start one run', () => {
    const clock = new ManualClock(new Date('2026-06-01T10:00:00Z'));
    const app = process_(clock);
    const daemon = process_(clock);
    app.jobs.create(job('hourly', { kind: 'every-hours', hours: 1 }));
    createdAt(app.jobs, 'hourly', new Date('2026-06-01T08:00:00Z'));
    const first = [app.scheduler.tick(), daemon.scheduler.tick()];
    expect(first.flat()).toEqual(['hourly']);
    clock.advance(3600_000);
    const second = [daemon.scheduler.tick(), app.scheduler.tick()];
    expect(second.flat()).toEqual(['hourly']);
  });

  it('skips paused jobs and everything while schedules are paused', () => {
    const clock = new ManualClock(new Date('2026-06-01T10:00:00Z'));
    const app = process_(clock);
    app.jobs.create(job('hourly', { kind: 'every-hours', hours: 1 }));
    createdAt(app.jobs, 'hourly', new Date('2026-06-01T08:00:00Z'));
    app.jobs.setPaused('hourly', true);
    expect(app.scheduler.tick()).toEqual([]);
    app.jobs.setPaused('hourly', false);
    const pausedAll = new Scheduler({ jobs: app.jobs, drills: app.drills, queue: { enqueue: () => true } as unknown as RunQueue, log: silentLogger, clock, pausedUntil: () => new Date('2026-06-01T11:00:00Z') });
    expect(pausedAll.tick()).toEqual([]);
    expect(app.scheduler.tick()).toEqual(['hourly']);
  });
});

describe('Scheduler: restore drills', () => {
  // 2026-06-07 is a Sunday; 04:00 in Berlin (summer time) is 02:00 UTC.
  const SUNDAY_0400 = new Date('2026-06-07T02:00:00Z');
  const weeklyDrill = { enabled: true } as const;

  it('queues a due drill once (the app and the daemon racing claim it once), apart from the backup slot', () => {
    const clock = new ManualClock(new Date('2026-06-06T12:00:00Z'));
    const app = process_(clock);
    const daemon = process_(clock);
    app.jobs.create(job('nightly', { kind: 'daily', time: '04:00' }, true, weeklyDrill));
    createdAt(app.jobs, 'nightly', new Date('2026-06-01T00:00:00Z'));
    app.scheduler.tickAll(); // the backup catches up; the drill starts counting from here
    expect(app.drilled).toEqual([]);
    clock.advance(SUNDAY_0400.getTime() - clock.now().getTime());
    // The daemon decided "due" from what it read just before the app claimed the slot: only the compare-and-set stops it.
    const before = daemon.drills.get('nightly')!;
    const stale = new (class extends DrillStateRepo {
      override get() {
        return before;
      }
    })(dbs[1]!);
    const late = new Scheduler({ jobs: daemon.jobs, drills: stale, queue: { enqueue: (run: { job: string; kind?: string }) => (run.kind === 'drill' && daemon.drilled.push(run.job), true) } as unknown as RunQueue, log: silentLogger, clock });
    const ticks = [app.scheduler.tickAll(), late.tickAll(), daemon.scheduler.tickAll(), app.scheduler.tickAll()];
    expect([...app.drilled, ...daemon.drilled]).toEqual(['nightly']);
    expect(ticks.flatMap((t) => t.drills)).toEqual(['nightly']);
    // The backup due at the same minute has its own slot: queued too, once.
    expect(ticks.flatMap((t) => t.backups)).toEqual(['nightly']);
    expect(app.drills.get('nightly')).toMatchObject({ lastSlot: SUNDAY_0400.toISOString() });
    clock.advance(6 * 86_400_000);
    expect(app.scheduler.tickAll().drills).toEqual([]);
    clock.advance(86_400_000); // the next Sunday
    expect([daemon.scheduler.tickAll(), app.scheduler.tickAll()].flatMap((t) => t.drills)).toEqual(['nightly']);
  });

  it('collapses three missed drills into one catch-up drill; a job stored before drills existed does not start with one', () => {
    const clock = new ManualClock(new Date('2026-06-06T12:00:00Z'));
    const app = process_(clock);
    app.jobs.create(job('nightly', { kind: 'monthly', dayOfMonth: 1, time: '01:00' }, true, weeklyDrill));
    createdAt(app.jobs, 'nightly', new Date('2025-01-01T00:00:00Z'));
    expect(app.scheduler.tickAll().drills).toEqual([]);
    clock.sleep(22 * 86_400_000); // off over three Sundays
    app.scheduler.wake();
    expect(app.drilled).toEqual(['nightly']);
    app.scheduler.tickAll();
    expect(app.drilled).toEqual(['nightly']);
  });

  it('skips drills of paused jobs, while everything is paused, and when drills are off', () => {
    const clock = new ManualClock(new Date('2026-06-06T12:00:00Z'));
    const app = process_(clock);
    app.jobs.create(job('paused', { kind: 'monthly', dayOfMonth: 1, time: '01:00' }, true, weeklyDrill));
    app.jobs.create(job('off', { kind: 'monthly', dayOfMonth: 1, time: '01:00' }, true, { enabled: false }));
    app.jobs.create(job('held', { kind: 'monthly', dayOfMonth: 1, time: '01:00' }, true, weeklyDrill));
    app.scheduler.tickAll();
    app.jobs.setPaused('paused', true);
    clock.advance(SUNDAY_0400.getTime() - clock.now().getTime());
    const holdAll = new Scheduler({ jobs: app.jobs, drills: app.drills, queue: { enqueue: () => true } as unknown as RunQueue, log: silentLogger, clock, pausedUntil: () => new Date('2026-06-07T03:00:00Z') });
    expect(holdAll.tickAll()).toEqual({ backups: [], drills: [] });
    expect(app.scheduler.tickAll().drills).toEqual(['held']);
  });

  it('a drill schedule that cannot be read (stored by hand) is logged and does not stop backups', () => {
    const clock = new ManualClock(new Date('2026-06-01T10:00:00Z'));
    const app = process_(clock);
    app.jobs.create(job('hourly', { kind: 'every-hours', hours: 1 }, true, weeklyDrill));
    createdAt(app.jobs, 'hourly', new Date('2026-06-01T08:00:00Z'));
    const stored = JSON.parse(dbs[0]!.prepare<[], { config: string }>("SELECT config FROM jobs WHERE name = 'hourly'").get()!.config);
    stored.drill.schedule = { kind: 'cron', expression: 'not a cron' };
    dbs[0]!.prepare("UPDATE jobs SET config = ? WHERE name = 'hourly'").run(JSON.stringify(stored));
    expect(app.scheduler.tickAll()).toEqual({ backups: ['hourly'], drills: [] });
  });
});
