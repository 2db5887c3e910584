// Renders a component inside the API provider with a fake API, and sets up what jsdom lacks.
import { cleanup, render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { afterEach } from 'vitest';
import { ApiProvider } from '../api/api-context';
import type { ApiHost } from '../api/transport';
import { FakeApi } from './fake-api';

// jsdom has no ResizeObserver (recharts and the virtualiser use it when present).
if (!('ResizeObserver' in globalThis)) {
  class NoResize {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  }
  (globalThis as unknown as { ResizeObserver: typeof NoResize }).ResizeObserver = NoResize;
}

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

export function renderWithApi(ui: ReactElement, api: FakeApi = new FakeApi(), host: Partial<Omit<ApiHost, 'api'>> = {}): RenderResult & { api: FakeApi } {
  const value: ApiHost = { api, pickFolder: host.pickFolder ?? null, pickFile: host.pickFile ?? null };
  return { ...render(<ApiProvider host={value}>{ui}</ApiProvider>), api };
}
