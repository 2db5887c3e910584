import { describe, expect, it, vi } from 'vitest';
import { API_METHODS, type ApiEventName, type ApiEvents } from '../../src-shared/api';
import { LifeboatError } from '../../src-shared/errors';
import { isAppUrl } from '../../src-main/hosts/electron/app-origin';
import { EVENT_CHANNEL, PICK_FILE_CHANNEL, PICK_FOLDER_CHANNEL } from '../../src-main/hosts/electron/channels';
import { forwardServiceEvents, registerIpc, trustedSender, type IpcInvokeEventLike, type IpcMainLike } from '../../src-main/hosts/electron/ipc';
import type { LifeboatService } from '../../src-main/service/service-types';

type Handler = (event: IpcInvokeEventLike, ...args: unknown[]) => unknown;

function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  const ipcMain: IpcMainLike = {
    handle(channel, listener) {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => void handlers.delete(channel),
  };
  return { ipcMain, handlers };
}

const mainContents = { id: 1 };
const mainFrame = { url: 'app://lifeboat/index.html', parent: null };
const fromWindow: IpcInvokeEventLike = { sender: mainContents, senderFrame: mainFrame };

function setup(call: LifeboatService['call'] = (async (method: string) => ({ result: { method } })) as never) {
  const { ipcMain, handlers } = fakeIpcMain();
  const service = { call: vi.fn(call) };
  const asService = service as unknown as Pick<LifeboatService, 'call'>;
  const pickFolder = vi.fn(async (): Promise<string | null> => '/mnt/nas/backups');
  const pickFile = vi.fn(async (): Promise<string | null> => '/mnt/nas/old/shop.sql.gz');
  const refused: string[] = [];
  const dispose = registerIpc({
    ipcMain,
    service: asService,
    isTrustedSender: trustedSender(() => mainContents, isAppUrl),
    pickFolder,
    pickFile,
    onRefused: (channel, url) => refused.push(`${channel} ${url}`),
  });
  const invoke = (channel: string, event: IpcInvokeEventLike, payload?: unknown) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return Promise.resolve(handler(event, payload));
  };
  return { handlers, service, pickFolder, pickFile, refused, dispose, invoke };
}

describe('registerIpc', () => {
  it('registers one lifeboat:<method> handler per API method, plus the folder and file pickers', () => {
    const { handlers } = setup();
    expect([...handlers.keys()].sort()).toEqual([...API_METHODS.map((m) => `lifeboat:${m}`), PICK_FOLDER_CHANNEL, PICK_FILE_CHANNEL].sort());
    expect(handlers.size).toBe(API_METHODS.length + 2);
  });

  it('passes payloads untouched to service.call and returns its envelope', async () => {
    const { service, invoke } = setup(async () => ({ result: { jobs: [] } }) as never);
    const payload = { name: 'nightly', extra: { nested: [1, 2] } };
    expect(await invoke('lifeboat:jobs.runNow', fromWindow, payload)).toEqual({ result: { jobs: [] } });
    expect(service.call).toHaveBeenCalledWith('jobs.runNow', payload);
  });

  it('returns error envelopes from the service as they are (validation happens there)', async () => {
    const error = { code: 'BAD_INPUT', title: 'The request is not valid', message: 'name: Required' };
    const { invoke } = setup(async () => ({ error }) as never);
    expect(await invoke('lifeboat:jobs.get', fromWindow, {})).toEqual({ error });
  });

  it('turns a throwing service into an error envelope instead of a rejected invoke', async () => {
    const { invoke } = setup(async () => {
      throw new LifeboatError('CATALOG_FAILED', 'The catalog is locked', { fix: 'Close the other Lifeboat.' });
    });
    expect(await invoke('lifeboat:dashboard.get', fromWindow, {})).toEqual({
      error: { code: 'CATALOG_FAILED', title: 'The backup catalog could not be opened', message: 'The catalog is locked', fix: 'Close the other Lifeboat.' },
    });
    const plain = setup(async () => {
      throw new TypeError('boom');
    });
    expect(await plain.invoke('lifeboat:app.info', fromWindow, {})).toMatchObject({ error: { code: 'INTERNAL', message: 'boom' } });
  });

  it.each([
    ['another webContents', { sender: { id: 2 }, senderFrame: mainFrame }],
    ['a sub-frame of the window', { sender: mainContents, senderFrame: { url: 'app://lifeboat/index.html', parent: mainFrame } }],
    ['a page at another origin', { sender: mainContents, senderFrame: { url: 'https://evil.example/', parent: null } }],
    ['a file: page', { sender: mainContents, senderFrame: { url: 'file:///tmp/x.html', parent: null } }],
    ['a destroyed frame', { sender: mainContents, senderFrame: null }],
  ])('refuses a call from %s without reaching the service', async (_what, event) => {
    const { service, invoke, refused, pickFolder } = setup();
    expect(await invoke('lifeboat:settings.set', event as IpcInvokeEventLike, { startAtLogin: true })).toMatchObject({ error: { code: 'INTERNAL', message: expect.stringContaining('Refused') } });
    expect(await invoke(PICK_FOLDER_CHANNEL, event as IpcInvokeEventLike)).toMatchObject({ error: { code: 'INTERNAL' } });
    expect(service.call).not.toHaveBeenCalled();
    expect(pickFolder).not.toHaveBeenCalled();
    expect(refused).toHaveLength(2);
  });

  it('answers the folder picker with a path or null', async () => {
    const { invoke, pickFolder } = setup();
    expect(await invoke(PICK_FOLDER_CHANNEL, fromWindow)).toEqual({ result: { path: '/mnt/nas/backups' } });
    pickFolder.mockResolvedValueOnce(null);
    expect(await invoke(PICK_FOLDER_CHANNEL, fromWindow)).toEqual({ result: { path: null } });
    pickFolder.mockRejectedValueOnce(new Error('no display'));
    expect(await invoke(PICK_FOLDER_CHANNEL, fromWindow)).toMatchObject({ error: { code: 'INTERNAL', message: 'no display' } });
  });

  it('opens the native file dialog for "Open a backup file" through its own channel, only for the window', async () => {
    const { invoke, pickFile, refused } = setup();
    expect(await invoke(PICK_FILE_CHANNEL, fromWindow)).toEqual({ result: { path: '/mnt/nas/old/shop.sql.gz' } });
    pickFile.mockResolvedValueOnce(null);
    expect(await invoke(PICK_FILE_CHANNEL, fromWindow)).toEqual({ result: { path: null } });
    const stranger = { sender: { id: 2 }, senderFrame: { url: 'https://evil.example/', parent: null } };
    expect(await invoke(PICK_FILE_CHANNEL, stranger)).toMatchObject({ error: { code: 'INTERNAL' } });
    expect(pickFile).toHaveBeenCalledTimes(2);
    expect(refused.at(-1)).toBe('lifeboat:pickFile https://evil.example/');
  });

  it('removes every handler it registered', () => {
    const { handlers, dispose } = setup();
    dispose();
    expect(handlers.size).toBe(0);
  });
});

describe('forwardServiceEvents', () => {
  it('sends every service event on lifeboat:event as { event, payload }, until disposed', () => {
    const listeners = new Map<string, Set<(payload: unknown) => void>>();
    const service = {
      on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void) {
        const set = listeners.get(event) ?? new Set();
        listeners.set(event, set);
        set.add(listener as (payload: unknown) => void);
        return () => void set.delete(listener as (payload: unknown) => void);
      },
    };
    const sent: unknown[] = [];
    const dispose = forwardServiceEvents(service, (channel, message) => sent.push([channel, message]));
    expect([...listeners.keys()].sort()).toEqual(['changed', 'tray', 'work']);
    const emit = (event: string, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload));
    emit('tray', { state: 'error', tooltip: 'nightly failed' });
    emit('changed', { what: 'jobs' });
    expect(sent).toEqual([
      [EVENT_CHANNEL, { event: 'tray', payload: { state: 'error', tooltip: 'nightly failed' } }],
      [EVENT_CHANNEL, { event: 'changed', payload: { what: 'jobs' } }],
    ]);
    dispose();
    emit('work', { work: [] });
    expect(sent).toHaveLength(2);
    expect([...listeners.values()].every((set) => set.size === 0)).toBe(true);
  });
});
