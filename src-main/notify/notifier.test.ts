import { describe, expect, it, vi } from 'vitest';
import { LifeboatError } from '../../src-shared/errors';
import { captureLogger } from './capture-logger';
import type { HeartbeatChannel, NotifyChannel } from './channel';
import { DesktopChannel, logNotifier } from './desktop-channel';
import { Digest } from './digest';
import type { BackupOutcomeEvent } from './events';
import type { NotifyMessage } from './messages';
import { Notifier } from './notifier';
import { RULE_LEVELS } from './rules';
import { at, everyEvent, failedEvent, T0 } from './test-fixtures';

class FakeChannel implements NotifyChannel {
  readonly kind = 'webhook' as const;
  readonly sent: NotifyMessage[] = [];
  failWith: Error | null = null;
  constructor(readonly id: string) {}
  describe(): string {
    return `fake ${this.id}`;
  }
  async send(message: NotifyMessage): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.sent.push(message);
  }
}

class FakeHeartbeat extends FakeChannel implements HeartbeatChannel {
  readonly heartbeat = true as const;
  readonly pings: string[] = [];
  async start(job: string, database: string): Promise<void> {
    this.pings.push(`start ${job}/${database}`);
  }
  async outcome(event: BackupOutcomeEvent): Promise<void> {
    this.pings.push(`${event.kind} ${event.job}/${event.database}`);
  }
}

const e = everyEvent();

describe('Notifier', () => {
  it('applies each channel\'s rule and reports what happened per channel', async () => {
    const mail = new FakeChannel('mail');
    const chat = new FakeChannel('chat');
    const n = new Notifier({ targets: [{ channel: mail }, { channel: chat }], rules: { channels: { chat: RULE_LEVELS.everything } }, logger: captureLogger() });
    expect(await n.notify(e['backup-succeeded'], 'succeeded')).toEqual([
      { channel: 'mail', kind: 'webhook', status: 'skipped' },
      { channel: 'chat', kind: 'webhook', status: 'sent' },
    ]);
    expect((await n.notify(failedEvent())).map((r) => r.status)).toEqual(['sent', 'sent']);
    expect(mail.sent.map((m) => m.title)).toEqual(['Backup of shop failed']);
    expect(chat.sent).toHaveLength(2);
  });

  it('never throws when a channel fails: logs it and returns the explained error', async () => {
    const broken = new FakeChannel('mail');
    broken.failWith = new LifeboatError('DEST_UNREACHABLE', 'The mail server smtp.example.com:587 refused the connection.', { fix: 'Check the port.' });
    const weird = new FakeChannel('odd');
    weird.failWith = new TypeError('undefined is not a function (postgres://u:pw@h/db)');
    const ok = new FakeChannel('chat');
    const logger = captureLogger();
    const n = new Notifier({ targets: [{ channel: broken }, { channel: weird }, { channel: ok }], logger });
    const results = await n.notify(failedEvent());
    expect(results[0]).toMatchObject({ channel: 'mail', status: 'failed', error: { code: 'DEST_UNREACHABLE', message: 'The mail server smtp.example.com:587 refused the connection.', fix: 'Check the port.' } });
    expect(results[1]).toMatchObject({ channel: 'odd', status: 'failed', error: { code: 'INTERNAL', message: 'undefined is not a function (postgres://u:***@h/db)' } });
    expect(results[2]).toMatchObject({ channel: 'chat', status: 'sent' });
    expect(ok.sent).toHaveLength(1);
    const warn = logger.lines.find((l) => l.level === 'warn' && l.fields.channel === 'mail');
    expect(warn).toMatchObject({ scope: 'notify', message: 'notification failed', fields: { via: 'fake mail', code: 'DEST_UNREACHABLE', event: 'backup-failed' } });
  });

  it('holds repeats in the digest and sends them when the window ends', async () => {
    let now = Date.parse(T0);
    const digest = new Digest({ now: () => new Date(now), render: { timeZone: 'UTC' } });
    const mail = new FakeChannel('mail');
    const n = new Notifier({ targets: [{ channel: mail }], digest, logger: captureLogger(), autoFlush: false });
    expect((await n.notify(failedEvent()))[0]!.status).toBe('sent');
    now = Date.parse(at(5));
    expect((await n.notify(failedEvent({ consecutiveFailures: 2 })))[0]!.status).toBe('held');
    now = Date.parse(at(10));
    expect((await n.notify(failedEvent({ consecutiveFailures: 3 })))[0]!.status).toBe('held');
    expect(await n.flushDue()).toEqual([]);
    now = Date.parse(at(15));
    expect(await n.flushDue()).toEqual([{ channel: 'mail', kind: 'webhook', status: 'sent' }]);
    expect(mail.sent.map((m) => m.title)).toEqual(['Backup of shop failed', '3 failures of shop since 02:00']);
  });

  it('sends due digests on its own timer', async () => {
    const digest = new Digest({ windowMs: 60 });
    const mail = new FakeChannel('mail');
    const n = new Notifier({ targets: [{ channel: mail }], digest, logger: captureLogger() });
    await n.notify(failedEvent());
    await n.notify(failedEvent({ consecutiveFailures: 2 }));
    expect(mail.sent).toHaveLength(1);
    await vi.waitFor(() => expect(mail.sent).toHaveLength(2), { timeout: 3_000, interval: 20 });
    expect(mail.sent[1]!.kind).toBe('backup-failed'); // a lone held event keeps its own wording
    await n.close();
  });

  it('close() sends whatever is held', async () => {
    const digest = new Digest();
    const mail = new FakeChannel('mail');
    const n = new Notifier({ targets: [{ channel: mail }], digest, logger: captureLogger(), rules: { default: RULE_LEVELS.everything } });
    await n.notify(e['backup-succeeded']);
    await n.notify(e['backup-succeeded']);
    expect(await n.close()).toEqual([{ channel: 'mail', kind: 'webhook', status: 'sent' }]);
    expect(mail.sent).toHaveLength(2);
  });

  it('heartbeat channels hear every backup run, whatever the rules, and nothing else', async () => {
    const hc = new FakeHeartbeat('hc');
    const n = new Notifier({ targets: [{ channel: hc }], rules: { default: RULE_LEVELS.nothing }, digest: new Digest(), logger: captureLogger(), autoFlush: false });
    await n.backupStarted('nightly', 'shop');
    await n.notify(e['backup-succeeded']);
    await n.notify(e['backup-succeeded']);
    await n.notify(e['alert-low-space']);
    expect(await n.notify(e['restore-finished'])).toEqual([]);
    await n.notify(failedEvent());
    expect(hc.pings).toEqual(['start nightly/shop', 'backup-succeeded nightly/shop', 'backup-succeeded nightly/shop', 'backup-failed nightly/shop']);
    expect(hc.sent).toEqual([]);
  });

  it('limits targets to their jobs and databases; events about no job go everywhere', async () => {
    const shopOnly = new FakeHeartbeat('hc-shop');
    const hourly = new FakeChannel('hourly-chat');
    const n = new Notifier({ targets: [{ channel: shopOnly, jobs: ['nightly'], databases: ['shop'] }, { channel: hourly, jobs: ['hourly'] }], logger: captureLogger() });
    await n.backupStarted('nightly', 'crm');
    await n.notify(failedEvent({ database: 'crm' }));
    await n.notify(failedEvent());
    await n.notify(e['alert-destination-unreachable']);
    expect(shopOnly.pings).toEqual(['backup-failed nightly/shop']);
    expect(hourly.sent.map((m) => m.kind)).toEqual(['alert-destination-unreachable']);
  });

  it('refuses two channels with the same name', () => {
    expect(() => new Notifier({ targets: [{ channel: new FakeChannel('a') }, { channel: new FakeChannel('a') }], logger: captureLogger() })).toThrow(/Two notification channels are named "a"/);
  });
});

describe('DesktopChannel', () => {
  it('hands title, a short body and the severity to the host', async () => {
    const shown: Array<[string, string, string]> = [];
    const ch = new DesktopChannel('desktop', { show: (title, body, severity) => void shown.push([title, body, severity]) });
    const long = { ...failedEvent(), error: { code: 'X', message: 'y'.repeat(1000), fix: null } };
    const n = new Notifier({ targets: [{ channel: ch }], logger: captureLogger() });
    await n.notify(long);
    expect(shown[0]![0]).toBe('Backup of shop failed');
    expect(shown[0]![1].length).toBeLessThanOrEqual(300);
    expect(shown[0]![2]).toBe('error');
  });

  it('without a desktop, logs the notification at the matching level', async () => {
    const logger = captureLogger();
    const ch = new DesktopChannel('desktop', logNotifier(logger.scope('desktop')));
    await new Notifier({ targets: [{ channel: ch }], logger, rules: { default: RULE_LEVELS.everything } }).notify(e['backup-degraded']);
    const line = logger.lines.find((l) => l.scope === 'desktop');
    expect(line).toMatchObject({ level: 'warn', message: 'Backup of shop is missing a copy on b2-offsite', fields: { notification: true } });
    expect(String(line!.fields.body)).toContain('copying it to b2-offsite failed');
  });
});
