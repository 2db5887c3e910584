// Sends an event to every channel that should hear it (scope, rules, digest), in parallel.
// Never throws: a failing email must not fail a backup. Failures are logged and returned.
import { LifeboatError, toLifeboatError, type ErrorData } from '../../src-shared/errors';
import type { Logger } from '../log';
import type { PreviousOutcome } from './backup-events';
import { isHeartbeat, type ChannelKind, type NotifyChannel } from './channel';
import type { Digest, DigestFlush } from './digest';
import { isBackupOutcome, type NotifyEvent } from './events';
import { renderMessage, type NotifyMessage, type RenderOptions } from './messages';
import { redact } from './redact';
import { ruleFor, shouldNotify, type RuleTable } from './rules';

export interface NotifyTarget {
  channel: NotifyChannel;
  /** Only these jobs (all when omitted). Events about no job (destination alerts) go to every target. */
  jobs?: readonly string[];
  /** Only these databases: give each database of a job its own heartbeat check, or the last ping wins. */
  databases?: readonly string[];
}

export interface NotifierOptions {
  targets: readonly NotifyTarget[];
  rules?: RuleTable;
  /** Omit to send everything at once. */
  digest?: Digest;
  logger: Logger;
  render?: RenderOptions;
  /** Send due digests on a timer (default). Hosts that call flushDue() themselves turn it off. */
  autoFlush?: boolean;
}

export type NotifyStatus = 'sent' | 'held' | 'skipped' | 'failed';

export interface NotifyResult {
  channel: string;
  kind: ChannelKind;
  status: NotifyStatus;
  error?: ErrorData;
}

export class Notifier {
  private readonly log: Logger;
  private readonly byId = new Map<string, NotifyTarget>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: NotifierOptions) {
    this.log = options.logger.scope('notify');
    for (const target of options.targets) {
      if (this.byId.has(target.channel.id)) {
        throw new LifeboatError('BAD_INPUT', `Two notification channels are named "${target.channel.id}".`, { fix: 'Give each channel its own name.' });
      }
      this.byId.set(target.channel.id, target);
    }
  }

  /** `previousOutcome`: the run before this one, for rules that tell about recoveries. */
  async notify(event: NotifyEvent, previousOutcome: PreviousOutcome = null): Promise<NotifyResult[]> {
    try {
      const results = await Promise.all(this.inScope(event).map((target) => this.toTarget(target, event, previousOutcome)));
      this.schedule();
      return results.filter((r): r is NotifyResult => r !== null);
    } catch (error) {
      // Only a bug gets here (rendering, a rule); it must still not reach the backup.
      this.log.error('notification failed before sending', { event: event.kind, error: toLifeboatError(error).message });
      return [];
    }
  }

  /** Start pings for heartbeat channels (Healthchecks /start). */
  async backupStarted(job: string, database: string): Promise<NotifyResult[]> {
    const targets = this.options.targets.filter((t) => isHeartbeat(t.channel) && inScope(t, job, database));
    return Promise.all(
      targets.map((t) => {
        const channel = t.channel;
        return this.attempt(channel, 'backup-started', () => (isHeartbeat(channel) ? channel.start(job, database) : Promise.resolve()));
      }),
    );
  }

  /** Sends the digests whose window has ended. */
  async flushDue(): Promise<NotifyResult[]> {
    const results = await this.sendFlushes(this.options.digest?.due() ?? []);
    this.schedule();
    return results;
  }

  /** Sends everything held and stops the timer: call on shutdown. */
  async close(): Promise<NotifyResult[]> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    return this.sendFlushes(this.options.digest?.flushAll() ?? []);
  }

  private async toTarget(target: NotifyTarget, event: NotifyEvent, previousOutcome: PreviousOutcome): Promise<NotifyResult | null> {
    const channel = target.channel;
    if (isHeartbeat(channel)) {
      // A dead man's switch hears every run, whatever the rules: silence is its alarm.
      if (!isBackupOutcome(event)) return null;
      const message = renderMessage(event, this.options.render);
      return this.attempt(channel, event.kind, () => channel.outcome(event, message));
    }
    const rule = ruleFor(this.options.rules ?? {}, event.job, channel.id);
    if (!shouldNotify(rule, event, previousOutcome)) return { channel: channel.id, kind: channel.kind, status: 'skipped' };
    let message: NotifyMessage;
    if (this.options.digest) {
      const decision = this.options.digest.offer(channel.id, event);
      if (decision.action === 'hold') return { channel: channel.id, kind: channel.kind, status: 'held' };
      message = decision.message;
    } else {
      message = renderMessage(event, this.options.render);
    }
    return this.attempt(channel, event.kind, () => channel.send(message));
  }

  private async sendFlushes(flushes: DigestFlush[]): Promise<NotifyResult[]> {
    const sends = flushes.map(async (flush) => {
      const target = this.byId.get(flush.channelId);
      if (!target) return null;
      return this.attempt(target.channel, 'digest', () => target.channel.send(flush.message));
    });
    return (await Promise.all(sends)).filter((r): r is NotifyResult => r !== null);
  }

  private async attempt(channel: NotifyChannel, what: string, send: () => Promise<void>): Promise<NotifyResult> {
    try {
      await send();
      this.log.debug('notification sent', { channel: channel.id, via: channel.kind, event: what });
      return { channel: channel.id, kind: channel.kind, status: 'sent' };
    } catch (error) {
      const failure = toLifeboatError(error);
      // Channel errors name hosts and users, never passwords or URL paths; the log masks again.
      this.log.warn('notification failed', { channel: channel.id, via: channel.describe(), event: what, code: failure.code, error: failure.message, fix: failure.fix });
      const data = failure.toData();
      return { channel: channel.id, kind: channel.kind, status: 'failed', error: { ...data, message: redact(data.message) } };
    }
  }

  private inScope(event: NotifyEvent): NotifyTarget[] {
    return this.options.targets.filter((t) => inScope(t, event.job, event.database));
  }

  private schedule(): void {
    if (!this.options.digest || this.options.autoFlush === false) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const delay = this.options.digest.delayUntilDue();
    if (delay === null) return;
    this.timer = setTimeout(() => void this.flushDue(), delay);
    // A pending digest must not keep the CLI alive; long-running hosts stay alive anyway.
    this.timer.unref();
  }
}

function inScope(target: NotifyTarget, job: string | null, database: string | null): boolean {
  if (job !== null && target.jobs && !target.jobs.includes(job)) return false;
  if (database !== null && target.databases && !target.databases.includes(database)) return false;
  return true;
}
