// The job runtime every long-running host shares (the CLI daemon, `lifeboat serve`, the
// desktop app): one RunQueue that runs jobs through the core (notifications, job state,
// metrics) and one Scheduler that feeds it, honouring the global pause.
import type { LifeboatCore } from '../core';
import type { MonotonicClock } from '../schedule/clock';
import type { ProgressListener } from '../pipeline/progress';
import type { JobRunResult } from './run-job';
import { RunQueue, type QueuedRun } from './run-queue';
import { PAUSED_UNTIL_KEY, Scheduler } from './scheduler';

/** Watches one run: gives it per-database progress listeners and hears how it ended. */
export interface RunObserver {
  onProgress?: (database: string) => ProgressListener;
  done(outcome: JobRunResult | Error): void;
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
  const queue = new RunQueue({
    concurrency: options.concurrency ?? 1,
    retriesFor: (job) => core.jobs.get(job)?.config.retries ?? 0,
    execute: async (run, signal) => {
      const job = core.jobs.require(run.job);
      core.log.info('run starting', { job: run.job, reason: run.reason, attempt: run.attempt });
      const observer = options.observe?.(run);
      try {
        const result = await core.runJob(job.config, { signal, onProgress: observer?.onProgress });
        observer?.done(result);
        return result;
      } catch (error) {
        observer?.done(error instanceof Error ? error : new Error(String(error)));
        throw error;
      }
    },
    onSettled: (run, outcome) => {
      if (outcome instanceof Error) core.log.error('run failed', { job: run.job, error: outcome.message });
    },
  });
  const pausedUntil = () => {
    const until = core.settings.get<string>(PAUSED_UNTIL_KEY);
    return until ? new Date(until) : undefined;
  };
  const scheduler = new Scheduler({ jobs: core.jobs, queue, log: core.log, pausedUntil, clock: options.clock, tickMs: options.tickMs });
  return { queue, scheduler };
}
