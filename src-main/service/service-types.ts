// What every host gets from the core service: one call entry point (validated requests in,
// {result}|{error} envelopes out), events with disposers, and the hooks a host drives
// (scheduler start/stop/wake, tray state). Hosts inject what only they have (desktop
// notifications, power-save blocking, the recovery kit viewer).
import type { ApiEnvelope, ApiEventName, ApiEvents, ApiMethod, TrayState } from '../../src-shared/api';
import type { DesktopNotifier } from '../notify/desktop-channel';

export interface ServiceHostHooks {
  host: 'electron' | 'serve';
  /** Desktop notifications (Electron); the serve host leaves it out and they are logged. */
  desktopNotifier?: DesktopNotifier;
  /** Called when a backup or restore starts/ends, so Electron can block system sleep meanwhile. */
  onBusyChange?: (busy: boolean) => void;
  /**
   * Where the printable recovery kit for a new key can be opened. The identity never reaches
   * the renderer: serve returns a one-time URL of a server-rendered page, Electron opens its own window.
   */
  recoveryKitUrl?: (kitId: string) => string;
}

export interface LifeboatService {
  /** Validates `request` against the method's schema; never throws: errors come back as {error}. */
  call<M extends ApiMethod>(method: M, request: unknown): Promise<ApiEnvelope<M>>;
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
  /** The printable recovery kit (HTML) for a key generated in this process, once; undefined if unknown or already taken. */
  takeRecoveryKit(kitId: string): string | undefined;
  trayState(): { state: TrayState; tooltip: string };
  startScheduler(): void;
  /** Resume from sleep: check for due and missed runs now. */
  wake(): void;
  close(): Promise<void>;
}
