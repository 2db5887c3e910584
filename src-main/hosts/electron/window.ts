// The main window: sandboxed and isolated (security.ts), the UI from app://lifeboat/, hidden
// rather than closed (the tray keeps Lifeboat running) until the app really quits.
import { BrowserWindow, nativeTheme } from 'electron';
import { APP_ENTRY_URL } from './app-origin';
import { secureWebPreferences } from './security';

export interface MainWindowOptions {
  preload: string;
  icon: string;
  /** False when started at login with --hidden. */
  show: boolean;
  /** True once the user chose Quit: closing then really closes. */
  isQuitting(): boolean;
  isDev: boolean;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1200,
    height: 820,
    minWidth: 880,
    minHeight: 560,
    show: false,
    title: 'Lifeboat',
    icon: options.icon,
    autoHideMenuBar: true,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#1b1d21' : '#ffffff',
    webPreferences: secureWebPreferences({ preload: options.preload, devTools: options.isDev }),
  });
  win.on('close', (event) => {
    if (options.isQuitting()) return;
    event.preventDefault();
    win.hide();
  });
  if (options.show) win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_ENTRY_URL);
  return win;
}
