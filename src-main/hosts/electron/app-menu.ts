// The application menu: standard roles only (macOS needs Edit for copy/paste shortcuts in
// text fields); reload and DevTools only in development.
import type { MenuItemConstructorOptions } from 'electron';

export function appMenuTemplate(options: { isMac: boolean; isDev: boolean }): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions = options.isDev
    ? { role: 'viewMenu' }
    : { label: 'View', submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }] };
  return [...(options.isMac ? [{ role: 'appMenu' } as const] : []), { role: 'fileMenu' }, { role: 'editMenu' }, view, { role: 'windowMenu' }];
}
