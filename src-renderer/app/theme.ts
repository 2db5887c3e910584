// The theme is a data attribute on <html>; the CSS variables do the rest ("system" follows the
// operating system through prefers-color-scheme).
import type { Settings } from '../../src-shared/api';

export type Theme = Settings['theme'];

export function applyTheme(theme: Theme): void {
  document.documentElement.dataset['theme'] = theme;
}
