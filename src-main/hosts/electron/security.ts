// Every window's lockdown in one place: no navigation away from the app's own origin, no new
// windows (links leave through `openElsewhere`, i.e. safeOpenExternal or the recovery kit
// window), no permissions, no <webview>. Written against narrow interfaces so the tests need
// no Electron; main applies it to every webContents ever created ('web-contents-created').
import type { WebPreferences } from 'electron';

export interface PreventableLike {
  preventDefault(): void;
}
export interface NavigationEventLike extends PreventableLike {
  url: string;
}
export interface FrameNavigationEventLike extends NavigationEventLike {
  isMainFrame: boolean;
}

export interface WebContentsLike {
  on(event: 'will-navigate', listener: (event: NavigationEventLike) => void): unknown;
  on(event: 'will-redirect', listener: (event: NavigationEventLike) => void): unknown;
  on(event: 'will-frame-navigate', listener: (event: FrameNavigationEventLike) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableLike) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export interface SessionLike {
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
}

export interface LockdownPolicy {
  /** URLs the window may navigate to: the app's own origin (isAppUrl), or none. */
  isAllowedNavigation(url: string): boolean;
  /** Where a denied new window or an outbound link goes: safeOpenExternal, or the kit window. */
  openElsewhere(url: string): void;
  /** Told about every refusal, for the log. */
  onDenied?(what: 'navigation' | 'redirect' | 'frame-navigation' | 'window' | 'webview' | 'permission', detail: string): void;
}

export function lockDownWebContents(contents: WebContentsLike, policy: LockdownPolicy): void {
  const denied = policy.onDenied ?? (() => {});

  contents.on('will-navigate', (event) => {
    if (policy.isAllowedNavigation(event.url)) return;
    event.preventDefault();
    denied('navigation', event.url);
    // A plain link clicked in the UI: open it outside (only if safe), never in the app window.
    policy.openElsewhere(event.url);
  });
  contents.on('will-redirect', (event) => {
    if (policy.isAllowedNavigation(event.url)) return;
    event.preventDefault();
    denied('redirect', event.url);
  });
  // Sub-frames (will-navigate covers the main frame): the CSP already forbids foreign frames.
  contents.on('will-frame-navigate', (event) => {
    if (event.isMainFrame || policy.isAllowedNavigation(event.url)) return;
    event.preventDefault();
    denied('frame-navigation', event.url);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    denied('webview', '<webview> is not allowed');
  });
  contents.setWindowOpenHandler(({ url }) => {
    denied('window', url);
    policy.openElsewhere(url);
    return { action: 'deny' };
  });
}

/** No web permission (camera, notifications, geolocation, clipboard-read…) is ever granted. */
export function lockDownSession(session: SessionLike, onDenied: LockdownPolicy['onDenied'] = () => {}): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    onDenied('permission', permission);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
}

/** The webPreferences of every window: isolated, sandboxed, no Node, no webview, no spellcheck downloads. */
export function secureWebPreferences(extra: Pick<WebPreferences, 'preload' | 'partition' | 'javascript' | 'devTools'> = {}): WebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    // Chromium's spellchecker downloads dictionaries from Google: not for a backup tool.
    spellcheck: false,
    ...extra,
  };
}
