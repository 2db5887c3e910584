// Running work is published at most five times a second, the last state always gets out, and
// the host hears busy/idle exactly at the first start and the last finish.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WorkItem } from '../../src-shared/api';
import { WorkTracker } from './work-tracker';

afterEach(() => {
  vi.useRealTimers();
});

const progress = (bytes: number) => ({ phase: 'dumping' as const, bytes, totalBytes: 1000, bytesPerSecond: 10, etaSeconds: 1 });

describe('WorkTracker', () => {
  it('throttles changes to one every 200 ms and always delivers the latest state', () => {
    vi.useFakeTimers();
    const emitted: Array<{ at: number; work: WorkItem[] }> = [];
    const tracker = new WorkTracker({ onChange: (work) => emitted.push({ at: Date.now(), work }) });
    const start = Date.now();
    const handle = tracker.start({ kind: 'backup', job: 'nightly', database: 'shop', step: 'Dumping shop' }, () => undefined);
    for (let i = 1; i <= 100; i++) {
      vi.advanceTimersByTime(10); // 100 updates a second
      handle.update({ progress: progress(i * 10) });
    }
    vi.advanceTimersByTime(500);
    const elapsed = Date.now() - start;
    expect(emitted.length).toBeLessThanOrEqual(Math.ceil(elapsed / 200) + 1);
    expect(emitted.length).toBeGreaterThanOrEqual(5);
    for (let i = 1; i < emitted.length; i++) expect(emitted[i]!.at - emitted[i - 1]!.at).toBeGreaterThanOrEqual(200);
    expect(emitted.at(-1)!.work[0]!.progress!.bytes).toBe(1000);
    handle.finish();
    vi.advanceTimersByTime(200);
    expect(emitted.at(-1)!.work).toEqual([]);
  });

  it('reports busy at the first start and idle at the last finish; cancel reaches the work', async () => {
    const busy: boolean[] = [];
    const tracker = new WorkTracker({ onChange: () => undefined, onBusyChange: (b) => busy.push(b) });
    const cancelled: string[] = [];
    const a = tracker.start({ kind: 'restore', job: 'j', database: 'a', step: 'Restoring' }, () => cancelled.push('a'));
    const b = tracker.start({ kind: 'verify', job: 'j', database: 'b', step: 'Verifying' }, () => cancelled.push('b'));
    expect(busy).toEqual([true]);
    expect(tracker.cancel(b.id)).toBe(true);
    expect(tracker.cancel('nope')).toBe(false);
    expect(cancelled).toEqual(['b']);
    a.finish();
    expect(busy).toEqual([true]);
    const idle = tracker.idle();
    b.finish();
    b.finish();
    await idle;
    expect(busy).toEqual([true, false]);
    expect(tracker.list()).toEqual([]);
    tracker.close();
  });
});
