// Applies the saved theme at start and whenever settings change (from this window or the tray).
import { useEffect } from 'react';
import { useApiQuery } from '../api/use-api-query';
import { applyTheme } from './theme';

export function useSettingsTheme(): void {
  const settings = useApiQuery('settings.get', {}, [], { refreshOn: ['settings'] });
  const theme = settings.data?.settings.theme;
  useEffect(() => {
    if (theme) applyTheme(theme);
  }, [theme]);
}
