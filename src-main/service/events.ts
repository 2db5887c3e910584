// The service's event bus: typed events to any number of listeners, each with its disposer.
// A listener that throws is logged and never disturbs the others or the emitter.
import type { ApiEventName, ApiEvents } from '../../src-shared/api';
import type { Logger } from '../log';

type Listener<E extends ApiEventName> = (payload: ApiEvents[E]) => void;

export class EventBus {
  private readonly listeners = new Map<ApiEventName, Set<Listener<ApiEventName>>>();

  constructor(private readonly log: Logger) {}

  on<E extends ApiEventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    const stored = listener as Listener<ApiEventName>;
    set.add(stored);
    return () => void set.delete(stored);
  }

  emit<E extends ApiEventName>(event: E, payload: ApiEvents[E]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      try {
        listener(payload);
      } catch (error) {
        this.log.warn('event listener failed', { event, error: (error as Error).message });
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
