// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import type { ApiEvents } from '../../src-shared/api';
import { ApiError } from './api-error';
import type { LifeboatBridge } from './bridge';
import { createBridgeApi, createHost, createHttpApi } from './transport';

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

class FakeEventSource {
  onmessage: ((m: MessageEvent<string>) => void) | null = null;
  onerror: (() => void) | null = null;
  onopen: (() => void) | null = null;
  constructor(readonly url: string) {}
  send(event: string, payload: unknown) {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify({ event, payload }) }));
  }
}

describe('HTTP transport', () => {
  it('POSTs JSON to /api/<method> and resolves the result', async () => {
    const fetch = vi.fn(async () => jsonResponse({ result: { removed: 'nas' } }));
    const api = createHttpApi({ fetch });
    await expect(api.call('destinations.remove', { name: 'nas' })).resolves.toEqual({ removed: 'nas' });
    expect(fetch).toHaveBeenCalledWith('/api/destinations.remove', expect.objectContaining({ method: 'POST', body: '{"name":"nas"}', credentials: 'same-origin' }));
  });

  it('throws an ApiError with the core’s code, message and fix', async () => {
    const error = { code: 'PG_AUTH_FAILED', title: 'PostgreSQL rejected the login', message: 'password authentication failed', fix: 'Check the password.' };
    const api = createHttpApi({ fetch: async () => jsonResponse({ error }, 400) });
    const failure = await api.call('connection.test', { host: 'db', user: 'u' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject(error);
  });

  it('explains a lost connection and an answer without an envelope', async () => {
    const offline = createHttpApi({ fetch: async () => Promise.reject(new TypeError('Failed to fetch')) });
    await expect(offline.call('jobs.list', {})).rejects.toMatchObject({ title: 'Lifeboat is not answering' });
    const proxy = createHttpApi({ fetch: async () => new Response('<html>Bad gateway</html>', { status: 502 }) });
    await expect(proxy.call('jobs.list', {})).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('HTTP 502') });
    const signedOut = createHttpApi({ fetch: async () => new Response('', { status: 401 }) });
    await expect(signedOut.call('jobs.list', {})).rejects.toMatchObject({ title: 'This page is no longer signed in' });
  });

  it('delivers server-sent events and asks for a refresh after a reconnect', async () => {
    let source: FakeEventSource | null = null;
    const fetch = vi.fn(async () => jsonResponse({ result: { work: [] } }));
    const api = createHttpApi({ fetch, eventSource: (url) => (source = new FakeEventSource(url)) as unknown as EventSource });
    const changed: Array<ApiEvents['changed']> = [];
    const work: Array<ApiEvents['work']> = [];
    const stop = api.on('changed', (p) => changed.push(p));
    api.on('work', (p) => work.push(p));
    expect(source!.url).toBe('/api/events');
    source!.send('changed', { what: 'jobs' });
    expect(changed).toEqual([{ what: 'jobs' }]);
    source!.onerror?.();
    source!.onopen?.();
    expect(changed.map((c) => c.what)).toEqual(['jobs', 'jobs', 'backups', 'settings', 'destinations']);
    await vi.waitFor(() => expect(work).toEqual([{ work: [] }]));
    stop();
    source!.send('changed', { what: 'jobs' });
    expect(changed).toHaveLength(5);
  });
});

describe('Electron bridge transport', () => {
  it('unwraps envelopes from the preload and is chosen when window.lifeboat exists', async () => {
    const bridge: LifeboatBridge = {
      call: vi.fn(async (method: string) => (method === 'jobs.list' ? { result: { jobs: [] } } : { error: { code: 'BAD_INPUT', title: 'x', message: 'bad', details: { field: 'name' } } })) as unknown as LifeboatBridge['call'],
      on: vi.fn(() => () => undefined),
      pickFolder: async () => '/mnt/nas',
      pickFile: async () => '/mnt/nas/shop.sql.gz',
    };
    const api = createBridgeApi(bridge);
    await expect(api.call('jobs.list', {})).resolves.toEqual({ jobs: [] });
    const error = (await api.call('jobs.get', { name: 'x' }).catch((e: unknown) => e)) as ApiError;
    expect(error.field).toBe('name');

    const host = createHost({ lifeboat: bridge } as unknown as Window);
    expect(host.pickFolder).not.toBeNull();
    await expect(host.pickFolder!()).resolves.toBe('/mnt/nas');
    await expect(host.pickFile!()).resolves.toBe('/mnt/nas/shop.sql.gz');
    expect(createHost({} as Window).pickFolder).toBeNull();
    expect(createHost({} as Window).pickFile).toBeNull();
  });
});
