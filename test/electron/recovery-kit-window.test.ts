// The recovery kit window with a fake electron: script-less and sandboxed in its own session,
// loaded from a data: URL, "Save as PDF" done by main (printToPDF + save dialog, file 0600),
// and a warning before the only copy is closed unsaved.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { FakeElectron } from './fake-electron';

const fake = vi.hoisted(() => ({ current: undefined as FakeElectron | undefined }));
vi.mock('electron', async () => {
  const { createFakeElectron } = await import('./fake-electron');
  fake.current = createFakeElectron({ userDataRoot: os.tmpdir() });
  return fake.current.electron;
});

const { openRecoveryKitWindow } = await import('../../src-main/hosts/electron/recovery-kit-window');
const electron = () => fake.current!;
const dir = mkdtempSync(path.join(os.tmpdir(), 'lifeboat-kit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KIT = '<!doctype html><title>Recovery kit</title><p>AGE-SECRET-KEY-1QQQ</p>';
const log = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn(), scope: vi.fn() };
const service = (html: string | undefined) => ({ takeRecoveryKit: vi.fn(() => html) });
const appMenu = { template: [] } as never;

type FileMenu = { label: string; submenu: Array<{ label?: string; click?: () => void }> };
const fileMenu = (win: { menu: unknown }) => ((win.menu as { template: FileMenu[] }).template[0] as FileMenu).submenu;
const flush = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('openRecoveryKitWindow', () => {
  it('shows the kit in a sandboxed window without JavaScript, from a data: URL, in its own session', async () => {
    const svc = service(KIT);
    const win = openRecoveryKitWindow('kit-1', { service: svc, parent: undefined, appMenu, log: log as never }) as unknown as FakeElectron['windows'][number];
    expect(svc.takeRecoveryKit).toHaveBeenCalledWith('kit-1');
    expect(win.options.webPreferences).toMatchObject({ javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false, partition: 'recovery-kit', devTools: false });
    expect((win.options.webPreferences as { preload?: string }).preload).toBeUndefined();
    expect(Buffer.from(win.url!.replace('data:text/html;charset=utf-8;base64,', ''), 'base64').toString('utf8')).toBe(KIT);
    await flush();
    expect(win.visible).toBe(true);
    expect(win.webContents.insertedCss[0]).toMatch(/^@media screen/);
    expect(fileMenu(win).map((item) => item.label)).toEqual(['Save as PDF…', 'Print…', undefined, 'Close']);
  });

  it('saves the PDF that main printed where the user chose, readable by the user only', async () => {
    const target = path.join(dir, 'kit.pdf');
    electron().electron.dialog.showSaveDialog = async () => ({ canceled: false, filePath: target });
    const win = openRecoveryKitWindow('kit-2', { service: service(KIT), parent: undefined, appMenu, log: log as never }) as unknown as FakeElectron['windows'][number];
    fileMenu(win)[0]!.click!();
    // The save is asynchronous (print, dialog, write): wait for the file, then for the write to settle.
    await vi.waitFor(() => expect(readFileSync(target, 'utf8')).toBe('%PDF-1.7 fake'), { timeout: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    if (process.platform !== 'win32') expect(statSync(target).mode & 0o777).toBe(0o600);
    // Saved: closing asks nothing more.
    const asked = electron().dialogCalls.filter(([name]) => name === 'showMessageBoxSync').length;
    win.close();
    expect(win.destroyed).toBe(true);
    expect(electron().dialogCalls.filter(([name]) => name === 'showMessageBoxSync').length).toBe(asked);
  });

  it('asks before an unsaved kit is closed; "Save as PDF…" keeps it open', async () => {
    const win = openRecoveryKitWindow('kit-3', { service: service(KIT), parent: undefined, appMenu, log: log as never }) as unknown as FakeElectron['windows'][number];
    electron().electron.dialog.showMessageBoxSync = () => 0; // "Save as PDF…"
    electron().electron.dialog.showSaveDialog = async () => ({ canceled: true });
    win.close();
    expect(win.destroyed).toBe(false);
    await flush();
    electron().electron.dialog.showMessageBoxSync = () => 1; // "Close without saving"
    win.close();
    expect(win.destroyed).toBe(true);
  });

  it('only explains when the kit is unknown or was already shown', () => {
    const before = electron().windows.length;
    expect(openRecoveryKitWindow('gone', { service: service(undefined), parent: undefined, appMenu, log: log as never })).toBeUndefined();
    expect(electron().windows.length).toBe(before);
    expect(electron().dialogCalls.at(-1)?.[0]).toBe('showMessageBox');
  });
});
