// Loads one API method's result and keeps it fresh: it reloads when `deps` change and, quietly
// (keeping what is on screen), when the core says something changed.
import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import type { ApiEvents, ApiMethod, ApiRequest, ApiResponse } from '../../src-shared/api';
import { useApi } from './api-context';
import { ApiError, toApiError } from './api-error';
import { useEvent } from './use-event';

export type ChangedKind = ApiEvents['changed']['what'];

export interface QueryOptions {
  /** Which `changed` events reload the query: all by default, or a list, or none. */
  refreshOn?: ReadonlyArray<ChangedKind> | 'never';
}

export interface QueryState<T> {
  data: T | undefined;
  error: ApiError | null;
  /** True while a request is out (first load, new deps or a refresh). */
  loading: boolean;
  refresh: () => void;
}

function sameDeps(a: DependencyList | undefined, b: DependencyList): boolean {
  return a !== undefined && a.length === b.length && a.every((value, i) => Object.is(value, b[i]));
}

/** `request` null skips the call (for example until a required choice is made). */
export function useApiQuery<M extends ApiMethod>(
  method: M,
  request: ApiRequest<M> | null,
  deps: DependencyList,
  options: QueryOptions = {},
): QueryState<ApiResponse<M>> {
  const api = useApi();
  const [tick, setTick] = useState(0);
  const [state, setState] = useState<{ data: ApiResponse<M> | undefined; error: ApiError | null; loading: boolean }>({
    data: undefined,
    error: null,
    loading: request !== null,
  });
  const requestRef = useRef(request);
  requestRef.current = request;
  const lastDeps = useRef<DependencyList | undefined>(undefined);
  const enabled = request !== null;

  useEffect(() => {
    // New deps mean a different question: drop the old answer. A refresh keeps it on screen.
    const fresh = !sameDeps(lastDeps.current, deps);
    lastDeps.current = deps;
    const current = requestRef.current;
    if (current === null) {
      setState({ data: undefined, error: null, loading: false });
      return;
    }
    let live = true;
    setState((s) => (fresh ? { data: undefined, error: null, loading: true } : { ...s, loading: true }));
    api.call(method, current).then(
      (data) => {
        if (live) setState({ data, error: null, loading: false });
      },
      (error: unknown) => {
        if (live) setState((s) => ({ data: fresh ? undefined : s.data, error: toApiError(error), loading: false }));
      },
    );
    return () => {
      live = false;
    };
    // The caller's deps describe the request (it is read from a ref so an inline object is fine).
  }, [api, method, tick, enabled, ...deps]);

  const refresh = useCallback(() => setTick((t) => t + 1), []);
  const refreshOn = options.refreshOn;
  useEvent('changed', ({ what }) => {
    if (refreshOn === 'never') return;
    if (refreshOn === undefined || refreshOn.includes(what)) refresh();
  });

  // Between a deps change and its effect, the old answer belongs to the old question: report
  // "loading, no data" right away so callers never act on a stale result for one render.
  const stale = !sameDeps(lastDeps.current, deps);
  if (stale) return { data: undefined, error: null, loading: enabled, refresh };
  return { ...state, refresh };
}
