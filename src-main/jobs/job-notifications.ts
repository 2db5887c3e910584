// Tells the job's notification channels what happened in a run: heartbeat pings at start,
// then the one event each backup is worth (failed, recovered, degraded, succeeded). Sending
// never fails the run; `flush()` waits for every send before a one-shot process exits.
import type { JobConfig } from '../../src-shared/job';
import type { BackupsRepo } from '../catalog/backups-repo';
import type { ChannelsRepo } from '../catalog/channels-repo';
import type { Logger } from '../log';
import { backupOutcomeEvent, previousOutcome } from '../notify/backup-events';
import { Notifier, type NotifyResult, type NotifyTarget } from '../notify/notifier';
import { RULE_LEVELS, type RuleTable } from '../notify/rules';
import { channelFromSaved } from '../notify/saved-channels';
import type { SecretStore } from '../secrets/secret-store';
import type { JobRunEvent } from './run-job';

export class JobNotifications {
  private readonly pending: Array<Promise<NotifyResult[]>> = [];

  private constructor(private readonly notifier: Notifier | undefined, private readonly backups: BackupsRepo, private readonly job: JobConfig) {}

  static async forJob(job: JobConfig, deps: { channels: ChannelsRepo; secrets: SecretStore; backups: BackupsRepo; log: Logger }): Promise<JobNotifications> {
    const targets: NotifyTarget[] = [];
    const rules: RuleTable = { jobs: { [job.name]: {} } };
    for (const { channel: name, level } of job.notifications) {
      const saved = deps.channels.get(name);
      if (!saved) {
        deps.log.warn('job names a notification channel that does not exist', { job: job.name, channel: name });
        continue;
      }
      try {
        targets.push({ channel: await channelFromSaved(saved, deps.secrets), jobs: [job.name] });
        rules.jobs![job.name]![name] = RULE_LEVELS[level];
      } catch (error) {
        deps.log.warn('notification channel unavailable', { job: job.name, channel: name, error: (error as Error).message });
      }
    }
    const notifier = targets.length > 0 ? new Notifier({ targets, rules, logger: deps.log, autoFlush: false }) : undefined;
    return new JobNotifications(notifier, deps.backups, job);
  }

  handle(event: JobRunEvent): void {
    if (!this.notifier) return;
    if (event.kind === 'backup-started') this.pending.push(this.notifier.backupStarted(event.job, event.database));
    if (event.kind !== 'backup-succeeded' && event.kind !== 'backup-failed') return;
    const id = event.kind === 'backup-succeeded' ? event.result.id : event.backupId;
    const record = id ? this.backups.get(id) : undefined;
    if (!record) return;
    const history = this.backups.list({ limit: 200 }).filter((b) => b.job === record.job && b.database === record.database && b.id !== record.id);
    const outcome = backupOutcomeEvent(record, {
      history,
      jobDestinations: this.job.destinations,
      error: event.kind === 'backup-failed' ? { code: event.error.code, message: event.error.message, fix: event.error.fix } : undefined,
    });
    if (outcome) this.pending.push(this.notifier.notify(outcome, previousOutcome(record, history)));
  }

  async flush(): Promise<NotifyResult[]> {
    const results = (await Promise.all(this.pending)).flat();
    this.pending.length = 0;
    if (this.notifier) results.push(...(await this.notifier.close()));
    return results;
  }
}
