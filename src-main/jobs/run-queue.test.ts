import { describe, expect, it } from 'vitest';
import type { DrillRunResult } from '../drills/run-job-drill';
import type { JobRunResult } from './run-job';
import { RunQueue, type QueuedRun } from './run-queue';

const ok = (job: string): JobRunResult => ({ job, ok: true, outcomes: [{ database: 'db', backupId: 'x', degraded: false, error: null }] });
const failed = (job: string, code: string): JobRunResult => ({ job, ok: false, outcomes: [{ database: 'db', backupId: null, degraded: false, error: { code, message: code } }] });

function harness(results: (run: QueuedRun) => JobRunResult, options: { concurrency?: number; retries?: number } = {}) {
  const order: string[] = [];
  let running = 0;
  let maxRunning = 0;
  const gates = new Map<string, () => void>();
  const queue = new RunQueue({
    concurrency: options.concurrency ?? 1,
    retriesFor: () => options.retries ?? 2,
    retryDelayMs: () => 5,
    execute: (run, signal) =>
      new Promise((resolve) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        order.push(`${run.job}#${run.attempt}`);
        const finish = () => {
          running--;
          resolve(signal.aborted ? failed(run.job, 'CANCELLED') : results(run));
        };
        signal.addEventListener('abort', finish);
        gates.set(run.job, finish);
        setTimeout(finish, 10);
      }),
  });
  return { queue, order, maxRunning: () => maxRunning, gates };
}

describe('RunQueue', () => {
  it('runs one at a time by default and puts manual runs ahead of scheduled ones', async () => {
    const h = harness((run) => ok(run.job));
    h.queue.enqueue({ job: 'a', priority: 'scheduled', reason: 's' });
    h.queue.enqueue({ job: 'b', priority: 'scheduled', reason: 's' });
    h.queue.enqueue({ job: 'c', priority: 'manual', reason: 'm' });
    await h.queue.idle();
    expect(h.order).toEqual(['a#0', 'c#0', 'b#0']);
    expect(h.maxRunning()).toBe(1);
  });

  it('never queues the same job twice, and honours a concurrency limit', async () => {
    const h = harness((run) => ok(run.job), { concurrency: 2 });
    expect(h.queue.enqueue({ job: 'a', priority: 'scheduled', reason: 's' })).toBe(true);
    expect(h.queue.enqueue({ job: 'a', priority: 'manual', reason: 'm' })).toBe(false);
    h.queue.enqueue({ job: 'b', priority: 'scheduled', reason: 's' });
    h.queue.enqueue({ job: 'c', priority: 'scheduled', reason: 's' });
    await h.queue.idle();
    expect(h.order.sort()).toEqual(['a#0', 'b#0', 'c#0']);
    expect(h.maxRunning()).toBe(2);
  });

  it('retries transient failures up to the job limit, not permanent ones', async () => {
    const transient = harness((run) => failed(run.job, 'PG_UNREACHABLE'), { retries: 2 });
    transient.queue.enqueue({ job: 'a', priority: 'scheduled', reason: 's' });
    await transient.queue.idle();
    expect(transient.order).toEqual(['a#0', 'a#1', 'a#2']);

    const permanent = harness((run) => failed(run.job, 'PG_AUTH_FAILED'));
    permanent.queue.enqueue({ job: 'a', priority: 'scheduled', reason: 's' });
    await permanent.queue.idle();
    expect(permanent.order).toEqual(['a#0']);
  });

  it('cancels a running job through its signal and drops queued ones', async () => {
    const h = harness((run) => ok(run.job));
    h.queue.enqueue({ job: 'a', priority: 'scheduled', reason: 's' });
    h.queue.enqueue({ job: 'b', priority: 'scheduled', reason: 's' });
    expect(h.queue.cancel('b')).toBe(true);
    expect(h.queue.cancel('a')).toBe(true);
    await h.queue.idle();
    expect(h.order).toEqual(['a#0']);
  });
});

describe('RunQueue: restore drills', () => {
  const drilled = (job: string, outcome: DrillRunResult['outcome']): DrillRunResult => ({ kind: 'drill', job, outcome, detail: null, report: null });

  /** Each run takes 10 ms and logs its start and end, so overlaps show. */
  function timeline(options: { drillOutcome?: DrillRunResult['outcome']; backup?: (job: string) => JobRunResult } = {}) {
    const events: string[] = [];
    let executed = 0;
    const queue = new RunQueue({
      concurrency: 2,
      retriesFor: () => 2,
      retryDelayMs: () => 5,
      execute: (run) =>
        new Promise((resolve) => {
          executed++;
          events.push(`start ${run.job} ${run.kind}`);
          setTimeout(() => {
            events.push(`end ${run.job} ${run.kind}`);
            resolve(run.kind === 'drill' ? drilled(run.job, options.drillOutcome ?? 'passed') : (options.backup ?? ok)(run.job));
          }, 10);
        }),
    });
    return { queue, events, executed: () => executed };
  }

  it('a drill of a job waits for its running backup even with a free slot; another job runs meanwhile', async () => {
    const t = timeline();
    expect(t.queue.enqueue({ job: 'a', priority: 'scheduled', reason: 's' })).toBe(true);
    expect(t.queue.enqueue({ job: 'a', kind: 'drill', priority: 'scheduled', reason: 'scheduled drill' })).toBe(true);
    expect(t.queue.snapshot).toMatchObject({ running: ['a'], drilling: [] });
    expect(t.queue.enqueue({ job: 'b', priority: 'scheduled', reason: 's' })).toBe(true);
    // A second drill of the same job is the same run.
    expect(t.queue.enqueue({ job: 'a', kind: 'drill', priority: 'manual', reason: 'again' })).toBe(false);
    await t.queue.idle();
    const at = (event: string) => t.events.indexOf(event);
    expect(t.events).toHaveLength(6);
    expect(at('start a drill')).toBeGreaterThan(at('end a backup'));
    expect(at('start b backup')).toBeLessThan(at('end a backup'));
  });

  it('a backup queued while the job is drilling waits for the drill; cancelling the job stops both', async () => {
    const t = timeline();
    t.queue.enqueue({ job: 'a', kind: 'drill', priority: 'scheduled', reason: 'd' });
    expect(t.queue.snapshot).toMatchObject({ running: ['a'], drilling: ['a'] });
    t.queue.enqueue({ job: 'a', priority: 'manual', reason: 'run now' });
    await t.queue.idle();
    expect(t.events).toEqual(['start a drill', 'end a drill', 'start a backup', 'end a backup']);

    const c = timeline();
    c.queue.enqueue({ job: 'a', priority: 'scheduled', reason: 's' });
    c.queue.enqueue({ job: 'a', kind: 'drill', priority: 'scheduled', reason: 'd' });
    expect(c.queue.cancel('a')).toBe(true);
    await c.queue.idle();
    expect(c.events).toEqual(['start a backup', 'end a backup']);
  });

  it('a failed drill is not retried (the next scheduled one tries again); a transient backup failure still is', async () => {
    const t = timeline({ drillOutcome: 'failed', backup: (job) => failed(job, 'PG_UNREACHABLE') });
    t.queue.enqueue({ job: 'a', kind: 'drill', priority: 'scheduled', reason: 'd' });
    await t.queue.idle();
    expect(t.executed()).toBe(1);
    t.queue.enqueue({ job: 'a', priority: 'scheduled', reason: 's' });
    await t.queue.idle();
    expect(t.executed()).toBe(4);
  });
});
