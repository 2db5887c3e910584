// The Electron IPC contract, shared by main (ipc.ts) and the preload (bridge.ts): one invoke
// channel per API method, generated from API_METHODS, one event channel, and the bridge type
// the renderer sees as `window.lifeboat`. No electron import: both sides and the tests use it.
import type { ApiEventName, ApiEvents, ApiMethod } from '../../../src-shared/api';
import type { ErrorData } from '../../../src-shared/errors';

export type MethodChannel<M extends ApiMethod = ApiMethod> = `lifeboat:${M}`;

export function methodChannel<M extends ApiMethod>(method: M): MethodChannel<M> {
  return `lifeboat:${method}`;
}

/** Main → renderer: every service event, as an EventMessage. */
export const EVENT_CHANNEL = 'lifeboat:event';
/** The folder picker is the host's own (a native dialog), not a service method. */
export const PICK_FOLDER_CHANNEL = 'lifeboat:pickFolder';
export const PICK_FILE_CHANNEL = 'lifeboat:pickFile';

/**
 * Every API method, spelled out so the preload stays free of zod (src-shared/api builds the
 * schemas at load: 750 KiB in a preload that only needs the names). The checks below make a
 * method added to or renamed in the contract a type error here, never a silently missing channel.
 */
export const API_METHOD_NAMES = [
  'app.info',
  'dashboard.get',
  'connection.test',
  'destinations.list',
  'destinations.save',
  'destinations.test',
  'destinations.remove',
  'keys.generate',
  'recoveryKit.confirmSaved',
  'schedule.preview',
  'jobs.list',
  'jobs.get',
  'jobs.save',
  'jobs.test',
  'jobs.runNow',
  'jobs.setPaused',
  'jobs.delete',
  'work.list',
  'work.cancel',
  'backups.list',
  'backups.get',
  'backups.verify',
  'backups.restore',
  'backups.preflight',
  'backups.openFile',
  'destinations.browse',
  'restore.keptList',
  'restore.keptDrop',
  'activity.list',
  'settings.get',
  'settings.set',
] as const satisfies readonly ApiMethod[];
type MissingMethods = Exclude<ApiMethod, (typeof API_METHOD_NAMES)[number]>;
const methodsComplete: [MissingMethods] extends [never] ? true : MissingMethods = true;
void methodsComplete;

/** Every event of ApiEvents; the `satisfies` plus the check below keep the list complete. */
export const API_EVENT_NAMES = ['work', 'changed', 'tray'] as const satisfies readonly ApiEventName[];
type MissingEvents = Exclude<ApiEventName, (typeof API_EVENT_NAMES)[number]>;
const eventsComplete: [MissingEvents] extends [never] ? true : MissingEvents = true;
void eventsComplete;

export type EventMessage<E extends ApiEventName = ApiEventName> = { [K in E]: { event: K; payload: ApiEvents[K] } }[E];

/** What main answers on PICK_FOLDER_CHANNEL and PICK_FILE_CHANNEL (never a rejection); the preload unwraps it. */
export type PickFolderEnvelope = { result: { path: string | null } } | { error: ErrorData };

/**
 * What the preload exposes as `window.lifeboat`. Errors come back as data ({error}) because
 * contextBridge drops every custom property of a thrown Error (the code, the fix): the
 * renderer's Electron adapter unwraps envelopes into its LifeboatApi.
 */
export type { LifeboatBridge } from '../../../src-shared/api';
