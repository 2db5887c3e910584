// Hash-based routing: "#/jobs/edit/nightly". No router library; the routes are few and flat,
// and the hash works the same from disk (Electron) and from a server.
import { useSyncExternalStore } from 'react';

export interface HistoryQuery {
  job?: string;
  database?: string;
}

export type Route =
  | { name: 'dashboard' }
  | { name: 'welcome' }
  | { name: 'jobs' }
  | { name: 'job-new' }
  | { name: 'job-edit'; job: string }
  | { name: 'history'; query: HistoryQuery }
  | { name: 'restore'; backupId: string | null }
  | { name: 'activity' }
  | { name: 'settings' }
  | { name: 'not-found'; path: string };

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const [pathPart = '', queryPart = ''] = raw.split('?', 2);
  const parts = pathPart.split('/').filter(Boolean).map((p) => decodeURIComponent(p));
  const query = new URLSearchParams(queryPart);
  const [first, second, third] = parts;
  switch (first) {
    case undefined:
    case 'dashboard':
      return { name: 'dashboard' };
    case 'welcome':
      return { name: 'welcome' };
    case 'jobs':
      if (second === 'new') return { name: 'job-new' };
      if (second === 'edit' && third) return { name: 'job-edit', job: third };
      return { name: 'jobs' };
    case 'history': {
      const q: HistoryQuery = {};
      const job = query.get('job');
      const database = query.get('database');
      if (job) q.job = job;
      if (database) q.database = database;
      return { name: 'history', query: q };
    }
    case 'restore':
      return { name: 'restore', backupId: second ?? null };
    case 'activity':
      return { name: 'activity' };
    case 'settings':
      return { name: 'settings' };
    default:
      return { name: 'not-found', path: pathPart };
  }
}

export function routeHref(route: Route): string {
  switch (route.name) {
    case 'dashboard':
    case 'welcome':
    case 'jobs':
    case 'activity':
    case 'settings':
      return `#/${route.name}`;
    case 'job-new':
      return '#/jobs/new';
    case 'job-edit':
      return `#/jobs/edit/${encodeURIComponent(route.job)}`;
    case 'history': {
      const query = new URLSearchParams();
      if (route.query.job) query.set('job', route.query.job);
      if (route.query.database) query.set('database', route.query.database);
      const text = query.toString();
      return text ? `#/history?${text}` : '#/history';
    }
    case 'restore':
      return route.backupId ? `#/restore/${encodeURIComponent(route.backupId)}` : '#/restore';
    case 'not-found':
      return '#/dashboard';
  }
}

export function navigate(route: Route): void {
  window.location.hash = routeHref(route);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

function snapshot(): string {
  return window.location.hash;
}

/** The current route's hash; components parse it (keeps the snapshot a stable string). */
export function useHash(): string {
  return useSyncExternalStore(subscribe, snapshot, () => '');
}
