// Runs a user-triggered call (save, test, cancel…) and tracks pending / error / result, so each
// button can show "Working…" and its own ErrorPanel. `run` never throws: it resolves undefined
// on failure and the error is in state.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, toApiError } from './api-error';

export interface ActionState<T> {
  pending: boolean;
  error: ApiError | null;
  result: T | undefined;
}

export interface Action<A extends unknown[], T> extends ActionState<T> {
  run: (...args: A) => Promise<T | undefined>;
  reset: () => void;
}

export function useAction<A extends unknown[], T>(fn: (...args: A) => Promise<T>): Action<A, T> {
  const [state, setState] = useState<ActionState<T>>({ pending: false, error: null, result: undefined });
  const latest = useRef(fn);
  latest.current = fn;
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(async (...args: A): Promise<T | undefined> => {
    setState({ pending: true, error: null, result: undefined });
    try {
      const result = await latest.current(...args);
      if (mounted.current) setState({ pending: false, error: null, result });
      return result;
    } catch (error) {
      if (mounted.current) setState({ pending: false, error: toApiError(error), result: undefined });
      return undefined;
    }
  }, []);
  const reset = useCallback(() => setState({ pending: false, error: null, result: undefined }), []);
  return { ...state, run, reset };
}
