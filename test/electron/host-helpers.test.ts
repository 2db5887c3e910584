import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { appMenuTemplate } from '../../src-main/hosts/electron/app-menu';
import { applyStartAtLogin, desktopExecArg, HIDDEN_FLAG, linuxAutostartEntry } from '../../src-main/hosts/electron/login-item';
import { sleepGuard } from '../../src-main/hosts/electron/power';
import { kitIdFromUrl, kitMenuTemplate, kitScreenHintCss, recoveryKitUrl } from '../../src-main/hosts/electron/recovery-kit';

describe('sleepGuard', () => {
  it('holds one prevent-app-suspension blocker while busy and releases it when idle', () => {
    const blocker = { start: vi.fn(() => 7), stop: vi.fn() };
    const guard = sleepGuard(blocker);
    guard(true);
    guard(true);
    expect(blocker.start).toHaveBeenCalledTimes(1);
    expect(blocker.start).toHaveBeenCalledWith('prevent-app-suspension');
    guard(false);
    guard(false);
    expect(blocker.stop.mock.calls).toEqual([[7]]);
    guard(true);
    expect(blocker.start).toHaveBeenCalledTimes(2);
  });
});

describe('start at login', () => {
  const host = (platform: NodeJS.Platform, configHome = '/nowhere', isPackaged = true) => ({
    platform,
    isPackaged,
    setLoginItemSettings: vi.fn(),
    executable: '/opt/Lifeboat/lifeboat',
    configHome,
  });

  it('uses login items with --hidden on Windows and macOS', async () => {
    for (const platform of ['win32', 'darwin'] as const) {
      const h = host(platform);
      expect(await applyStartAtLogin(h, true)).toBe(true);
      expect(await applyStartAtLogin(h, false)).toBe(true);
      expect(h.setLoginItemSettings.mock.calls).toEqual([[{ openAtLogin: true, args: [HIDDEN_FLAG] }], [{ openAtLogin: false, args: [HIDDEN_FLAG] }]]);
    }
  });

  it('writes and removes an XDG autostart entry on Linux', async () => {
    const configHome = mkdtempSync(path.join(os.tmpdir(), 'lifeboat-xdg-'));
    try {
      const file = path.join(configHome, 'autostart', 'lifeboat.desktop');
      await applyStartAtLogin(host('linux', configHome), true);
      expect(readFileSync(file, 'utf8')).toContain('Exec=/opt/Lifeboat/lifeboat --hidden\n');
      await applyStartAtLogin(host('linux', configHome), false);
      expect(existsSync(file)).toBe(false);
    } finally {
      rmSync(configHome, { recursive: true, force: true });
    }
  });

  it('does nothing in a development build', async () => {
    const h = host('win32', '/nowhere', false);
    expect(await applyStartAtLogin(h, true)).toBe(false);
    expect(h.setLoginItemSettings).not.toHaveBeenCalled();
  });

  it('quotes Exec= arguments as the Desktop Entry spec asks', () => {
    expect(desktopExecArg('/opt/Lifeboat/lifeboat')).toBe('/opt/Lifeboat/lifeboat');
    expect(desktopExecArg('/home/ann/My Apps/Lifeboat.AppImage')).toBe('"/home/ann/My Apps/Lifeboat.AppImage"');
    expect(desktopExecArg('/tmp/a$b')).toBe('"/tmp/a\\\\$b"');
    expect(desktopExecArg('/tmp/100%')).toBe('/tmp/100%%');
    expect(linuxAutostartEntry('/x')).toMatch(/^\[Desktop Entry\]\nType=Application\n/);
  });
});

describe('recovery kit marker', () => {
  it('round-trips kit ids and ignores every other URL', () => {
    for (const id of ['k1', 'a-b_c', 'f3c1e2d4-0000-4000-8000-000000000000', 'with space/slash']) expect(kitIdFromUrl(recoveryKitUrl(id))).toBe(id);
    for (const url of ['lifeboat-kit:', 'https://lifeboat-kit:abc', 'LIFEBOAT-KIT:abc', 'lifeboat-kit:%E0%A4%A', `lifeboat-kit:${'a'.repeat(201)}`]) expect(kitIdFromUrl(url)).toBeNull();
  });

  it('puts Save as PDF, Print and Close in the kit window menu', () => {
    const actions = { saveAsPdf: vi.fn(), print: vi.fn(), close: vi.fn() };
    const [file] = kitMenuTemplate(false, actions);
    const items = (file?.submenu ?? []) as Array<{ label?: string; accelerator?: string; click?: () => void }>;
    expect(items.map((i) => i.label)).toEqual(['Save as PDF…', 'Print…', undefined, 'Close']);
    expect(items[0]?.accelerator).toBe('CmdOrCtrl+S');
    items[0]?.click?.();
    expect(actions.saveAsPdf).toHaveBeenCalled();
    expect(kitMenuTemplate(true, actions).map((i) => i.role ?? i.label)).toEqual(['appMenu', 'File', 'editMenu', 'windowMenu']);
  });

  it('shows its hint on screen only, never in the PDF', () => {
    expect(kitScreenHintCss(false)).toMatch(/^@media screen \{/);
    expect(kitScreenHintCss(true)).toContain('⌘S');
  });
});

describe('appMenuTemplate', () => {
  it('has DevTools (viewMenu) only in development, and the macOS app menu only on macOS', () => {
    const roles = (options: { isMac: boolean; isDev: boolean }) => appMenuTemplate(options).map((i) => i.role ?? i.label);
    expect(roles({ isMac: true, isDev: true })).toEqual(['appMenu', 'fileMenu', 'editMenu', 'viewMenu', 'windowMenu']);
    expect(roles({ isMac: false, isDev: false })).toEqual(['fileMenu', 'editMenu', 'View', 'windowMenu']);
    const view = appMenuTemplate({ isMac: false, isDev: false })[2]?.submenu as Array<{ role?: string }>;
    expect(view.map((i) => i.role)).not.toContain('toggleDevTools');
  });
});
