// DesktopNotifier with Electron's native notifications. Clicking one opens Lifeboat's window.
import { Notification } from 'electron';
import type { DesktopNotifier } from '../../notify/desktop-channel';

/** Notifications are kept referenced until closed: a collected one loses its click handler. */
const MAX_LIVE = 20;

export function electronNotifier(options: { icon: string; onClick(): void }): DesktopNotifier {
  const live = new Set<Notification>();
  return {
    show(title, body, severity) {
      if (!Notification.isSupported()) return;
      const notification = new Notification({
        title,
        body,
        icon: options.icon,
        urgency: severity === 'error' ? 'critical' : 'normal',
        timeoutType: severity === 'error' ? 'never' : 'default',
        silent: severity === 'info',
      });
      notification.on('click', () => options.onClick());
      notification.on('close', () => live.delete(notification));
      live.add(notification);
      if (live.size > MAX_LIVE) live.delete(live.values().next().value as Notification);
      notification.show();
    },
  };
}
