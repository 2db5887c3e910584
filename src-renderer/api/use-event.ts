// Subscribes to one API event for the component's lifetime. The latest listener is always called,
// so callers can pass inline functions without resubscribing on every render.
import { useEffect, useLayoutEffect, useRef } from 'react';
import type { ApiEventName, ApiEvents } from '../../src-shared/api';
import { useApi } from './api-context';

export function useEvent<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): void {
  const api = useApi();
  const latest = useRef(listener);
  useLayoutEffect(() => {
    latest.current = listener;
  });
  useEffect(() => api.on(event, (payload) => latest.current(payload)), [api, event]);
}
