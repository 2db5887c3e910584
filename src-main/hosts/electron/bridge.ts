// The preload's logic, without electron: `window.lifeboat` as a function of an
// ipcRenderer-like object. Only API methods reach main, events arrive without the Electron
// event object, every subscription returns its disposer, and nothing else is exposed.
import { API_EVENT_NAMES, EVENT_CHANNEL, methodChannel, PICK_FILE_CHANNEL, PICK_FOLDER_CHANNEL, type LifeboatBridge, type PickFolderEnvelope } from './channels';

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

const EVENT_NAMES: ReadonlySet<string> = new Set(API_EVENT_NAMES);

export function createBridge(ipc: IpcRendererLike, methods: readonly string[]): LifeboatBridge {
  const allowed = new Set(methods);
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  // One IPC listener for every subscription (no MaxListeners warnings, one place to filter).
  const dispatch = (_event: unknown, message: unknown): void => {
    if (typeof message !== 'object' || message === null) return;
    const { event, payload } = message as { event?: unknown; payload?: unknown };
    if (typeof event !== 'string') return;
    for (const listener of [...(listeners.get(event) ?? [])]) {
      try {
        listener(payload);
      } catch (error) {
        // One failing screen must not starve the others; the error still reaches the console.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  };
  let attached = false;
  const subscriptionCount = (): number => [...listeners.values()].reduce((n, set) => n + set.size, 0);

  const pick = async (channel: string): Promise<string | null> => {
    const envelope = (await ipc.invoke(channel)) as PickFolderEnvelope;
    // Only the message survives contextBridge; a dialog's failure needs no more.
    if ('error' in envelope) throw new Error(envelope.error.message);
    return envelope.result.path;
  };
  const bridge = {
    call(method: string, request: unknown): Promise<unknown> {
      if (typeof method !== 'string' || !allowed.has(method)) return Promise.reject(new Error(`Unknown Lifeboat API method: ${String(method)}`));
      return ipc.invoke(methodChannel(method as never), request);
    },
    on(event: string, listener: (payload: unknown) => void): () => void {
      if (typeof event !== 'string' || !EVENT_NAMES.has(event)) throw new Error(`Unknown Lifeboat event: ${String(event)}`);
      if (typeof listener !== 'function') throw new Error('The listener must be a function');
      // A fresh wrapper per subscription: subscribing the same function twice needs two disposers.
      const wrapper = (payload: unknown): void => listener(payload);
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(wrapper);
      if (!attached) {
        ipc.on(EVENT_CHANNEL, dispatch);
        attached = true;
      }
      let disposed = false;
      return () => {
        if (disposed) return;
        disposed = true;
        listeners.get(event)?.delete(wrapper);
        if (attached && subscriptionCount() === 0) {
          ipc.removeListener(EVENT_CHANNEL, dispatch);
          attached = false;
        }
      };
    },
    pickFolder: () => pick(PICK_FOLDER_CHANNEL),
    pickFile: () => pick(PICK_FILE_CHANNEL),
  };
  return bridge as LifeboatBridge;
}

