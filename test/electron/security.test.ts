import { describe, expect, it, vi } from 'vitest';
import { isAppUrl } from '../../src-main/hosts/electron/app-origin';
import { lockDownSession, lockDownWebContents, secureWebPreferences, type LockdownPolicy, type WebContentsLike } from '../../src-main/hosts/electron/security';

type Listener = (event: never) => void;

/** A webContents that records its listeners and lets the test emit events with a preventDefault spy. */
function fakeWebContents() {
  const listeners = new Map<string, Listener[]>();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  const contents = {
    on(event: string, listener: Listener) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return contents;
    },
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      openHandler = handler;
    },
  };
  const emit = (name: string, fields: Record<string, unknown> = {}) => {
    const event = { preventDefault: vi.fn(), ...fields };
    for (const listener of listeners.get(name) ?? []) listener(event as never);
    return event.preventDefault.mock.calls.length > 0 ? 'prevented' : 'allowed';
  };
  return { contents: contents as unknown as WebContentsLike, emit, open: (url: string) => openHandler?.({ url }) };
}

function policy(): LockdownPolicy & { opened: string[]; denied: string[] } {
  const opened: string[] = [];
  const denied: string[] = [];
  return { opened, denied, isAllowedNavigation: isAppUrl, openElsewhere: (url) => opened.push(url), onDenied: (what, detail) => denied.push(`${what} ${detail}`) };
}

describe('lockDownWebContents', () => {
  it("lets the window navigate within the app's own origin only", () => {
    const { contents, emit } = fakeWebContents();
    const p = policy();
    lockDownWebContents(contents, p);
    expect(emit('will-navigate', { url: 'app://lifeboat/index.html#/jobs' })).toBe('allowed');
    expect(emit('will-navigate', { url: 'app://lifeboat/other.html' })).toBe('allowed');
    for (const url of ['https://evil.example/', 'app://evil/index.html', 'file:///etc/passwd', 'http://localhost:5173/', 'app://user:pw@lifeboat/', 'data:text/html,hi', 'javascript:alert(1)']) {
      expect(emit('will-navigate', { url }), url).toBe('prevented');
    }
    expect(p.denied.filter((d) => d.startsWith('navigation'))).toHaveLength(7);
  });

  it('sends a link clicked in the page outside (where safeOpenExternal decides), never into the window', () => {
    const { contents, emit } = fakeWebContents();
    const p = policy();
    lockDownWebContents(contents, p);
    emit('will-navigate', { url: 'https://www.postgresql.org/docs/' });
    expect(p.opened).toEqual(['https://www.postgresql.org/docs/']);
  });

  it('prevents redirects and sub-frame navigations away from the app', () => {
    const { contents, emit } = fakeWebContents();
    const p = policy();
    lockDownWebContents(contents, p);
    expect(emit('will-redirect', { url: 'https://evil.example/' })).toBe('prevented');
    expect(emit('will-redirect', { url: 'app://lifeboat/index.html' })).toBe('allowed');
    expect(emit('will-frame-navigate', { url: 'https://evil.example/', isMainFrame: false })).toBe('prevented');
    expect(emit('will-frame-navigate', { url: 'app://lifeboat/frame.html', isMainFrame: false })).toBe('allowed');
    // The main frame is will-navigate's job: not handled (and opened) twice.
    expect(emit('will-frame-navigate', { url: 'https://evil.example/', isMainFrame: true })).toBe('allowed');
    expect(p.opened).toEqual([]);
  });

  it('denies every new window and routes its URL to openElsewhere', () => {
    const { contents, open } = fakeWebContents();
    const p = policy();
    lockDownWebContents(contents, p);
    for (const url of ['https://example.com/', 'app://lifeboat/index.html', 'lifeboat-kit:abc', 'about:blank']) {
      expect(open(url)).toEqual({ action: 'deny' });
    }
    expect(p.opened).toEqual(['https://example.com/', 'app://lifeboat/index.html', 'lifeboat-kit:abc', 'about:blank']);
  });

  it('blocks <webview> attachment', () => {
    const { contents, emit } = fakeWebContents();
    lockDownWebContents(contents, policy());
    expect(emit('will-attach-webview')).toBe('prevented');
  });
});

describe('lockDownSession', () => {
  it('denies every permission request and check', () => {
    let request: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
    let check: ((contents: unknown, permission: string) => boolean) | undefined;
    const denied: string[] = [];
    lockDownSession(
      {
        setPermissionRequestHandler: (handler) => (request = handler),
        setPermissionCheckHandler: (handler) => (check = handler),
      },
      (what, detail) => denied.push(`${what} ${detail}`),
    );
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'unknown']) {
      const callback = vi.fn();
      request?.({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(check?.({}, permission)).toBe(false);
    }
    expect(denied).toContain('permission media');
  });
});

describe('secureWebPreferences', () => {
  it('keeps isolation, the sandbox and web security on, Node and webviews off', () => {
    const prefs = secureWebPreferences({ preload: '/app/preload.cjs' });
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/preload.cjs',
    });
  });
});

describe('isAppUrl', () => {
  it.each([
    ['app://lifeboat/index.html', true],
    ['app://lifeboat/', true],
    ['APP://LIFEBOAT/x', true],
    ['app://lifeboat.evil/', false],
    ['app://evil/', false],
    ['app://user@lifeboat/', false],
    ['https://lifeboat/', false],
    ['file:///lifeboat/index.html', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    expect(isAppUrl(url)).toBe(expected);
  });
});
