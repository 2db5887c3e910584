// The global queue of job runs: a concurrency limit (default 1), manual runs ahead of scheduled
// ones, one run per job at a time (a job's backup and its restore drill never overlap), transient
// backup failures retried with backoff, and cancellation.
import type { DrillRunResult } from '../drills/run-job-drill';
import type { JobRunResult } from './run-job';

export type RunPriority = 'manual' | 'scheduled';

/** A backup run of the job, or a restore drill of its latest backups. */
export type RunKind = 'backup' | 'drill';

export type RunOutcome = JobRunResult | DrillRunResult;

export function isDrillRun(outcome: RunOutcome): outcome is DrillRunResult {
  return 'kind' in outcome && outcome.kind === 'drill';
}

export interface QueuedRun {
  job: string;
  kind: RunKind;
  priority: RunPriority;
  /** 0 for the first attempt. */
  attempt: number;
  reason: string;
}

export interface RunQueueOptions {
  concurrency?: number;
  execute: (run: QueuedRun, signal: AbortSignal) => Promise<RunOutcome>;
  /** Retries allowed for this job (its configuration), asked when a run fails transiently. */
  retriesFor: (job: string) => number;
  /** Delay before retry n (1-based). Default: 1 min, 5 min, 15 min… */
  retryDelayMs?: (attempt: number) => number;
  onSettled?: (run: QueuedRun, result: RunOutcome | Error) => void;
}

/** Failures worth another try: the server or the destination may be back in a minute. */
const TRANSIENT = new Set(['PG_UNREACHABLE', 'PG_LOCK_TIMEOUT', 'DEST_UNREACHABLE', 'DEST_FAILED', 'DEST_NOT_FOUND']);

export function isTransientFailure(result: JobRunResult): boolean {
  const failed = result.outcomes.filter((o) => o.error);
  return failed.length > 0 && failed.every((o) => TRANSIENT.has(o.error!.code));
}

export class RunQueue {
  private readonly waiting: QueuedRun[] = [];
  /** By job: at most one run of a job at a time, whatever its kind. */
  private readonly running = new Map<string, { kind: RunKind; controller: AbortController }>();
  private readonly retryTimers = new Map<string, NodeJS.Timeout>();
  private idleWaiters: Array<() => void> = [];
  private readonly concurrency: number;

  constructor(private readonly options: RunQueueOptions) {
    this.concurrency = Math.max(1, options.concurrency ?? 1);
  }

  /**
   * Adds a run unless one of the same kind is already queued or running for the job (a manual
   * run upgrades a queued scheduled one). A drill queued behind the job's backup (or the other
   * way round) waits for it.
   */
  enqueue(run: Omit<QueuedRun, 'attempt' | 'kind'> & { attempt?: number; kind?: RunKind }): boolean {
    const kind = run.kind ?? 'backup';
    if (this.running.get(run.job)?.kind === kind) return false;
    const queued = this.waiting.find((r) => r.job === run.job && r.kind === kind);
    if (queued) {
      if (run.priority === 'manual') queued.priority = 'manual';
      return false;
    }
    this.waiting.push({ ...run, kind, attempt: run.attempt ?? 0 });
    this.pump();
    return true;
  }

  /** Stops a running job (pg_dump killed, uploads aborted, a drill's sandbox removed) and drops its queued runs. */
  cancel(job: string): boolean {
    const timer = this.retryTimers.get(job);
    if (timer) {
      clearTimeout(timer);
      this.retryTimers.delete(job);
    }
    const before = this.waiting.length;
    this.waiting.splice(0, this.waiting.length, ...this.waiting.filter((r) => r.job !== job));
    const running = this.running.get(job);
    running?.controller.abort();
    this.notifyIdle();
    return this.waiting.length < before || running !== undefined || timer !== undefined;
  }

  /** `running`: jobs with a run of any kind under way; `drilling`: those of them running a restore drill. */
  get snapshot(): { running: string[]; drilling: string[]; waiting: QueuedRun[] } {
    const running = [...this.running];
    return { running: running.map(([job]) => job), drilling: running.filter(([, r]) => r.kind === 'drill').map(([job]) => job), waiting: [...this.waiting] };
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
    while (this.running.size < this.concurrency) {
      // Manual runs (and restores, through the same path) go ahead of scheduled ones; FIFO otherwise.
      // A run of a job that is busy waits for it.
      const ready = this.waiting.filter((r) => !this.running.has(r.job));
      const run = ready.find((r) => r.priority === 'manual') ?? ready[0];
      if (!run) break;
      this.waiting.splice(this.waiting.indexOf(run), 1);
      this.start(run);
    }
    this.notifyIdle();
  }

  private start(run: QueuedRun): void {
    const controller = new AbortController();
    this.running.set(run.job, { kind: run.kind, controller });
    void this.options
      .execute(run, controller.signal)
      .then(
        (result) => {
          this.options.onSettled?.(run, result);
          // Drills are not retried: the next scheduled one tries again, and a failure is worth an alert.
          if (isDrillRun(result) || result.ok || controller.signal.aborted) return;
          if (isTransientFailure(result) && run.attempt < this.options.retriesFor(run.job)) this.scheduleRetry(run);
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
