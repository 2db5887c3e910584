// The periodic health check behind alerts: no recent good backup, size anomalies, damaged or
// missing copies, folders running out of space. Only new alerts are sent (the active ones are
// remembered in settings), to every channel of the jobs concerned.
import fs from 'node:fs/promises';
import type { BackupsRepo } from '../catalog/backups-repo';
import type { ChannelsRepo } from '../catalog/channels-repo';
import type { JobsRepo } from '../catalog/jobs-repo';
import type { SettingsRepo } from '../catalog/settings-repo';
import type { Logger } from '../log';
import { drillResultsFromCatalog } from '../drills/drill';
import { diffAlerts, evaluateAlerts, type ExpectedBackup, type FolderSpace } from '../notify/alerts';
import type { AlertEvent } from '../notify/events';
import { Notifier, type NotifyResult, type NotifyTarget } from '../notify/notifier';
import { RULE_LEVELS } from '../notify/rules';
import { channelFromSaved } from '../notify/saved-channels';
import type { SecretStore } from '../secrets/secret-store';
import type { Destination } from '../storage/destination';

export interface CheckDeps {
  backups: BackupsRepo;
  jobs: JobsRepo;
  channels: ChannelsRepo;
  settings: SettingsRepo;
  secrets: SecretStore;
  destination: (name: string) => Promise<Destination>;
  log: Logger;
  now?: Date;
}

export interface CheckResult {
  active: AlertEvent[];
  raised: AlertEvent[];
  cleared: string[];
  sent: NotifyResult[];
}

const ACTIVE_KEY = 'alerts.active';

export async function checkAlerts(deps: CheckDeps): Promise<CheckResult> {
  const now = deps.now ?? new Date();
  const jobs = deps.jobs.list().filter((j) => !j.paused);
  const expected: ExpectedBackup[] = jobs.flatMap((j) =>
    j.config.source.databases.mode === 'list' ? j.config.source.databases.names.map((database) => ({ job: j.config.name, database, since: j.createdAt })) : [],
  );
  const folderSpace: FolderSpace[] = [];
  for (const name of new Set(jobs.flatMap((j) => j.config.destinations))) {
    const dest = await deps.destination(name).catch(() => undefined);
    if (dest?.kind !== 'folder') continue;
    const root = dest.id.slice('folder:'.length);
    const space = await fs.statfs(root).catch(() => undefined);
    if (space) folderSpace.push({ destination: dest.id, freeBytes: space.bavail * space.bsize, totalBytes: space.blocks * space.bsize });
  }
  const backups = deps.backups.list({ limit: 100_000 });
  const active = evaluateAlerts({ backups, expected, folderSpace, drills: drillResultsFromCatalog(deps.backups) }, { now });
  const { raised, cleared, activeKeys } = diffAlerts(deps.settings.get<string[]>(ACTIVE_KEY) ?? [], active);
  deps.settings.set(ACTIVE_KEY, activeKeys);

  let sent: NotifyResult[] = [];
  if (raised.length > 0) {
    const targets: NotifyTarget[] = [];
    const names = new Set(jobs.flatMap((j) => j.config.notifications.filter((n) => n.level !== 'nothing').map((n) => n.channel)));
    for (const name of names) {
      const saved = deps.channels.get(name);
      if (!saved) continue;
      const jobsOfChannel = jobs.filter((j) => j.config.notifications.some((n) => n.channel === name)).map((j) => j.config.name);
      try {
        targets.push({ channel: await channelFromSaved(saved, deps.secrets), jobs: jobsOfChannel });
      } catch (error) {
        deps.log.warn('notification channel unavailable', { channel: name, error: (error as Error).message });
      }
    }
    const notifier = new Notifier({ targets, rules: { default: RULE_LEVELS['errors-only'] }, logger: deps.log, autoFlush: false });
    sent = (await Promise.all(raised.map((alert) => notifier.notify(alert)))).flat();
    sent.push(...(await notifier.close()));
  }
  return { active, raised, cleared, sent };
}
