// The printable recovery kit in a window of its own: sandboxed, JavaScript off, no preload, an
// in-memory session, loaded from a data: URL (no temp file holding the identity). "Save as
// PDF" runs in main (printToPDF + a save dialog) from the window's menu, so the page needs
// no script and no bridge.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { app, BrowserWindow, dialog, Menu, type Session } from 'electron';
import type { Logger } from '../../log';
import type { LifeboatService } from '../../service/service-types';
import { KIT_PARTITION, kitMenuTemplate, kitScreenHintCss } from './recovery-kit';
import { secureWebPreferences } from './security';

export interface KitWindowOptions {
  service: Pick<LifeboatService, 'takeRecoveryKit'>;
  parent: BrowserWindow | undefined;
  /** The app menu to restore on macOS when the kit window loses focus. */
  appMenu: Menu;
  log: Logger;
}

/** The kit's session loads its data: page and nothing else: the page holding the identity cannot reach the network. */
export function isolateKitSession(kitSession: Session): void {
  kitSession.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !details.url.startsWith('data:') }));
}

export function openRecoveryKitWindow(kitId: string, options: KitWindowOptions): BrowserWindow | undefined {
  const html = options.service.takeRecoveryKit(kitId);
  if (html === undefined) {
    const message = { type: 'warning' as const, message: 'This recovery kit can no longer be shown', detail: 'For safety a kit is shown only once. Generate a new key to get a new kit.' };
    void (options.parent ? dialog.showMessageBox(options.parent, message) : dialog.showMessageBox(message));
    return undefined;
  }

  const isMac = process.platform === 'darwin';
  const win = new BrowserWindow({
    width: 820,
    height: 980,
    title: 'Lifeboat recovery kit',
    show: false,
    autoHideMenuBar: false,
    webPreferences: secureWebPreferences({ javascript: false, partition: KIT_PARTITION, devTools: false }),
  });
  win.on('page-title-updated', (event) => event.preventDefault());

  let saved = false;
  const saveAsPdf = async (): Promise<void> => {
    const pdf = await win.webContents.printToPDF({ pageSize: 'A4', printBackground: true });
    const { canceled, filePath } = await dialog.showSaveDialog(win, {
      title: 'Save the recovery kit',
      defaultPath: path.join(app.getPath('documents'), 'Lifeboat recovery kit.pdf'),
      filters: [{ name: 'PDF', extensions: ['pdf'] }],
    });
    if (canceled || !filePath) return;
    await writeFile(filePath, pdf, { mode: 0o600 });
    saved = true;
    options.log.info('recovery kit saved as PDF');
  };
  const save = (): void =>
    void saveAsPdf().catch((error: unknown) => dialog.showErrorBox('The recovery kit could not be saved', error instanceof Error ? error.message : String(error)));

  const menu = Menu.buildFromTemplate(
    kitMenuTemplate(isMac, {
      saveAsPdf: save,
      print: () => win.webContents.print({ printBackground: true }),
      close: () => win.close(),
    }),
  );
  if (isMac) {
    win.on('focus', () => Menu.setApplicationMenu(menu));
    win.on('blur', () => Menu.setApplicationMenu(options.appMenu));
    win.on('closed', () => Menu.setApplicationMenu(options.appMenu));
  } else {
    win.setMenu(menu);
  }

  // Closing before saving loses the kit for good: ask once.
  win.on('close', (event) => {
    if (saved) return;
    const choice = dialog.showMessageBoxSync(win, {
      type: 'warning',
      buttons: ['Save as PDF…', 'Close without saving'],
      defaultId: 0,
      cancelId: 0,
      message: 'Save the recovery kit first?',
      detail: 'Without it, a lost or broken computer means backups nobody can read. It cannot be shown again.',
    });
    if (choice === 0) {
      event.preventDefault();
      save();
    }
  });

  win.webContents.once('did-finish-load', () => void win.webContents.insertCSS(kitScreenHintCss(isMac)));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`);
  return win;
}
