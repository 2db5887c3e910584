// The one contract between the UI and the core, whichever host carries it (Electron IPC or
// `lifeboat serve` over HTTP): every method's request schema (validated at the boundary) and
// response type, and every event. A renamed method breaks the build, not the app.
import { z } from 'zod';
import type { AuditEntry } from './audit';
import type { ErrorData } from './errors';
import { jobConfigSchema, type JobConfig } from './job';
import type { ArchiveContents, BackupRecord, Progress, RestoreReport, VerifyReport } from './types';

// ---------- shared pieces ----------

const name = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,40}$/, 'a letter followed by letters, digits, - or _');
const isoDate = z.string().datetime({ offset: true });

export const connectionInputSchema = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(5432),
  user: z.string().min(1),
  /** Sent once, kept in the keychain by the core; never returned. */
  password: z.string().optional(),
  sslmode: z.enum(['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full']).optional(),
  database: z.string().min(1).default('postgres'),
});
export type ConnectionInput = z.input<typeof connectionInputSchema>;

export const destinationInputSchema = z.discriminatedUnion('kind', [
  z.object({ name, kind: z.literal('folder'), path: z.string().min(1), mountWaitSeconds: z.number().int().min(0).max(3600).default(120) }),
  z.object({
    name,
    kind: z.literal('s3'),
    endpoint: z.string().min(1).optional(),
    region: z.string().min(1).optional(),
    bucket: z.string().min(3),
    prefix: z.string().default(''),
    accessKeyId: z.string().min(1),
    /** Sent once, kept in the keychain; never returned. */
    secretAccessKey: z.string().min(1),
    objectLock: z.object({ mode: z.enum(['GOVERNANCE', 'COMPLIANCE']), days: z.number().int().min(1).max(36500) }).optional(),
    bandwidthLimitBytesPerSecond: z.number().int().positive().optional(),
  }),
]);
export type DestinationInput = z.input<typeof destinationInputSchema>;

/** A destination as the UI sees it: no secret. */
export interface DestinationView {
  name: string;
  kind: 'folder' | 's3';
  /** Folder path, or endpoint + bucket + prefix. */
  where: string;
  id: string;
  objectLockDays: number | null;
}

export type JobStatus = 'ok' | 'warning' | 'error' | 'running' | 'idle' | 'paused';
export type TrayState = 'idle' | 'running' | 'ok' | 'warning' | 'error';

export interface JobCard {
  name: string;
  paused: boolean;
  status: JobStatus;
  /** One line saying why the status is what it is. */
  statusText: string;
  schedule: string;
  nextRun: string | null;
  databases: string[];
  lastGood: { backupId: string; at: string; ageHours: number } | null;
  lastRun: { at: string; outcome: 'succeeded' | 'failed' | 'cancelled' } | null;
  destinations: Array<{ name: string; state: 'ok' | 'degraded' | 'missing' | 'unknown' }>;
  lastVerifiedRestore: { at: string; ok: boolean } | null;
}

export interface WorkItem {
  id: string;
  kind: 'backup' | 'restore' | 'verify';
  job: string | null;
  database: string | null;
  /** The backup being verified or restored (null for backups still being made). */
  backupId: string | null;
  /** "Dumping", "Uploading to b2", "Restoring"… */
  step: string;
  progress: Progress | null;
  startedAt: string;
}

export interface ChartPoint {
  date: string;
  job: string;
  database: string;
  storedBytes: number;
  durationSeconds: number;
}

export interface JobView {
  config: JobConfig;
  paused: boolean;
  createdAt: string;
  nextRuns: string[];
  scheduleText: string;
}

export const backupFilterSchema = z.object({
  job: z.string().optional(),
  database: z.string().optional(),
  status: z.enum(['running', 'succeeded', 'failed', 'interrupted', 'cancelled']).optional(),
  destination: z.string().optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(100),
});
export type BackupFilter = z.input<typeof backupFilterSchema>;

const keysSchema = z.object({
  /** Restores with a key-pair job use the identity in the keychain; these override it. */
  passphrase: z.string().optional(),
  identity: z.string().optional(),
  /** Imported Fernet-encrypted files (the old script's ENCRYPTION_KEY). */
  fernetKey: z.string().optional(),
});

// ---------- restore ----------

export const restoreModeSchema = z.enum(['new', 'replace', 'existing']);
export type RestoreMode = z.infer<typeof restoreModeSchema>;

/**
 * One restore: which backup, where (a new database, replacing one, or chosen tables into an
 * existing one), what (all or some tables/schemas, schema or data only) and how. Replacing
 * needs `confirm` = the database name, typed by the user.
 */
const restoreRequestSchema = z.object({
  id: z.string().min(4),
  target: connectionInputSchema,
  mode: restoreModeSchema.default('new'),
  confirm: z.string().optional(),
  noOwner: z.boolean().default(false),
  noPrivileges: z.boolean().default(false),
  section: z.enum(['all', 'schema', 'data']).default('all'),
  /** `schema.table` names (double quotes around names with dots). */
  tables: z.array(z.string().min(1)).optional(),
  schemas: z.array(z.string().min(1)).optional(),
  /** Into an existing database: drop and re-create the chosen tables. */
  replaceTables: z.boolean().default(false),
  /** Create the backup's roles first (from its globals file). */
  globals: z.boolean().default(false),
  /** Parallel pg_restore jobs (through a private temporary file). */
  jobs: z.number().int().min(1).max(64).optional(),
  keys: keysSchema.optional(),
});

export interface PreflightCheck {
  check: string;
  /** 'blocker' stops the restore; 'warning' needs the admin's attention (an option may fix it). */
  level: 'ok' | 'warning' | 'blocker';
  detail: string;
  fix?: string;
}

export interface KeptDatabaseView {
  /** `host:port` of the server, as the jobs name it. */
  server: string;
  name: string;
  original: string;
  keptAt: string;
  sizeBytes: number | null;
}

export interface RolesReport {
  created: string[];
  kept: string[];
  warnings: string[];
}

// ---------- methods ----------

const empty = z.object({}).strict();

export const apiRequestSchemas = {
  'app.info': empty,
  'dashboard.get': empty,
  'connection.test': connectionInputSchema,
  'destinations.list': empty,
  'destinations.save': destinationInputSchema,
  'destinations.test': z.object({ name }),
  'destinations.remove': z.object({ name }),
  'keys.generate': z.object({ label: z.string().max(80).optional() }),
  'recoveryKit.confirmSaved': z.object({ recipient: z.string().startsWith('age1') }),
  'schedule.preview': z.object({ schedule: jobConfigSchema.shape.schedule }),
  'jobs.list': empty,
  'jobs.get': z.object({ name }),
  'jobs.save': z.object({ config: jobConfigSchema, password: z.string().optional(), passphrase: z.string().optional(), create: z.boolean() }),
  'jobs.test': z.object({ name }),
  'jobs.runNow': z.object({ name }),
  'jobs.setPaused': z.object({ name, paused: z.boolean() }),
  'jobs.delete': z.object({ name, backups: z.enum(['keep', 'delete']) }),
  'work.list': empty,
  'work.cancel': z.object({ id: z.string().min(1) }),
  'backups.list': backupFilterSchema,
  'backups.get': z.object({ id: z.string().min(4) }),
  'backups.verify': z.object({ id: z.string().min(4), keys: keysSchema.optional() }),
  'backups.restore': restoreRequestSchema,
  /** Before the restore starts: can this server take this backup in this mode? */
  'backups.preflight': restoreRequestSchema,
  /** "Open a backup file": Lifeboat's own file (catalogued with its folder) or a legacy one (imported). */
  'backups.openFile': z.object({ path: z.string().min(1), passphrase: z.string().optional(), fernetKey: z.string().optional() }),
  /** "Browse a destination": catalogue every backup a folder or saved destination holds (works on an empty catalog). */
  'destinations.browse': z.object({ spec: z.string().min(1) }),
  /** Databases kept by replaces (`<db>_before_restore_<time>`) on the jobs' servers, until deleted. */
  'restore.keptList': empty,
  'restore.keptDrop': z.object({ server: z.string().min(1), name: z.string().min(1), confirm: z.string().min(1) }),
  'activity.list': z.object({ job: z.string().optional(), event: z.string().optional(), status: z.enum(['info', 'success', 'warning', 'error']).optional(), offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(100) }),
  'settings.get': empty,
  'settings.set': z.object({
    theme: z.enum(['light', 'dark', 'system']).optional(),
    startAtLogin: z.boolean().optional(),
    metricsFile: z.string().nullable().optional(),
    pausedUntil: isoDate.nullable().optional(),
  }),
} as const;

export type ApiMethod = keyof typeof apiRequestSchemas;
export type ApiRequest<M extends ApiMethod> = z.input<(typeof apiRequestSchemas)[M]>;
export type ApiParsedRequest<M extends ApiMethod> = z.output<(typeof apiRequestSchemas)[M]>;

export interface Settings {
  theme: 'light' | 'dark' | 'system';
  startAtLogin: boolean;
  metricsFile: string | null;
  pausedUntil: string | null;
  recoveryKitSaved: boolean;
}

export interface ApiResponses {
  'app.info': { version: string; dataDir: string; platform: string; secretStore: string; pgTools: Array<{ version: string; dir: string; source: string }>; host: 'electron' | 'serve' };
  'dashboard.get': { jobs: JobCard[]; tray: TrayState; recoveryKitSaved: boolean; chart: ChartPoint[]; work: WorkItem[]; pausedUntil: string | null };
  /** warning: the server is newer than every pg_dump found (the connection works; backups would fail). */
  'connection.test': { serverVersion: string; toolVersion: string; databases: string[]; warning?: string };
  'destinations.list': { destinations: DestinationView[] };
  'destinations.save': { destination: DestinationView; steps: string[] };
  'destinations.test': { steps: string[] };
  'destinations.remove': { removed: string };
  /** The identity stays in the core (keychain); the UI gets the public part and a one-time URL of the printable kit. */
  'keys.generate': { recipient: string; recoveryKitUrl: string };
  'recoveryKit.confirmSaved': { saved: true };
  'schedule.preview': { description: string; nextRuns: string[] };
  'jobs.list': { jobs: JobView[] };
  'jobs.get': { job: JobView };
  'jobs.save': { job: JobView };
  'jobs.test': { checks: Array<{ check: string; ok: boolean; detail: string; error?: ErrorData }> };
  'jobs.runNow': { queued: boolean };
  'jobs.setPaused': { name: string; paused: boolean };
  'jobs.delete': { removed: string; deletedCopies: number };
  'work.list': { work: WorkItem[] };
  'work.cancel': { cancelled: boolean };
  'backups.list': { rows: BackupRecord[]; total: number };
  'backups.get': { backup: BackupRecord };
  'backups.verify': { report: VerifyReport; contents: ArchiveContents | null };
  'backups.restore': { report: RestoreReport; mode: RestoreMode; keptAs: string | null; roles: RolesReport | null };
  'backups.preflight': { checks: PreflightCheck[]; serverVersion: string; canStart: boolean };
  'backups.openFile': { backup: BackupRecord; how: 'catalogued-folder' | 'imported' };
  'destinations.browse': { found: number; added: number; merged: number; incomplete: number; skipped: Array<{ key: string; reason: string }> };
  'restore.keptList': { kept: KeptDatabaseView[]; unreachable: Array<{ server: string; message: string }> };
  'restore.keptDrop': { dropped: string };
  'activity.list': { entries: AuditEntry[] };
  'settings.get': { settings: Settings };
  'settings.set': { settings: Settings };
}

export type ApiResponse<M extends ApiMethod> = ApiResponses[M];

/** What crosses the boundary: a result or an error with a stable code and a user-facing explanation. */
export type ApiEnvelope<M extends ApiMethod> = { result: ApiResponse<M> } | { error: ErrorData };

// ---------- events ----------

export interface ApiEvents {
  /** Running work changed: started, progressed, finished. */
  work: { work: WorkItem[] };
  /** Something the dashboard shows changed (a run finished, a job was edited). */
  changed: { what: 'jobs' | 'backups' | 'settings' | 'destinations' };
  tray: { state: TrayState; tooltip: string };
}

export type ApiEventName = keyof ApiEvents;

/** The typed API every screen uses; hosts provide it (preload bridge or HTTP + SSE). */
export interface LifeboatApi {
  call<M extends ApiMethod>(method: M, request: ApiRequest<M>): Promise<ApiResponse<M>>;
  /** Returns the function that unsubscribes. */
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
}

export const API_METHODS = Object.keys(apiRequestSchemas) as ApiMethod[];

/**
 * What the Electron preload exposes as `window.lifeboat`: envelopes unchanged (errors arrive
 * as data), events with disposers, and the native folder dialog.
 */
export interface LifeboatBridge {
  call<M extends ApiMethod>(method: M, request: ApiRequest<M>): Promise<ApiEnvelope<M>>;
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
  /** The chosen folder, or null when the user cancels. */
  pickFolder(): Promise<string | null>;
  /** The chosen file (Open a backup file), or null when the user cancels. */
  pickFile(): Promise<string | null>;
}
