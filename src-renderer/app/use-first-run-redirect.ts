// Opens the guided setup when there is no job yet and the user did not ask for a specific page.
import { useEffect, useRef } from 'react';
import { useApi } from '../api/api-context';
import { navigate } from './routes';

export function useFirstRunRedirect(): void {
  const api = useApi();
  const checked = useRef(false);
  useEffect(() => {
    if (checked.current) return;
    checked.current = true;
    const startHash = window.location.hash;
    api.call('jobs.list', {}).then(
      ({ jobs }) => {
        const untouched = window.location.hash === startHash;
        const atHome = startHash === '' || startHash === '#' || startHash === '#/' || startHash === '#/dashboard';
        if (jobs.length === 0 && untouched && atHome) navigate({ name: 'welcome' });
      },
      // The dashboard shows the same error with a retry; nothing to add here.
      () => undefined,
    );
  }, [api]);
}
