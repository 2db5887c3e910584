// What every handler gets: the core, the host's hooks, the job runtime, running work, the
// event bus, the one-time recovery kits, and the service's clock.
import type { ApiEvents } from '../../src-shared/api';
import type { ArchiveContents } from '../../src-shared/types';
import type { LifeboatCore } from '../core';
import type { JobRuntime } from '../jobs/runtime';
import type { EventBus } from './events';
import type { HistoryQuery } from './history-query';
import type { RecoveryKits } from './kits';
import type { ServiceHostHooks } from './service-types';
import type { WorkTracker } from './work-tracker';

export interface ServiceContext {
  core: LifeboatCore;
  hooks: ServiceHostHooks;
  runtime: JobRuntime;
  work: WorkTracker;
  events: EventBus;
  kits: RecoveryKits;
  history: HistoryQuery;
  /** What checked backups hold (by backup id), for the preflight that follows the check. */
  archiveContents: Map<string, ArchiveContents>;
  now(): Date;
  /** Looks for due and missed runs now, if this host runs the scheduler. */
  wakeScheduler(): void;
  /** Tells the UI what changed and refreshes the tray. */
  changed(what: ApiEvents['changed']['what']): void;
}
