// "Start at login (in the tray)": macOS and Windows through app.setLoginItemSettings, Linux
// through an XDG autostart entry (Electron has no login items there). The app starts with
// --hidden, i.e. in the tray without its window.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const HIDDEN_FLAG = '--hidden';

export interface LoginItemHost {
  platform: NodeJS.Platform;
  /** A development build would register the bare Electron binary: never done. */
  isPackaged: boolean;
  setLoginItemSettings(settings: { openAtLogin: boolean; args: string[] }): void;
  /** The command to autostart on Linux: $APPIMAGE for an AppImage, else the executable. */
  executable: string;
  /** $XDG_CONFIG_HOME or ~/.config. */
  configHome: string;
}

/** Exec= quoting of the Desktop Entry spec: quote, escape " ` $ \, then escape \ and % for the key's value. */
export function desktopExecArg(arg: string): string {
  const quoted = /[\s"'`$\\<>~|&;*?#()]/.test(arg) ? `"${arg.replace(/["`$\\]/g, '\\$&')}"` : arg;
  return quoted.replace(/\\/g, '\\\\').replace(/%/g, '%%');
}

export function linuxAutostartEntry(executable: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Lifeboat',
    'Comment=PostgreSQL backups in the tray',
    `Exec=${desktopExecArg(executable)} ${HIDDEN_FLAG}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export function linuxAutostartFile(configHome: string): string {
  return path.join(configHome, 'autostart', 'lifeboat.desktop');
}

/** Applies the setting; returns false when nothing was done (development build). */
export async function applyStartAtLogin(host: LoginItemHost, openAtLogin: boolean): Promise<boolean> {
  if (!host.isPackaged) return false;
  if (host.platform === 'linux') {
    const file = linuxAutostartFile(host.configHome);
    if (openAtLogin) {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, linuxAutostartEntry(host.executable), { mode: 0o644 });
    } else {
      await rm(file, { force: true });
    }
    return true;
  }
  host.setLoginItemSettings({ openAtLogin, args: [HIDDEN_FLAG] });
  return true;
}
