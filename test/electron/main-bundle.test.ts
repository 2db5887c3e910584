// The real main bundle (dist/electron/main.cjs as packaged) run in Node against a fake
// `electron`: the lifecycle and wiring without the binary. The window, app:// protocol, IPC
// with the real service, events, tray, lockdown, the kit marker, hide-on-close and quit
// (the kit window itself: recovery-kit-window.test.ts).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src-main/hosts/csp';
import { createFakeElectron, type FakeElectron } from './fake-electron';

const root = path.resolve(import.meta.dirname, '../..');
// Inside the checkout, so the bundle finds electron and the native modules in node_modules.
mkdirSync(path.join(root, '.tmp'), { recursive: true });
const outdir = mkdtempSync(path.join(root, '.tmp', 'electron-main-'));
const home = mkdtempSync(path.join(os.tmpdir(), 'lifeboat-main-'));
const savedEnv = { LIFEBOAT_HOME: process.env.LIFEBOAT_HOME, LIFEBOAT_RESOURCES: process.env.LIFEBOAT_RESOURCES };
let fake: FakeElectron;

async function until<T>(check: () => T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const mainWindow = () => fake.windows[0]!;
const fromWindow = () => ({ sender: mainWindow().webContents, senderFrame: { url: 'app://lifeboat/index.html', parent: null } });
const invoke = (channel: string, payload: unknown, event: unknown = fromWindow()) => Promise.resolve(fake.ipcHandlers.get(channel)!(event, payload)) as Promise<Record<string, unknown>>;
const trayLabels = () => (fake.trays[0]?.menu?.template ?? []).map((item) => item.label ?? '---');
const clickTray = (label: string) => fake.trays[0]!.menu!.template.find((item) => item.label === label)!.click!();

beforeAll(async () => {
  await promisify(execFile)(process.execPath, [path.join(root, 'scripts/build-electron.mjs'), '--outdir', outdir], { cwd: root });
  process.env.LIFEBOAT_HOME = home;
  delete process.env.LIFEBOAT_RESOURCES;
  fake = createFakeElectron({ userDataRoot: home });
  const require = createRequire(path.join(outdir, 'main.cjs'));
  const electronPath = require.resolve('electron');
  require.cache[electronPath] = { id: electronPath, filename: electronPath, loaded: true, exports: fake.electron } as unknown as NodeJS.Module;
  require(path.join(outdir, 'main.cjs'));
  fake.ready();
  await until(() => fake.windows.length > 0 && fake.trays.length > 0, 'the window and the tray');
}, 120_000);

afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
  for (const [key, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe('main bundle against a fake electron', () => {
  it('keeps Chromium’s profile beside Lifeboat’s data and finds the checkout’s resources', () => {
    expect(fake.state.paths.get('userData')).toBe(path.join(home, 'electron'));
    expect(process.env.LIFEBOAT_RESOURCES).toBe(path.join(root, 'resources'));
  });

  it('registers app:// as a standard, secure scheme and serves it with the CSP', async () => {
    expect(fake.privileged).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    const response = await fake.protocolHandlers.get('app')!({ url: 'app://lifeboat/index.html', method: 'GET' });
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('opens a sandboxed, isolated window on app://lifeboat/ with the bundled preload', () => {
    const win = mainWindow();
    expect(win.url).toBe('app://lifeboat/index.html');
    expect(win.visible).toBe(true);
    const prefs = win.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(prefs.preload).toBe(path.join(outdir, 'preload.cjs'));
    expect(existsSync(prefs.preload as string)).toBe(true);
  });

  it('answers API calls from the window through the real service, and refuses other senders', async () => {
    expect(await invoke('lifeboat:app.info', {})).toMatchObject({ result: { host: 'electron', dataDir: home } });
    expect(await invoke('lifeboat:jobs.get', {})).toMatchObject({ error: { code: 'BAD_INPUT' } });
    expect(await invoke('lifeboat:app.info', {}, { sender: {}, senderFrame: { url: 'app://lifeboat/index.html', parent: null } })).toMatchObject({ error: { message: expect.stringContaining('Refused') } });
    expect(await invoke('lifeboat:pickFolder', undefined)).toEqual({ result: { path: '/mnt/nas' } });
  });

  it('forwards service events to the window', async () => {
    await invoke('lifeboat:settings.set', { theme: 'dark' });
    await until(() => mainWindow().webContents.sent.find(([, message]) => JSON.stringify(message) === JSON.stringify({ event: 'changed', payload: { what: 'settings' } })), 'the changed event');
  });

  it('shows the tray with a state image and the menu; pausing from it goes through settings', async () => {
    const tray = fake.trays[0]!;
    expect(tray.image.path).toMatch(/resources[/\\]tray[/\\](idle|running|ok|warning|error)\.png$/);
    expect(existsSync(tray.image.path)).toBe(true);
    expect(tray.tooltip).toMatch(/^Lifeboat/);
    expect(trayLabels()).toEqual(expect.arrayContaining(['Open Lifeboat', 'No backup jobs yet', 'Pause all schedules for 1 hour', 'Pause until resumed', 'Quit Lifeboat']));
    clickTray('Pause until resumed');
    await until(() => trayLabels().includes('Resume schedules'), 'the paused menu');
    expect(await invoke('lifeboat:settings.get', {})).toMatchObject({ result: { settings: { pausedUntil: '9999-12-31T00:00:00.000Z' } } });
    clickTray('Resume schedules');
    await until(() => trayLabels().includes('Pause until resumed'), 'the resumed menu');
  });

  it('locks every window down: no new windows, no foreign navigation, no permissions', () => {
    const contents = mainWindow().webContents;
    expect(contents.openHandler?.({ url: 'https://www.postgresql.org/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(fake.opened).toEqual(['https://www.postgresql.org/']);
    const navigate = { url: 'https://evil.example/', defaultPrevented: false, preventDefault() {
      this.defaultPrevented = true;
    } };
    contents.emit('will-navigate', navigate);
    expect(navigate.defaultPrevented).toBe(true);
    let granted: boolean | undefined;
    fake.sessions.get('default')!.permissionRequest!(contents, 'media', (ok: boolean) => (granted = ok));
    expect(granted).toBe(false);
    expect(fake.sessions.get('recovery-kit')!.permissionCheck!(contents, 'clipboard-read')).toBe(false);
  });

  it('routes the recovery kit marker to main (an unknown or already shown kit only explains) and cuts the kit session off the network', async () => {
    const windowsBefore = fake.windows.length;
    expect(mainWindow().webContents.openHandler?.({ url: 'lifeboat-kit:no-such-kit' })).toEqual({ action: 'deny' });
    expect(fake.windows.length).toBe(windowsBefore);
    expect(fake.dialogCalls.at(-1)).toEqual(['showMessageBox', [mainWindow(), expect.objectContaining({ message: 'This recovery kit can no longer be shown' })]]);
    expect(fake.opened).not.toContain('lifeboat-kit:no-such-kit');
    const beforeRequest = fake.sessions.get('recovery-kit')!.beforeRequest!;
    const decide = (requestUrl: string) => new Promise((resolve) => beforeRequest({ url: requestUrl }, resolve));
    expect(await decide('https://example.com/pixel.png')).toEqual({ cancel: true });
    expect(await decide('data:text/html;base64,AA==')).toEqual({ cancel: false });
  });

  it('hides the window on close, and shows it again for a second instance', () => {
    mainWindow().close();
    expect(mainWindow().destroyed).toBe(false);
    expect(mainWindow().visible).toBe(false);
    fake.electron.app.emit('second-instance');
    expect(mainWindow().visible).toBe(true);
  });

  it('wakes the service on resume', () => {
    expect(() => fake.electron.powerMonitor.emit('resume')).not.toThrow();
  });

  it('quits from the tray: closes the service, then really quits', async () => {
    clickTray('Quit Lifeboat');
    await until(() => fake.state.quitted, 'the quit');
    expect(mainWindow().destroyed).toBe(true);
    expect(fake.trays[0]!.destroyed).toBe(true);
  });
});
