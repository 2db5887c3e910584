// Turns schedules into queued runs: backups, and each job's restore drills. It asks at start
// (catch-up), on every tick, after a wake and after a clock jump; each due slot is claimed in
// the catalog before it is queued, so the desktop app and the daemon never both run it.
import type { DrillStateRepo } from '../catalog/drill-state-repo';
import type { JobRecord, JobsRepo } from '../catalog/jobs-repo';
import { decideDrillDue } from '../drills/drill-schedule';
import type { Logger } from '../log';
import { decideDue } from '../schedule/due';
import { systemClock, TimeJumpWatcher, type MonotonicClock } from '../schedule/clock';
import { validateSchedule, type Schedule } from '../schedule/presets';
import type { RunQueue } from './run-queue';

/** Settings key: every schedule is paused until this ISO time. */
export const PAUSED_UNTIL_KEY = 'schedules.pausedUntil';

export interface SchedulerOptions {
  jobs: JobsRepo;
  drills: DrillStateRepo;
  queue: RunQueue;
  log: Logger;
  clock?: MonotonicClock;
  tickMs?: number;
  /** Pause every schedule until this time (tray: "pause for 1 hour"). */
  pausedUntil?: () => Date | undefined;
}

/** What one tick queued: job names, by kind of run. */
export interface TickResult {
  backups: string[];
  drills: string[];
}

export class Scheduler {
  private timer: NodeJS.Timeout | undefined;
  private readonly clock: MonotonicClock;
  private readonly jumps: TimeJumpWatcher;

  constructor(private readonly options: SchedulerOptions) {
    this.clock = options.clock ?? systemClock;
    this.jumps = new TimeJumpWatcher(this.clock);
  }

  /** Queues every backup and drill that is due now; returns the jobs whose backup was queued. */
  tick(): string[] {
    return this.tickAll().backups;
  }

  tickAll(): TickResult {
    const now = this.clock.now();
    const pausedUntil = this.options.pausedUntil?.();
    if (pausedUntil && pausedUntil > now) return { backups: [], drills: [] };
    const queued: string[] = [];
    const drills: string[] = [];
    for (const job of this.options.jobs.list()) {
      if (job.paused) continue;
      // Backups first: a drill due at the same time then tests the fresh backup.
      if (this.queueBackupIfDue(job, now)) queued.push(job.config.name);
      if (this.queueDrillIfDue(job, now)) drills.push(job.config.name);
    }
    return { backups: queued, drills };
  }

  private queueBackupIfDue(job: JobRecord, now: Date): boolean {
    const schedule: Schedule = validateSchedule(job.config.schedule as Schedule);
    const decision = decideDue({
      schedule,
      lastScheduledFor: job.state.lastSlot ? new Date(job.state.lastSlot) : undefined,
      lastRunStartedAt: job.state.lastStartedAt ? new Date(job.state.lastStartedAt) : undefined,
      now,
      createdAt: new Date(job.createdAt),
    });
    if (!decision.due || !decision.slot) return false;
    if (!this.options.jobs.claimSlot(job.config.name, decision.slot, now)) return false;
    const reason = decision.reason === 'catch-up' ? `catch-up for ${decision.missedSlots} missed run(s)` : 'scheduled';
    this.options.log.info('queueing job', { job: job.config.name, slot: decision.slot.toISOString(), reason });
    this.options.queue.enqueue({ job: job.config.name, priority: 'scheduled', reason });
    return true;
  }

  private queueDrillIfDue(job: JobRecord, now: Date): boolean {
    const name = job.config.name;
    if (!job.config.drill.enabled) return false;
    try {
      const state = this.options.drills.get(name) ?? this.options.drills.ensure(name, now);
      const decision = decideDrillDue(job.config, state, now);
      if (!decision.due || !decision.slot) return false;
      // Its own slot record (drill_state), so a drill never takes a backup's slot or the other way round.
      if (!this.options.drills.claimSlot(name, decision.slot, now)) return false;
      const reason = decision.reason === 'catch-up' ? `catch-up drill for ${decision.missedSlots} missed drill(s)` : 'scheduled drill';
      this.options.log.info('queueing restore drill', { job: name, slot: decision.slot.toISOString(), reason });
      this.options.queue.enqueue({ job: name, kind: 'drill', priority: 'scheduled', reason });
      return true;
    } catch (error) {
      // One job's broken drill schedule must not stop the others' backups.
      this.options.log.warn('cannot schedule the restore drill', { job: name, error: (error as Error).message });
      return false;
    }
  }

  start(): void {
    this.tick();
    this.timer = setInterval(() => {
      const jump = this.jumps.check();
      if (jump.jumped) this.options.log.info('clock jump or wake detected', { deltaMs: jump.deltaMs });
      this.tick();
    }, this.options.tickMs ?? 30_000);
  }

  /** The host calls this on resume from sleep (Electron powerMonitor), before the next tick. */
  wake(): void {
    this.tick();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
