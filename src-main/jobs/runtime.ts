// The job runtime every long-running host shares (the CLI daemon, `lifeboat serve`, the
// desktop app): one RunQueue that runs jobs through the core (notifications, job state,
// metrics) and their restore drills, and one Scheduler that feeds it, honouring the global pause.
import type { JobConfig } from '../../src-shared/job';
import type { LifeboatCore } from '../core';
import type { DrillRunResult } from '../drills/run-job-drill';
import { systemClock, type MonotonicClock } from '../schedule/clock';
import type { ProgressListener } from '../pipeline/progress';
import { checkAlerts } from './check-alerts';
import { RunQueue, type QueuedRun, type RunOutcome } from './run-queue';
import { PAUSED_UNTIL_KEY, Scheduler } from './scheduler';

/** Watches one run: gives it per-database progress listeners and hears how it ended. */
export interface RunObserver {
  onProgress?: (database: string) => ProgressListener;
  done(outcome: RunOutcome | Error): void;
}

export interface JobRuntimeOptions {
  concurrency?: number;
  clock?: MonotonicClock;
  tickMs?: number;
  /** Called as each run starts (after its job was found). */
  observe?: (run: QueuedRun) => RunObserver | undefined;
}

export interface JobRuntime {
  queue: RunQueue;
  scheduler: Scheduler;
}

export function createJobRuntime(core: LifeboatCore, options: JobRuntimeOptions = {}): JobRuntime {
  const clock = options.clock ?? systemClock;
  const run = async (queued: QueuedRun, signal: AbortSignal): Promise<RunOutcome> => {
    const job = core.jobs.require(queued.job);
    core.log.info(queued.kind === 'drill' ? 'drill starting' : 'run starting', { job: queued.job, reason: queued.reason, attempt: queued.attempt });
    const observer = options.observe?.(queued);
    try {
      const result =
        queued.kind === 'drill'
          ? await drillAndAlert(core, job.config, clock, { signal, onProgress: observer?.onProgress })
          : await core.runJob(job.config, { signal, onProgress: observer?.onProgress });
      observer?.done(result);
      return result;
    } catch (error) {
      observer?.done(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
  };
  const queue = new RunQueue({
    concurrency: options.concurrency ?? 1,
    retriesFor: (job) => core.jobs.get(job)?.config.retries ?? 0,
    execute: run,
    onSettled: (queued, outcome) => {
      if (outcome instanceof Error) core.log.error(queued.kind === 'drill' ? 'drill failed to run' : 'run failed', { job: queued.job, error: outcome.message });
    },
  });
  const pausedUntil = () => {
    const until = core.settings.get<string>(PAUSED_UNTIL_KEY);
    return until ? new Date(until) : undefined;
  };
  const scheduler = new Scheduler({ jobs: core.jobs, drills: core.drillState, queue, log: core.log, pausedUntil, clock: options.clock, tickMs: options.tickMs });
  return { queue, scheduler };
}

/**
 * A scheduled drill, then the alert check: a failed drill reaches the job's channels the way
 * the periodic check would send it (once, as "alert-drill-failed"), and a passing one clears
 * that alert at once. The periodic check then has nothing new to send.
 */
async function drillAndAlert(core: LifeboatCore, job: JobConfig, clock: MonotonicClock, options: { signal: AbortSignal; onProgress?: (database: string) => ProgressListener }): Promise<DrillRunResult> {
  const result = await core.drillJob(job, { trigger: 'scheduled', ...options });
  if (result.outcome === 'passed' || result.outcome === 'failed') {
    try {
      const deps = { backups: core.backups, jobs: core.jobs, channels: core.channels, settings: core.settings, secrets: await core.secrets(), log: core.log, now: clock.now() };
      await checkAlerts({ ...deps, destination: (dest) => core.registry.fromSpec(dest) });
    } catch (error) {
      core.log.warn('alert check after the drill failed', { job: job.name, error: (error as Error).message });
    }
  }
  return result;
}
