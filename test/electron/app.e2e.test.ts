// The desktop app end to end, through Playwright's Electron driver: the window opens on the
// app:// UI, the preload exposes only window.lifeboat, calls reach the service and come back as
// envelopes. It needs the Electron binary, which npm installs without (its download script is
// denied): where the binary is missing this is the one test skipped on purpose, saying why.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

/** The Electron binary if it is installed; never triggers a download (require('electron') would). */
function findElectron(): { binary: string } | { reason: string } {
  const electronDir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return { reason: 'node_modules/electron/path.txt is missing: the binary was never downloaded (npm start downloads it)' };
  const binary = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(electronDir, 'dist'), readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? { binary } : { reason: `${binary} does not exist` };
}

const electron = findElectron();

if ('reason' in electron) {
  const reason = `no Electron binary (${electron.reason})`;
  console.log(`Skipping Electron e2e: ${reason}`);
  describe('Lifeboat desktop app (e2e)', () => {
    it.skip(`launches the app: skipped, ${reason}`, () => {});
  });
} else {
  describe('Lifeboat desktop app (e2e)', () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'lifeboat-e2e-'));
    let app: ElectronApplication;
    let page: Page;

    beforeAll(async () => {
      const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
      execFileSync(npm, ['run', 'build:renderer'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
      execFileSync(process.execPath, [path.join(root, 'scripts/build-electron.mjs')], { cwd: root, stdio: 'inherit' });
      app = await _electron.launch({
        executablePath: electron.binary,
        args: [path.join(root, 'dist/electron/main.cjs')],
        env: { ...process.env, LIFEBOAT_HOME: home, ELECTRON_ENABLE_LOGGING: '1' } as Record<string, string>,
      });
      page = await app.firstWindow();
      await page.waitForLoadState('domcontentloaded');
    }, 180_000);

    afterAll(async () => {
      await app?.evaluate(({ app: electronApp }) => electronApp.quit()).catch(() => {});
      await app?.close().catch(() => {});
      rmSync(home, { recursive: true, force: true });
    });

    it('opens the UI from app://lifeboat/ with no Node in the page', async () => {
      expect(page.url()).toBe('app://lifeboat/index.html');
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
      expect(await page.evaluate(() => typeof (globalThis as { Buffer?: unknown }).Buffer)).toBe('undefined');
    });

    it('exposes window.lifeboat = { call, on, pickFolder, pickFile } and answers with envelopes', async () => {
      expect(await page.evaluate(() => Object.keys((globalThis as unknown as { lifeboat: object }).lifeboat).sort())).toEqual(['call', 'on', 'pickFile', 'pickFolder']);
      const info = await page.evaluate(() => (globalThis as unknown as { lifeboat: { call(m: string, r: unknown): Promise<unknown> } }).lifeboat.call('app.info', {}));
      expect(info).toMatchObject({ result: { host: 'electron' } });
      const bad = await page.evaluate(() => (globalThis as unknown as { lifeboat: { call(m: string, r: unknown): Promise<unknown> } }).lifeboat.call('jobs.get', {}));
      expect(bad).toMatchObject({ error: { code: 'BAD_INPUT' } });
    });

    it('denies window.open and keeps the window on the app', async () => {
      const before = app.windows().length;
      // http: is refused by safeOpenExternal too, so no browser opens on the test machine.
      await page.evaluate(() => (globalThis as unknown as { open(url: string, target: string): unknown }).open('http://example.com/', '_blank'));
      await page.waitForTimeout(500);
      expect(app.windows().length).toBe(before);
      expect(page.url()).toBe('app://lifeboat/index.html');
    });

    it('hides the window on close instead of quitting (the tray keeps running)', async () => {
      await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.close());
      const visible = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => w.isVisible()));
      expect(visible).toEqual([false]);
    });
  });
}
