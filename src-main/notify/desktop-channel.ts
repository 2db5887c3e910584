// Desktop notifications. The Electron host implements DesktopNotifier with its Notification
// API; the CLI and the background service, which have no screen, write the notification to the log.
import type { Logger } from '../log';
import type { NotifyChannel } from './channel';
import type { NotifyMessage, Severity } from './messages';

export interface DesktopNotifier {
  show(title: string, body: string, severity: Severity): void | Promise<void>;
}

/** Desktop pop-ups show a few lines; the full text stays in Lifeboat's window and log. */
const MAX_BODY_CHARS = 300;

export class DesktopChannel implements NotifyChannel {
  readonly kind = 'desktop' as const;

  constructor(readonly id: string, private readonly notifier: DesktopNotifier) {}

  describe(): string {
    return 'desktop notification';
  }

  async send(message: NotifyMessage): Promise<void> {
    const body = message.text.length <= MAX_BODY_CHARS ? message.text : `${message.text.slice(0, MAX_BODY_CHARS - 1)}…`;
    await this.notifier.show(message.title, body, message.severity);
  }
}

/** The fallback without a desktop: one log line per notification, at the matching level. */
export function logNotifier(logger: Logger): DesktopNotifier {
  return {
    show(title, body, severity) {
      const level = severity === 'error' ? 'error' : severity === 'warning' ? 'warn' : 'info';
      logger[level](title, { notification: true, body });
    },
  };
}
