// Cancelling work whose reader has no abort signal of its own (verify, import): the stream it
// reads is destroyed, which fails the reader with CANCELLED.
import type { Readable } from 'node:stream';
import { LifeboatError } from '../../src-shared/errors';

export function abortable<S extends { open(): Promise<Readable> }>(source: S, signal: AbortSignal): S {
  return {
    ...source,
    open: async () => {
      signal.throwIfAborted();
      const stream = await source.open();
      const stop = () => stream.destroy(new LifeboatError('CANCELLED', 'The work was cancelled.'));
      if (signal.aborted) stop();
      else signal.addEventListener('abort', stop, { once: true });
      stream.once('close', () => signal.removeEventListener('abort', stop));
      return stream;
    },
  };
}

