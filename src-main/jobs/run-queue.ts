// The global queue of job runs: a concurrency limit (default 1), manual runs ahead of scheduled
// ones, one run per job at a time, transient failures retried with backoff, and cancellation.
import type { JobRunResult } from './run-job';

export type RunPriority = 'manual' | 'scheduled';

export interface QueuedRun {
  job: string;
  priority: RunPriority;
  /** 0 for the first attempt. */
  attempt: number;
  reason: string;
}

export interface RunQueueOptions {
  concurrency?: number;
  execute: (run: QueuedRun, signal: AbortSignal) => Promise<JobRunResult>;
  /** Retries allowed for this job (its configuration), asked when a run fails transiently. */
  retriesFor: (job: string) => number;
  /** Delay before retry n (1-based). Default: 1 min, 5 min, 15 min… */
  retryDelayMs?: (attempt: number) => number;
  onSettled?: (run: QueuedRun, result: JobRunResult | Error) => void;
}

/** Failures worth another try: the server or the destination may be back in a minute. */
const TRANSIENT = new Set(['PG_UNREACHABLE', 'PG_LOCK_TIMEOUT', 'DEST_UNREACHABLE', 'DEST_FAILED', 'DEST_NOT_FOUND']);

export function isTransientFailure(result: JobRunResult): boolean {
  const failed = result.outcomes.filter((o) => o.error);
  return failed.length > 0 && failed.every((o) => TRANSIENT.has(o.error!.code));
}

export class RunQueue {
  private readonly waiting: QueuedRun[] = [];
  private readonly running = new Map<string, AbortController>();
  private readonly retryTimers = new Map<string, NodeJS.Timeout>();
  private idleWaiters: Array<() => void> = [];
  private readonly concurrency: number;

  constructor(private readonly options: RunQueueOptions) {
    this.concurrency = Math.max(1, options.concurrency ?? 1);
  }

  /** Adds a run unless the job is already queued or running (a manual run upgrades a queued scheduled one). */
  enqueue(run: Omit<QueuedRun, 'attempt'> & { attempt?: number }): boolean {
    if (this.running.has(run.job)) return false;
    const queued = this.waiting.find((r) => r.job === run.job);
    if (queued) {
      if (run.priority === 'manual') queued.priority = 'manual';
      return false;
    }
    this.waiting.push({ ...run, attempt: run.attempt ?? 0 });
    this.pump();
    return true;
  }

  /** Stops a running job (pg_dump killed, uploads aborted) or drops it from the queue. */
  cancel(job: string): boolean {
    const timer = this.retryTimers.get(job);
    if (timer) {
      clearTimeout(timer);
      this.retryTimers.delete(job);
    }
    const index = this.waiting.findIndex((r) => r.job === job);
    if (index >= 0) this.waiting.splice(index, 1);
    const controller = this.running.get(job);
    controller?.abort();
    this.notifyIdle();
    return index >= 0 || controller !== undefined || timer !== undefined;
  }

  get snapshot(): { running: string[]; waiting: QueuedRun[] } {
    return { running: [...this.running.keys()], waiting: [...this.waiting] };
  }

  /** Resolves when nothing is running, queued or waiting for a retry. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return this.waiting.length === 0 && this.running.size === 0 && this.retryTimers.size === 0;
  }

  private pump(): void {
    while (this.running.size < this.concurrency && this.waiting.length > 0) {
      // Manual runs (and restores, through the same path) go ahead of scheduled ones; FIFO otherwise.
      const index = Math.max(0, this.waiting.findIndex((r) => r.priority === 'manual'));
      const [run] = this.waiting.splice(index, 1);
      if (run) this.start(run);
    }
    this.notifyIdle();
  }

  private start(run: QueuedRun): void {
    const controller = new AbortController();
    this.running.set(run.job, controller);
    void this.options
      .execute(run, controller.signal)
      .then(
        (result) => {
          this.options.onSettled?.(run, result);
          if (!result.ok && !controller.signal.aborted && isTransientFailure(result) && run.attempt < this.options.retriesFor(run.job)) this.scheduleRetry(run);
        },
        (error: unknown) => this.options.onSettled?.(run, error instanceof Error ? error : new Error(String(error))),
      )
      .finally(() => {
        this.running.delete(run.job);
        this.pump();
      });
  }

  private scheduleRetry(run: QueuedRun): void {
    const attempt = run.attempt + 1;
    const delay = (this.options.retryDelayMs ?? defaultRetryDelay)(attempt);
    const timer = setTimeout(() => {
      this.retryTimers.delete(run.job);
      this.enqueue({ ...run, attempt, reason: `retry ${attempt} of ${run.reason}` });
    }, delay);
    timer.unref?.();
    this.retryTimers.set(run.job, timer);
  }

  private notifyIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

function defaultRetryDelay(attempt: number): number {
  const base = [60_000, 300_000, 900_000][attempt - 1] ?? 900_000;
  return base * (0.8 + Math.random() * 0.4);
}
