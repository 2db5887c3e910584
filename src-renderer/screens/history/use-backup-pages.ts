// The catalog seen through a window: pages of 100 rows are fetched as the table scrolls to them,
// so 100,000 backups cost only the pages actually looked at. A new filter starts over; a
// "backups changed" event reloads just the pages on screen.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { BackupFilter } from '../../../src-shared/api';
import type { BackupRecord } from '../../../src-shared/types';
import { useApi } from '../../api/api-context';
import { toApiError, type ApiError } from '../../api/api-error';
import { useEvent } from '../../api/use-event';

export const PAGE_SIZE = 100;

export type HistoryFilter = Omit<BackupFilter, 'offset' | 'limit'>;

interface PagesState {
  key: string;
  total: number | null;
  pages: ReadonlyMap<number, BackupRecord[]>;
  error: ApiError | null;
}

export interface BackupPages {
  total: number | null;
  error: ApiError | null;
  rowAt: (index: number) => BackupRecord | undefined;
  /** Call with the visible row range; missing pages are fetched. */
  ensureRange: (first: number, last: number) => void;
  retry: () => void;
}

export function useBackupPages(filter: HistoryFilter): BackupPages {
  const api = useApi();
  const key = JSON.stringify(filter);
  const [state, setState] = useState<PagesState>({ key, total: null, pages: new Map(), error: null });
  const generation = useRef(0);
  const inFlight = useRef(new Set<number>());
  const visible = useRef<[number, number]>([0, 0]);
  const loaded = useRef<ReadonlyMap<number, BackupRecord[]>>(state.pages);
  loaded.current = state.key === key ? state.pages : new Map();

  const loadPage = useCallback(
    (page: number, force = false) => {
      if (inFlight.current.has(page) || (!force && loaded.current.has(page))) return;
      const gen = generation.current;
      inFlight.current.add(page);
      const request = { ...(JSON.parse(key) as HistoryFilter), offset: page * PAGE_SIZE, limit: PAGE_SIZE };
      api.call('backups.list', request).then(
        (result) => {
          if (gen !== generation.current) return;
          inFlight.current.delete(page);
          setState((s) => ({ key, total: result.total, pages: new Map(s.key === key ? s.pages : []).set(page, result.rows), error: null }));
        },
        (error: unknown) => {
          if (gen !== generation.current) return;
          inFlight.current.delete(page);
          setState((s) => ({ ...s, key, error: toApiError(error) }));
        },
      );
    },
    [api, key],
  );

  // New filter: forget everything and fetch the first page.
  useEffect(() => {
    generation.current += 1;
    inFlight.current = new Set();
    visible.current = [0, 0];
    setState({ key, total: null, pages: new Map(), error: null });
    loaded.current = new Map();
    loadPage(0);
  }, [key, loadPage]);

  const ensureRange = useCallback(
    (first: number, last: number) => {
      visible.current = [first, last];
      for (let page = Math.floor(first / PAGE_SIZE); page <= Math.floor(last / PAGE_SIZE); page += 1) loadPage(page);
    },
    [loadPage],
  );

  const reloadVisible = useCallback(() => {
    // Rows shift when backups are added, so cached pages away from the screen are dropped; the
    // ones on screen stay visible until their fresh copy arrives.
    generation.current += 1;
    inFlight.current = new Set();
    const [first, last] = visible.current;
    const firstPage = Math.floor(first / PAGE_SIZE);
    const lastPage = Math.floor(last / PAGE_SIZE);
    setState((s) => ({ ...s, error: null, pages: new Map([...s.pages].filter(([page]) => page >= firstPage && page <= lastPage)) }));
    for (let page = firstPage; page <= lastPage; page += 1) loadPage(page, true);
  }, [loadPage]);

  useEvent('changed', ({ what }) => {
    if (what === 'backups') reloadVisible();
  });

  const current = state.key === key ? state : { key, total: null, pages: new Map<number, BackupRecord[]>(), error: null };
  return {
    total: current.total,
    error: current.error,
    rowAt: (index) => current.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE],
    ensureRange,
    retry: reloadVisible,
  };
}
