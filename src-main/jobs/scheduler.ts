// Turns schedules into queued runs. It asks at start (catch-up), on every tick, after a wake
// and after a clock jump; each due slot is claimed in the catalog before it is queued, so the
// desktop app and the daemon never both run it.
import type { JobsRepo } from '../catalog/jobs-repo';
import type { Logger } from '../log';
import { decideDue } from '../schedule/due';
import { systemClock, TimeJumpWatcher, type MonotonicClock } from '../schedule/clock';
import { validateSchedule, type Schedule } from '../schedule/presets';
import type { RunQueue } from './run-queue';

/** Settings key: every schedule is paused until this ISO time. */
export const PAUSED_UNTIL_KEY = 'schedules.pausedUntil';

export interface SchedulerOptions {
  jobs: JobsRepo;
  queue: RunQueue;
  log: Logger;
  clock?: MonotonicClock;
  tickMs?: number;
  /** Pause every schedule until this time (tray: "pause for 1 hour"). */
  pausedUntil?: () => Date | undefined;
}

export class Scheduler {
  private timer: NodeJS.Timeout | undefined;
  private readonly clock: MonotonicClock;
  private readonly jumps: TimeJumpWatcher;

  constructor(private readonly options: SchedulerOptions) {
    this.clock = options.clock ?? systemClock;
    this.jumps = new TimeJumpWatcher(this.clock);
  }

  /** Queues every job that is due now; returns the jobs queued. */
  tick(): string[] {
    const now = this.clock.now();
    const pausedUntil = this.options.pausedUntil?.();
    if (pausedUntil && pausedUntil > now) return [];
    const queued: string[] = [];
    for (const job of this.options.jobs.list()) {
      if (job.paused) continue;
      const schedule: Schedule = validateSchedule(job.config.schedule as Schedule);
      const decision = decideDue({
        schedule,
        lastScheduledFor: job.state.lastSlot ? new Date(job.state.lastSlot) : undefined,
        lastRunStartedAt: job.state.lastStartedAt ? new Date(job.state.lastStartedAt) : undefined,
        now,
        createdAt: new Date(job.createdAt),
      });
      if (!decision.due || !decision.slot) continue;
      if (!this.options.jobs.claimSlot(job.config.name, decision.slot, now)) continue;
      const reason = decision.reason === 'catch-up' ? `catch-up for ${decision.missedSlots} missed run(s)` : 'scheduled';
      this.options.log.info('queueing job', { job: job.config.name, slot: decision.slot.toISOString(), reason });
      this.options.queue.enqueue({ job: job.config.name, priority: 'scheduled', reason });
      queued.push(job.config.name);
    }
    return queued;
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
