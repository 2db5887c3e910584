// Desktop pop-ups for this computer's user: a backup failed, a copy is missing, a job recovered.
// The Electron host brings a notifier; without one (lifeboat serve) they go to the log. The
// job's own channels (email, webhook…) are told by the core's run, not here.
import type { LifeboatCore } from '../core';
import type { JobRunEvent } from '../jobs/run-job';
import { backupOutcomeEvent, previousOutcome } from '../notify/backup-events';
import { DesktopChannel, logNotifier, type DesktopNotifier } from '../notify/desktop-channel';
import { Notifier } from '../notify/notifier';
import { RULE_LEVELS } from '../notify/rules';
import type { HistoryQuery } from './history-query';

export function desktopNotifications(core: LifeboatCore, historyQuery: HistoryQuery, notifier: DesktopNotifier | undefined): { dispose: () => Promise<void> } {
  const log = core.log.scope('desktop');
  const sender = new Notifier({
    targets: [{ channel: new DesktopChannel('desktop', notifier ?? logNotifier(log)) }],
    rules: { default: RULE_LEVELS['failures-and-recovery'] },
    logger: log,
    autoFlush: false,
  });
  const pending = new Set<Promise<unknown>>();
  const unsubscribe = core.onJobEvent((event: JobRunEvent) => {
    if (event.kind !== 'backup-succeeded' && event.kind !== 'backup-failed') return;
    const id = event.kind === 'backup-succeeded' ? event.result.id : event.backupId;
    const record = id ? core.backups.get(id) : undefined;
    if (!record) return;
    const history = historyQuery.page({ job: record.job, database: record.database, offset: 0, limit: 200 }).rows.filter((b) => b.id !== record.id);
    const job = core.jobs.get(record.job);
    const outcome = backupOutcomeEvent(record, {
      history,
      jobDestinations: job?.config.destinations,
      error: event.kind === 'backup-failed' ? { code: event.error.code, message: event.error.message, fix: event.error.fix } : undefined,
    });
    if (!outcome) return;
    const sent = sender.notify(outcome, previousOutcome(record, history)).finally(() => pending.delete(sent));
    pending.add(sent);
  });
  return {
    dispose: async () => {
      unsubscribe();
      await Promise.allSettled([...pending]);
      await sender.close();
    },
  };
}
