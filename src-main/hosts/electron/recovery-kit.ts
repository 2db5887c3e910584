// The recovery kit's pure parts. The service hands hosts a kit id; Electron gives the renderer a
// `lifeboat-kit:<id>` marker URL, which window.open cannot load (every new window is denied)
// but the window-open handler recognises and turns into main's own kit window.
import type { MenuItemConstructorOptions } from 'electron';

const KIT_PREFIX = 'lifeboat-kit:';
/** An in-memory session of its own: the page holding the identity never touches the disk. */
export const KIT_PARTITION = 'recovery-kit';

export function recoveryKitUrl(kitId: string): string {
  return `${KIT_PREFIX}${encodeURIComponent(kitId)}`;
}

/** The kit id a marker URL names, or null for any other URL. */
export function kitIdFromUrl(url: string): string | null {
  if (!url.startsWith(KIT_PREFIX)) return null;
  try {
    const id = decodeURIComponent(url.slice(KIT_PREFIX.length));
    return id.length > 0 && id.length <= 200 ? id : null;
  } catch {
    return null;
  }
}

/** The kit page has no scripts (JavaScript is off in its window): the hint is CSS, on screen only, never in the PDF. */
export function kitScreenHintCss(isMac: boolean): string {
  const keys = isMac ? '⌘S' : 'Ctrl+S';
  const where = isMac ? 'File → Save as PDF…' : 'the File menu → Save as PDF…';
  return `@media screen { body::before { content: "Save this kit with ${where} (${keys}), or print it. It is shown only once."; display: block; margin: 0 0 16px; padding: 10px 14px; border-radius: 6px; background: #fff4ce; color: #3b2f00; font: 14px/1.4 system-ui, sans-serif; } }`;
}

export interface KitMenuActions {
  saveAsPdf(): void;
  print(): void;
  close(): void;
}

/** The kit window's menu: its own on Windows/Linux, the app menu while it has focus on macOS. */
export function kitMenuTemplate(isMac: boolean, actions: KitMenuActions): MenuItemConstructorOptions[] {
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'Save as PDF…', accelerator: 'CmdOrCtrl+S', click: () => actions.saveAsPdf() },
      { label: 'Print…', accelerator: 'CmdOrCtrl+P', click: () => actions.print() },
      { type: 'separator' },
      { label: 'Close', accelerator: 'CmdOrCtrl+W', click: () => actions.close() },
    ],
  };
  return isMac ? [{ role: 'appMenu' }, file, { role: 'editMenu' }, { role: 'windowMenu' }] : [file];
}
