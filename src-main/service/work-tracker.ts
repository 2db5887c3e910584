// Running work as the UI sees it: every backup (one per database of a job run), verify and
// restore is a WorkItem with a step label and live progress. Changes are published at most
// five times a second (the last state always gets out), and the host hears when the first
// item starts and the last one ends, so it can keep the computer awake meanwhile.
import { randomUUID } from 'node:crypto';
import type { WorkItem } from '../../src-shared/api';
import type { Progress } from '../../src-shared/types';

export interface WorkHandle {
  readonly id: string;
  update(change: { step?: string; database?: string | null; progress?: Progress | null }): void;
  finish(): void;
}

export interface WorkTrackerOptions {
  /** The full list after a change, throttled. */
  onChange: (work: WorkItem[]) => void;
  /** Unthrottled: work started (0 → 1 item) or stopped (→ 0). */
  onBusyChange?: (busy: boolean) => void;
  /** Minimum gap between two onChange calls. */
  throttleMs?: number;
  now?: () => Date;
}

interface Tracked {
  item: WorkItem;
  cancel: () => void;
}

export class WorkTracker {
  private readonly items = new Map<string, Tracked>();
  private readonly throttleMs: number;
  private lastEmit = 0;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly options: WorkTrackerOptions) {
    this.throttleMs = options.throttleMs ?? 200;
  }

  /** `cancel` stops this work (aborts its signal); it should make the work end soon, with CANCELLED. */
  start(init: Pick<WorkItem, 'kind' | 'job' | 'database' | 'step'> & { backupId?: string | null }, cancel: () => void): WorkHandle {
    const id = randomUUID();
    const item: WorkItem = { id, ...init, backupId: init.backupId ?? null, progress: null, startedAt: (this.options.now?.() ?? new Date()).toISOString() };
    this.items.set(id, { item, cancel });
    if (this.items.size === 1) this.options.onBusyChange?.(true);
    this.changed();
    let finished = false;
    return {
      id,
      update: (change) => {
        if (finished) return;
        if (change.step !== undefined) item.step = change.step;
        if (change.database !== undefined) item.database = change.database;
        if (change.progress !== undefined) item.progress = change.progress;
        this.changed();
      },
      finish: () => {
        if (finished) return;
        finished = true;
        this.items.delete(id);
        if (this.items.size === 0) {
          this.options.onBusyChange?.(false);
          for (const resolve of this.idleWaiters.splice(0)) resolve();
        }
        this.changed();
      },
    };
  }

  list(): WorkItem[] {
    return [...this.items.values()].map(({ item }) => ({ ...item, progress: item.progress ? { ...item.progress } : null }));
  }

  get busy(): boolean {
    return this.items.size > 0;
  }

  cancel(id: string): boolean {
    const tracked = this.items.get(id);
    if (!tracked) return false;
    tracked.cancel();
    return true;
  }

  /** Resolves once no work is left. */
  idle(): Promise<void> {
    if (this.items.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  cancelAll(): void {
    for (const { cancel } of [...this.items.values()]) cancel();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private changed(): void {
    if (this.closed || this.timer) return;
    const wait = this.lastEmit + this.throttleMs - Date.now();
    if (wait <= 0) return this.emit();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.emit();
    }, wait);
    this.timer.unref?.();
  }

  private emit(): void {
    this.lastEmit = Date.now();
    this.options.onChange(this.list());
  }
}
