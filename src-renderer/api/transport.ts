// The only code that knows where the UI runs. In Electron the preload bridge carries calls and
// events; in a browser (`lifeboat serve`) calls are POST /api/<method> (same origin, cookie auth)
// and events come over server-sent events. Both become the same LifeboatApi: `call` resolves the
// result or rejects with an ApiError.
import type { ApiEnvelope, ApiEventName, ApiEvents, ApiMethod, ApiRequest, ApiResponse, LifeboatApi } from '../../src-shared/api';
import { ApiError, errorFromWire } from './api-error';
import type { LifeboatBridge } from './bridge';

/** The API plus what only some hosts can do; screens check for the capability, not the host. */
export interface ApiHost {
  api: LifeboatApi;
  pickFolder: (() => Promise<string | null>) | null;
  pickFile: (() => Promise<string | null>) | null;
}

export function createHost(win: Window = window): ApiHost {
  const bridge = win.lifeboat;
  if (bridge) {
    const folder = bridge.pickFolder;
    const file = bridge.pickFile;
    return { api: createBridgeApi(bridge), pickFolder: folder ? () => folder.call(bridge) : null, pickFile: file ? () => file.call(bridge) : null };
  }
  return { api: createHttpApi(), pickFolder: null, pickFile: null };
}

function unwrap<M extends ApiMethod>(method: M, envelope: unknown): ApiResponse<M> {
  if (typeof envelope === 'object' && envelope !== null) {
    if ('error' in envelope) throw errorFromWire((envelope as { error: unknown }).error);
    if ('result' in envelope) return (envelope as { result: ApiResponse<M> }).result;
  }
  throw new ApiError({
    code: 'INTERNAL',
    title: 'Lifeboat gave an answer this window does not understand',
    message: `The answer to "${method}" had neither a result nor an error.`,
    fix: 'Restart Lifeboat. If it keeps happening, the window and the service may be different versions.',
  });
}

export function createBridgeApi(bridge: LifeboatBridge): LifeboatApi {
  return {
    async call<M extends ApiMethod>(method: M, request: ApiRequest<M>): Promise<ApiResponse<M>> {
      let envelope: ApiEnvelope<M>;
      try {
        envelope = await bridge.call(method, request);
      } catch (error) {
        // The preload should never throw (errors travel as envelopes); if IPC itself broke, say so.
        throw new ApiError({
          code: 'INTERNAL',
          title: 'The Lifeboat window lost contact with the app',
          message: `The request "${method}" could not be delivered${error instanceof Error ? `: ${error.message}` : '.'}`,
          fix: 'Close this window and open Lifeboat again from the tray icon.',
        });
      }
      return unwrap(method, envelope);
    },
    on: (event, listener) => bridge.on(event, listener),
  };
}

export interface HttpApiOptions {
  /** Prefix before /api (empty: same origin, the normal case). */
  baseUrl?: string;
  fetch?: typeof fetch;
  eventSource?: (url: string) => EventSource;
}

type AnyListener = (payload: unknown) => void;
const CHANGED_KINDS: ReadonlyArray<ApiEvents['changed']['what']> = ['jobs', 'backups', 'settings', 'destinations'];

export function createHttpApi(options: HttpApiOptions = {}): LifeboatApi {
  const base = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const openSource = options.eventSource ?? ((url: string) => new EventSource(url));
  const listeners = new Map<ApiEventName, Set<AnyListener>>();
  let source: EventSource | null = null;
  let lostContact = false;

  function emit(event: ApiEventName, payload: unknown): void {
    for (const listener of [...(listeners.get(event) ?? [])]) listener(payload);
  }

  async function call<M extends ApiMethod>(method: M, request: ApiRequest<M>): Promise<ApiResponse<M>> {
    let response: Response;
    try {
      response = await doFetch(`${base}/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(request ?? {}),
        credentials: 'same-origin',
      });
    } catch {
      throw new ApiError({
        code: 'INTERNAL',
        title: 'Lifeboat is not answering',
        message: 'This page could not reach the Lifeboat service.',
        fix: 'Check that `lifeboat serve` is still running on the server, then reload this page.',
      });
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    if (typeof body === 'object' && body !== null && ('result' in body || 'error' in body)) return unwrap(method, body);
    if (response.status === 401 || response.status === 403) {
      throw new ApiError({
        code: 'INTERNAL',
        title: 'This page is no longer signed in',
        message: `Lifeboat refused the request (HTTP ${response.status}).`,
        fix: 'Open the address that `lifeboat serve` printed when it started, then try again.',
      });
    }
    throw new ApiError({
      code: 'INTERNAL',
      title: 'Lifeboat gave an answer this page does not understand',
      message: `The request "${method}" came back with HTTP ${response.status} and no result.`,
      fix: 'Reload the page. If it keeps happening, look at the log of `lifeboat serve`.',
    });
  }

  // One EventSource for all listeners, opened on first use. The browser reconnects by itself;
  // after a gap we may have missed events, so everyone is told to refresh.
  function ensureSource(): void {
    if (source) return;
    source = openSource(`${base}/api/events`);
    source.onmessage = (message: MessageEvent<string>) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(message.data);
      } catch {
        return;
      }
      if (typeof parsed !== 'object' || parsed === null) return;
      const { event, payload } = parsed as { event?: unknown; payload?: unknown };
      if (typeof event === 'string' && listeners.has(event as ApiEventName)) emit(event as ApiEventName, payload);
    };
    source.onerror = () => {
      lostContact = true;
    };
    source.onopen = () => {
      if (!lostContact) return;
      lostContact = false;
      for (const what of CHANGED_KINDS) emit('changed', { what });
      call('work.list', {}).then(
        (result) => emit('work', { work: result.work }),
        () => undefined,
      );
    };
  }

  return {
    call,
    on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
      ensureSource();
      const set = listeners.get(event) ?? new Set<AnyListener>();
      listeners.set(event, set);
      const wrapped = listener as AnyListener;
      set.add(wrapped);
      return () => {
        set.delete(wrapped);
      };
    },
  };
}
