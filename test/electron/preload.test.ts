import { beforeEach, describe, expect, it, vi } from 'vitest';
import { API_METHODS } from '../../src-shared/api';
import { createBridge, type IpcRendererLike } from '../../src-main/hosts/electron/bridge';
import { API_METHOD_NAMES, EVENT_CHANNEL } from '../../src-main/hosts/electron/channels';

type Listener = (event: unknown, ...args: unknown[]) => void;

function fakeIpcRenderer() {
  const listeners = new Map<string, Set<Listener>>();
  const ipc = {
    invoke: vi.fn(async (channel: string, ...args: unknown[]): Promise<unknown> => ({ result: { channel, args } })),
    on: vi.fn((channel: string, listener: Listener) => {
      listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener));
      return ipc;
    }),
    removeListener: vi.fn((channel: string, listener: Listener) => {
      listeners.get(channel)?.delete(listener);
      return ipc;
    }),
  };
  const emit = (message: unknown) => listeners.get(EVENT_CHANNEL)?.forEach((l) => l({ sender: 'electron event object' }, message));
  const count = () => listeners.get(EVENT_CHANNEL)?.size ?? 0;
  return { ipc: ipc satisfies IpcRendererLike, emit, count };
}

describe('API_METHOD_NAMES', () => {
  it('is exactly the contract’s API_METHODS (the preload carries the names, not the zod schemas)', () => {
    expect([...API_METHOD_NAMES].sort()).toEqual([...API_METHODS].sort());
  });
});

describe('createBridge', () => {
  it('invokes lifeboat:<method> for API methods only', async () => {
    const { ipc } = fakeIpcRenderer();
    const bridge = createBridge(ipc, API_METHODS);
    await expect(bridge.call('jobs.runNow', { name: 'nightly' })).resolves.toEqual({ result: { channel: 'lifeboat:jobs.runNow', args: [{ name: 'nightly' }] } });
    for (const method of ['shell.openExternal', 'fs.readFile', '__proto__', 'constructor', 'pickFolder', 'event']) {
      await expect(bridge.call(method as never, {} as never)).rejects.toThrow(/Unknown Lifeboat API method/);
    }
    await expect(bridge.call(42 as never, {} as never)).rejects.toThrow();
    expect(ipc.invoke).toHaveBeenCalledTimes(1);
  });

  it('delivers events to their listeners without the Electron event object, with working disposers', () => {
    const { ipc, emit, count } = fakeIpcRenderer();
    const bridge = createBridge(ipc, API_METHODS);
    const tray = vi.fn();
    const work = vi.fn();
    const offTray = bridge.on('tray', tray);
    const offWork = bridge.on('work', work);
    expect(count()).toBe(1); // one IPC listener, whatever the number of subscriptions
    emit({ event: 'tray', payload: { state: 'ok', tooltip: 'All good' } });
    emit({ event: 'work', payload: { work: [] } });
    emit('garbage');
    emit(null);
    expect(tray.mock.calls).toEqual([[{ state: 'ok', tooltip: 'All good' }]]);
    expect(work.mock.calls).toEqual([[{ work: [] }]]);
    offTray();
    offTray();
    emit({ event: 'tray', payload: { state: 'error', tooltip: 'x' } });
    expect(tray).toHaveBeenCalledTimes(1);
    expect(count()).toBe(1);
    offWork();
    expect(count()).toBe(0);
  });

  it('keeps delivering to other listeners when one throws', () => {
    const { ipc, emit } = fakeIpcRenderer();
    const bridge = createBridge(ipc, API_METHODS);
    const good = vi.fn();
    bridge.on('changed', () => {
      throw new Error('screen bug');
    });
    bridge.on('changed', good);
    // The failure is rethrown asynchronously (to the console), not swallowed.
    const rethrown: unknown[] = [];
    vi.stubGlobal('queueMicrotask', (task: () => void) => {
      try {
        task();
      } catch (error) {
        rethrown.push(error);
      }
    });
    try {
      emit({ event: 'changed', payload: { what: 'jobs' } });
    } finally {
      vi.unstubAllGlobals();
    }
    expect(good).toHaveBeenCalledWith({ what: 'jobs' });
    expect(rethrown.map((error) => (error as Error).message)).toEqual(['screen bug']);
  });

  it('refuses unknown events and non-function listeners', () => {
    const { ipc } = fakeIpcRenderer();
    const bridge = createBridge(ipc, API_METHODS);
    expect(() => bridge.on('ipc' as never, () => {})).toThrow(/Unknown Lifeboat event/);
    expect(() => bridge.on('tray', 'alert(1)' as never)).toThrow(/function/);
  });

  it('asks main for a folder through lifeboat:pickFolder: a path, null when cancelled, an Error on failure', async () => {
    const { ipc } = fakeIpcRenderer();
    const bridge = createBridge(ipc, API_METHODS);
    ipc.invoke.mockResolvedValueOnce({ result: { path: '/mnt/nas' } });
    await expect(bridge.pickFolder()).resolves.toBe('/mnt/nas');
    expect(ipc.invoke).toHaveBeenCalledWith('lifeboat:pickFolder');
    ipc.invoke.mockResolvedValueOnce({ result: { path: null } });
    await expect(bridge.pickFolder()).resolves.toBeNull();
    ipc.invoke.mockResolvedValueOnce({ error: { code: 'INTERNAL', title: 'Unexpected error', message: 'no display' } });
    await expect(bridge.pickFolder()).rejects.toThrow('no display');
  });

  it('asks main for a backup file through lifeboat:pickFile', async () => {
    const { ipc } = fakeIpcRenderer();
    const bridge = createBridge(ipc, API_METHODS);
    ipc.invoke.mockResolvedValueOnce({ result: { path: '/mnt/usb/shop.dump.zst.age' } });
    await expect(bridge.pickFile()).resolves.toBe('/mnt/usb/shop.dump.zst.age');
    expect(ipc.invoke).toHaveBeenCalledWith('lifeboat:pickFile');
  });
});

const exposed: Record<string, unknown> = {};
const ipcRenderer = { invoke: vi.fn(async (_channel: string, ..._args: unknown[]) => ({ result: {} })), on: vi.fn(), removeListener: vi.fn(), send: vi.fn(), sendSync: vi.fn() };
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void (exposed[key] = api) },
  ipcRenderer,
}));

describe('preload', () => {
  beforeEach(async () => {
    vi.resetModules();
    for (const key of Object.keys(exposed)) delete exposed[key];
    await import('../../src-main/hosts/electron/preload');
  });

  it('exposes exactly window.lifeboat = { call, on, pickFolder, pickFile } and no ipcRenderer', () => {
    expect(Object.keys(exposed)).toEqual(['lifeboat']);
    const api = exposed.lifeboat as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(['call', 'on', 'pickFile', 'pickFolder']);
    expect(Object.values(api).every((value) => typeof value === 'function')).toBe(true);
    expect(Object.values(api)).not.toContain(ipcRenderer);
  });

  it('routes every API method through ipcRenderer.invoke and never send/sendSync', async () => {
    const api = exposed.lifeboat as { call(method: string, request: unknown): Promise<unknown> };
    for (const method of API_METHODS) await api.call(method, {});
    expect(ipcRenderer.invoke.mock.calls.map(([channel]) => channel)).toEqual(API_METHODS.map((m) => `lifeboat:${m}`));
    await expect(api.call('nope', {})).rejects.toThrow();
    expect(ipcRenderer.send).not.toHaveBeenCalled();
    expect(ipcRenderer.sendSync).not.toHaveBeenCalled();
  });
});
