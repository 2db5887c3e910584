// Lifeboat's Electron main process: one instance, the core service, the tray and the window.
// Closing the window hides it (backups keep running from the tray); Quit closes the service.
// The only code that imports electron lives in this folder; the core never does.
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, powerMonitor, powerSaveBlocker, session, shell, type WebContents } from 'electron';
import { fileLogger } from '../../log';
import { dataDir } from '../../paths';
import { createLifeboatService } from '../../service/create-service';
import type { LifeboatService } from '../../service/service-types';
import { isAppUrl } from './app-origin';
import { appMenuTemplate } from './app-menu';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { forwardServiceEvents, registerIpc, trustedSender } from './ipc';
import { applyStartAtLogin, HIDDEN_FLAG } from './login-item';
import { electronNotifier } from './notifications';
import { sleepGuard } from './power';
import { KIT_PARTITION, kitIdFromUrl, recoveryKitUrl } from './recovery-kit';
import { isolateKitSession, openRecoveryKitWindow } from './recovery-kit-window';
import { safeOpenExternal, urlForLog } from './safe-open-external';
import { lockDownSession, lockDownWebContents, type LockdownPolicy } from './security';
import { createTray } from './tray';
import { createMainWindow } from './window';

// Packaged: pg-tools/, tray/ and icons/ are extraResources; in a checkout, the repo's resources/.
if (app.isPackaged) process.env.LIFEBOAT_RESOURCES = process.resourcesPath;
else process.env.LIFEBOAT_RESOURCES ??= path.resolve(__dirname, '..', '..', 'resources');
const resources = process.env.LIFEBOAT_RESOURCES;
const isMac = process.platform === 'darwin';
const isDev = !app.isPackaged;

// Chromium's profile goes beside Lifeboat's data, not into it (and follows LIFEBOAT_HOME).
app.setName('Lifeboat');
app.setPath('userData', path.join(dataDir(), 'electron'));
if (process.platform === 'win32') app.setAppUserModelId('app.lifeboat.desktop');
registerAppScheme();

const log = fileLogger(path.join(dataDir(), 'logs')).scope('electron');
let service: LifeboatService | undefined;
let mainWindow: BrowserWindow | undefined;
let disposeTray: (() => void) | undefined;
let quitting = false;
let closing: Promise<void> | undefined;
let closed = false;
let busy = false;
let appMenu: Menu | undefined;

/** Built once, after `ready`; the kit window puts it back on macOS when it loses focus. */
function applicationMenu(): Menu {
  appMenu ??= Menu.buildFromTemplate(appMenuTemplate({ isMac, isDev }));
  return appMenu;
}

function showWindow(): void {
  if (!service || quitting) return;
  if (!mainWindow || mainWindow.isDestroyed()) mainWindow = openMainWindow(true);
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function openMainWindow(show: boolean): BrowserWindow {
  return createMainWindow({ preload: path.join(__dirname, 'preload.cjs'), icon: path.join(resources, 'icons', 'icon.png'), show, isDev, isQuitting: () => quitting });
}

/** Window-open requests and outbound links: the recovery kit marker (main window only), else the browser. */
function policyFor(contents: WebContents): LockdownPolicy {
  return {
    isAllowedNavigation: isAppUrl,
    openElsewhere(url) {
      const kitId = kitIdFromUrl(url);
      if (kitId !== null) {
        if (service && contents === mainWindow?.webContents) openRecoveryKitWindow(kitId, { service, parent: mainWindow, appMenu: applicationMenu(), log });
        return;
      }
      if (!safeOpenExternal(url, (safe) => shell.openExternal(safe), (error) => log.warn('could not open a link', { url: urlForLog(url), error: String(error) }))) {
        log.warn('refused to open a link', { url: urlForLog(url) });
      }
    },
    onDenied: (what, detail) => log.info('blocked', { what, detail: what === 'permission' ? detail : urlForLog(detail) }),
  };
}

async function quitFromTray(): Promise<void> {
  if (busy) {
    const { response } = await dialog.showMessageBox({
      type: 'question',
      buttons: ['Quit and cancel it', 'Keep running'],
      defaultId: 1,
      cancelId: 1,
      message: 'A backup or restore is running',
      detail: 'Quitting Lifeboat cancels it.',
    });
    if (response !== 0) return;
  }
  app.quit();
}

async function syncStartAtLogin(current: LifeboatService, last: { value: boolean | undefined }): Promise<void> {
  const envelope = await current.call('settings.get', {});
  if (!('result' in envelope)) return log.warn('could not read settings', { code: envelope.error.code });
  const wanted = envelope.result.settings.startAtLogin;
  if (wanted === last.value) return;
  last.value = wanted;
  const applied = await applyStartAtLogin(
    {
      platform: process.platform,
      isPackaged: app.isPackaged,
      setLoginItemSettings: (settings) => app.setLoginItemSettings(settings),
      executable: process.env.APPIMAGE ?? process.execPath,
      configHome: process.env.XDG_CONFIG_HOME ?? path.join(app.getPath('home'), '.config'),
    },
    wanted,
  );
  if (!applied) log.info('start at login applies to the installed app only', { wanted });
}

async function start(): Promise<void> {
  app.on('second-instance', () => showWindow());
  app.on('activate', () => showWindow());
  app.on('web-contents-created', (_event, contents) => lockDownWebContents(contents, policyFor(contents)));
  // Closing every window leaves Lifeboat in the tray: no quit here.
  app.on('window-all-closed', () => {});
  app.on('before-quit', () => {
    quitting = true;
  });
  // The service closes (cancelling running work) before the process ends.
  app.on('will-quit', (event) => {
    if (closed || !service) return;
    event.preventDefault();
    if (closing) return;
    disposeTray?.();
    closing = service
      .close()
      .catch((error: unknown) => log.error('closing the service failed', { error: String(error) }))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });

  await app.whenReady();
  Menu.setApplicationMenu(applicationMenu());
  for (const ses of [session.defaultSession, session.fromPartition(KIT_PARTITION)]) lockDownSession(ses, (what, detail) => log.info('blocked', { what, detail }));
  isolateKitSession(session.fromPartition(KIT_PARTITION));
  serveRenderer(path.join(__dirname, '..', 'renderer'));

  const current = createLifeboatService({
    host: 'electron',
    desktopNotifier: electronNotifier({ icon: path.join(resources, 'icons', 'icon.png'), onClick: showWindow }),
    onBusyChange: (() => {
      const guard = sleepGuard(powerSaveBlocker);
      return (next: boolean) => {
        busy = next;
        guard(next);
      };
    })(),
    recoveryKitUrl,
  });
  service = current;

  // The native dialogs behind "Browse…" (folders) and "Open a backup file", over the window when there is one.
  const choosePath = async (options: Electron.OpenDialogOptions): Promise<string | null> => {
    const picked = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
    return picked.canceled ? null : (picked.filePaths[0] ?? null);
  };
  registerIpc({
    ipcMain,
    service: current,
    isTrustedSender: trustedSender(() => mainWindow?.webContents, isAppUrl),
    pickFolder: () => choosePath({ properties: ['openDirectory', 'createDirectory'] }),
    pickFile: () => choosePath({ properties: ['openFile'], title: 'Open a backup file' }),
    onRefused: (channel, url) => log.warn('refused an IPC call from outside the Lifeboat window', { channel, url: urlForLog(url) }),
  });
  forwardServiceEvents(current, (channel, message) => {
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(channel, message);
  });

  current.startScheduler();
  powerMonitor.on('resume', () => {
    if (!closing) service?.wake();
  });

  disposeTray = createTray({
    service: current,
    iconDir: path.join(resources, 'tray'),
    open: showWindow,
    quit: () => void quitFromTray(),
    onError: (title, message) => dialog.showErrorBox(title, message),
    log,
  });

  const startedAtLogin = process.argv.includes(HIDDEN_FLAG) || (isMac && app.getLoginItemSettings().wasOpenedAtLogin);
  mainWindow = openMainWindow(!startedAtLogin);

  const lastLoginItem = { value: undefined as boolean | undefined };
  const sync = () => void syncStartAtLogin(current, lastLoginItem).catch((error: unknown) => log.warn('start at login not applied', { error: String(error) }));
  current.on('changed', ({ what }) => {
    if (what === 'settings') sync();
  });
  sync();
}

if (!app.requestSingleInstanceLock()) {
  // Another Lifeboat runs: it got 'second-instance' and shows its window.
  app.quit();
} else {
  start().catch((error: unknown) => {
    log.error('Lifeboat could not start', { error: error instanceof Error ? error.message : String(error) });
    dialog.showErrorBox('Lifeboat could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
}
