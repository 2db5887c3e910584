// An in-memory LifeboatApi for component tests: handlers per method (a handler that throws an
// ApiError is a failing call), a log of every request, and emit() for events.
import type { ApiEventName, ApiEvents, ApiMethod, ApiRequest, ApiResponse, LifeboatApi } from '../../src-shared/api';
import { ERROR_TITLES, type ErrorCode } from '../../src-shared/errors';
import { ApiError } from '../api/api-error';

export type Handler<M extends ApiMethod> = (request: ApiRequest<M>) => ApiResponse<M> | Promise<ApiResponse<M>>;
export type Handlers = { [M in ApiMethod]?: Handler<M> };

const DEFAULTS: Handlers = {
  'app.info': () => ({ version: '0.1.0', dataDir: '/home/office/.config/Lifeboat', platform: 'linux', secretStore: 'Secret Service', pgTools: [{ version: '16.4', dir: '/usr/lib/postgresql/16/bin', source: 'system' }], host: 'serve' }),
  'settings.get': () => ({ settings: { theme: 'system', startAtLogin: false, metricsFile: null, pausedUntil: null, recoveryKitSaved: true } }),
  'jobs.list': () => ({ jobs: [] }),
  'destinations.list': () => ({ destinations: [] }),
  'work.list': () => ({ work: [] }),
  'dashboard.get': () => ({ jobs: [], tray: 'idle', recoveryKitSaved: true, chart: [], work: [], pausedUntil: null }),
  'schedule.preview': ({ schedule }) => ({ description: `preview of ${JSON.stringify(schedule.spec)}`, nextRuns: ['2030-01-01T02:00:00.000Z'] }),
  'activity.list': () => ({ entries: [] }),
  'backups.list': () => ({ rows: [], total: 0 }),
};

export class FakeApi implements LifeboatApi {
  readonly calls: Array<{ method: ApiMethod; request: unknown }> = [];
  private readonly listeners = new Map<ApiEventName, Set<(payload: never) => void>>();

  constructor(private readonly handlers: Handlers = {}) {}

  set<M extends ApiMethod>(method: M, handler: Handler<M>): this {
    (this.handlers as Record<string, unknown>)[method] = handler;
    return this;
  }

  async call<M extends ApiMethod>(method: M, request: ApiRequest<M>): Promise<ApiResponse<M>> {
    this.calls.push({ method, request });
    const handler = (this.handlers[method] ?? DEFAULTS[method]) as Handler<M> | undefined;
    if (!handler) throw apiError('INTERNAL', `The fake API has no handler for ${method}.`);
    // A microtask later, like a real transport.
    await Promise.resolve();
    return handler(request);
  }

  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  emit<E extends ApiEventName>(event: E, payload: ApiEvents[E]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) (listener as (p: ApiEvents[E]) => void)(payload);
  }

  /** Requests sent to one method, in order. */
  requests<M extends ApiMethod>(method: M): Array<ApiRequest<M>> {
    return this.calls.filter((c) => c.method === method).map((c) => c.request as ApiRequest<M>);
  }
}

export function apiError(code: ErrorCode, message: string, fix?: string, details?: Record<string, string>): ApiError {
  return new ApiError({ code, title: ERROR_TITLES[code], message, ...(fix ? { fix } : {}), ...(details ? { details } : {}) });
}
