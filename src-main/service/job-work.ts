// Job runs as work the UI can watch: a run starts as "Starting JOB", each database it backs up
// is its own WorkItem ("Dumping shop" with bytes, rate and ETA), and cancelling any of them
// cancels the run through the queue. A restore drill is one 'restore' item. When a run ends, the
// UI is told that jobs and backups changed.
import type { ProgressPhase } from '../../src-shared/types';
import type { LifeboatCore } from '../core';
import type { RunObserver } from '../jobs/runtime';
import type { QueuedRun } from '../jobs/run-queue';
import type { JobRunEvent } from '../jobs/run-job';
import type { WorkHandle, WorkTracker } from './work-tracker';

const STEP: Record<ProgressPhase, (database: string) => string> = {
  connecting: (db) => `Connecting to ${db}`,
  dumping: (db) => `Dumping ${db}`,
  globals: (db) => `Saving roles and tablespaces (${db})`,
  finishing: (db) => `Finishing ${db}: writing the manifest`,
  reading: (db) => `Reading ${db}`,
  restoring: (db) => `Restoring ${db}`,
  analyzing: (db) => `Checking ${db}`,
  verifying: (db) => `Verifying ${db}`,
};

export interface JobWorkOptions {
  core: LifeboatCore;
  work: WorkTracker;
  cancelJob: (job: string) => void;
  /** A run ended (any outcome). */
  onRunEnded: (job: string) => void;
}

/** Returns the observer to give the job runtime, and a disposer. */
export function trackJobRuns(options: JobWorkOptions): { observe: (run: QueuedRun) => RunObserver; dispose: () => void } {
  const { work } = options;
  const current = new Map<string, { handle: WorkHandle; database: string | null }>();

  const dispose = options.core.onJobEvent((event: JobRunEvent) => {
    const run = current.get(event.job);
    if (!run) return; // a run of another queue in this process
    if (event.kind === 'backup-started') {
      if (run.database === null) {
        run.handle.update({ database: event.database, step: STEP.connecting(event.database), progress: null });
      } else {
        run.handle.finish();
        run.handle = work.start({ kind: 'backup', job: event.job, database: event.database, step: STEP.connecting(event.database) }, () => options.cancelJob(event.job));
      }
      run.database = event.database;
    } else if (event.kind === 'backup-succeeded') {
      run.handle.update({ step: `Backed up ${event.database}`, progress: null });
    } else if (event.kind === 'backup-failed') {
      run.handle.update({ step: `${event.error.code === 'CANCELLED' ? 'Cancelled' : 'Failed'}: ${event.database}`, progress: null });
    } else if (event.kind === 'pruned') {
      run.handle.update({ step: `Applied the retention policy of ${event.job}` });
    }
  });

  const observeDrill = (queued: QueuedRun): RunObserver => {
    const handle = work.start({ kind: 'restore', job: queued.job, database: null, step: `Restore drill of ${queued.job}: starting` }, () => options.cancelJob(queued.job));
    return {
      onProgress: (database) => (progress) => handle.update({ database, progress, step: `Restore drill: ${STEP[progress.phase](database)}` }),
      done: () => {
        handle.finish();
        options.onRunEnded(queued.job);
      },
    };
  };

  const observe = (queued: QueuedRun): RunObserver => {
    if (queued.kind === 'drill') return observeDrill(queued);
    const handle = work.start({ kind: 'backup', job: queued.job, database: null, step: `Starting ${queued.job}` }, () => options.cancelJob(queued.job));
    current.set(queued.job, { handle, database: null });
    return {
      onProgress: (database) => (progress) => {
        const run = current.get(queued.job);
        if (run?.database === database) run.handle.update({ progress, step: STEP[progress.phase](database) });
      },
      done: () => {
        current.get(queued.job)?.handle.finish();
        current.delete(queued.job);
        options.onRunEnded(queued.job);
      },
    };
  };

  return { observe, dispose };
}
