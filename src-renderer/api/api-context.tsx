// Hands the API (and host capabilities) to every screen without them knowing the transport.
import { createContext, useContext, type ReactNode } from 'react';
import type { LifeboatApi } from '../../src-shared/api';
import type { ApiHost } from './transport';

const HostContext = createContext<ApiHost | null>(null);

export function ApiProvider({ host, children }: { host: ApiHost; children: ReactNode }) {
  return <HostContext.Provider value={host}>{children}</HostContext.Provider>;
}

export function useHost(): ApiHost {
  const host = useContext(HostContext);
  if (!host) throw new Error('useHost() needs an <ApiProvider> above it.');
  return host;
}

export function useApi(): LifeboatApi {
  return useHost().api;
}
