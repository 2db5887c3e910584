// A backup job as edited in a form, and its conversion to the JobConfig the core stores. All
// checks here give plain-word messages keyed by the config path, so the core's BAD_INPUT
// (details.field) lands under the same field.
import type { ApiRequest, JobView } from '../../src-shared/api';
import { JOB_NAME_PATTERN, jobConfigSchema, type JobConfig } from '../../src-shared/job';
import { defaultSchedule, validateSchedule, type Schedule } from '../schedule/schedule-draft';
import { emptyConnection, validateConnection, type ConnectionDraft } from './connection-draft';
import { defaultDrill } from './drill-draft';
import type { FieldErrors } from './field-errors';
import { MIN_PASSPHRASE_LENGTH } from './passphrase';
import { defaultRetention, policyFrom, retentionFromPolicy, validateRetention, type RetentionDraft } from './retention-draft';

export type EncryptionDraft =
  /** Lifeboat holds the secret key; `kitConfirmed` once the user said the recovery kit is safe. */
  | { kind: 'x25519'; recipients: string[]; kitUrl: string | null; kitConfirmed: boolean }
  /** `alreadySaved`: editing a job whose passphrase is in the keychain; empty fields keep it. */
  | { kind: 'passphrase'; passphrase: string; confirm: string; alreadySaved: boolean }
  /** Backups only: restores need the secret key, which is kept elsewhere. */
  | { kind: 'public-key'; recipientsText: string };

export type DatabasesDraft = { mode: 'all'; exclude: string[] } | { mode: 'list'; names: string[] };

export interface JobDraft {
  name: string;
  source: ConnectionDraft;
  databases: DatabasesDraft;
  schedule: Schedule;
  destinations: string[];
  encryption: EncryptionDraft;
  retention: Record<string, RetentionDraft>;
  notifications: JobConfig['notifications'];
  compressionLevel: number | null;
  rowCounts: boolean;
  globals: boolean;
  retries: number | null;
  drill: JobConfig['drill'];
}

export function newJobDraft(): JobDraft {
  return {
    name: 'office-backup',
    source: emptyConnection(),
    databases: { mode: 'all', exclude: [] },
    schedule: defaultSchedule(),
    destinations: [],
    encryption: { kind: 'x25519', recipients: [], kitUrl: null, kitConfirmed: false },
    retention: {},
    notifications: [],
    compressionLevel: 3,
    rowCounts: true,
    globals: true,
    retries: 2,
    drill: defaultDrill(),
  };
}

export function draftFromJob(view: JobView): JobDraft {
  const c = view.config;
  const encryption: EncryptionDraft =
    c.encryption.kind === 'x25519'
      ? { kind: 'x25519', recipients: c.encryption.recipients, kitUrl: null, kitConfirmed: true }
      : c.encryption.kind === 'passphrase'
        ? { kind: 'passphrase', passphrase: '', confirm: '', alreadySaved: true }
        : { kind: 'public-key', recipientsText: c.encryption.recipients.join('\n') };
  const retention: Record<string, RetentionDraft> = {};
  for (const name of c.destinations) retention[name] = retentionFromPolicy(c.retention[name]);
  return {
    name: c.name,
    source: { host: c.source.host, port: c.source.port, user: c.source.user, password: '', sslmode: c.source.sslmode ?? 'prefer', database: 'postgres' },
    databases: c.source.databases.mode === 'all' ? { mode: 'all', exclude: c.source.databases.exclude } : { mode: 'list', names: c.source.databases.names },
    schedule: c.schedule,
    destinations: c.destinations,
    encryption,
    retention,
    notifications: c.notifications,
    compressionLevel: c.compressionLevel,
    rowCounts: c.rowCounts,
    globals: c.globals,
    retries: c.retries,
    drill: c.drill,
  };
}

/** Adding a destination to a job starts it on the default retention; removing keeps nothing. */
export function withDestinations(draft: JobDraft, destinations: string[]): JobDraft {
  const retention: Record<string, RetentionDraft> = {};
  for (const name of destinations) retention[name] = draft.retention[name] ?? defaultRetention();
  return { ...draft, destinations, retention };
}

export function parseRecipients(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((r) => r.trim())
    .filter(Boolean);
}

// ---------- checks, one part at a time (the guided setup checks each step) ----------

export function validateName(draft: JobDraft): FieldErrors {
  return JOB_NAME_PATTERN.test(draft.name) ? {} : { name: 'Use a letter first, then letters, digits, - or _ (no spaces), up to 41 characters. For example: office-backup.' };
}

export function validateSource(draft: JobDraft): FieldErrors {
  // The "database to connect to" matters only for a connection test, not for the job.
  const { database: _unused, ...errors } = validateConnection(draft.source);
  return prefixed(errors, 'source');
}

export function validateDatabases(draft: JobDraft): FieldErrors {
  if (draft.databases.mode === 'list' && draft.databases.names.length === 0) {
    return { 'source.databases': 'Choose at least one database, or back up all databases.' };
  }
  return {};
}

export function validateDestinations(draft: JobDraft): FieldErrors {
  let errors: FieldErrors = {};
  if (draft.destinations.length === 0) errors['destinations'] = 'Choose at least one place to keep the backups.';
  for (const name of draft.destinations) {
    const retention = draft.retention[name];
    if (retention) errors = { ...errors, ...validateRetention(retention, `retention.${name}`) };
  }
  return errors;
}

export function validateEncryption(draft: JobDraft): FieldErrors {
  const e = draft.encryption;
  switch (e.kind) {
    case 'x25519':
      if (e.recipients.length === 0) return { encryption: 'Create the key pair first.' };
      if (!e.kitConfirmed) return { encryption: 'Confirm that you have printed or saved the recovery kit. Without it nobody can restore these backups if this computer is lost.' };
      return {};
    case 'passphrase': {
      if (e.alreadySaved && !e.passphrase && !e.confirm) return {};
      const errors: FieldErrors = {};
      if (e.passphrase.length < MIN_PASSPHRASE_LENGTH) errors['encryption.passphrase'] = `Use at least ${MIN_PASSPHRASE_LENGTH} characters; several unrelated words work well.`;
      if (e.confirm !== e.passphrase) errors['encryption.confirm'] = 'The two passphrases are not the same. Type it again.';
      return errors;
    }
    case 'public-key': {
      const recipients = parseRecipients(e.recipientsText);
      if (recipients.length === 0) return { 'encryption.recipients': 'Paste at least one public key (it starts with age1).' };
      const bad = recipients.find((r) => !/^age1[0-9a-z]{20,}$/.test(r));
      return bad ? { 'encryption.recipients': `“${bad}” is not a public key. Public keys start with age1 and have no spaces.` } : {};
    }
  }
}

function prefixed(errors: FieldErrors, prefix: string): FieldErrors {
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [`${prefix}.${k}`, v]));
}

export function validateAdvanced(draft: JobDraft): FieldErrors {
  const errors: FieldErrors = {};
  if (draft.compressionLevel === null || draft.compressionLevel < 1 || draft.compressionLevel > 19) errors['compressionLevel'] = 'Choose a level from 1 (fastest) to 19 (smallest). 3 is a good balance.';
  if (draft.retries === null || draft.retries > 10) errors['retries'] = 'Enter a number of retries from 0 to 10.';
  return errors;
}

export function validateJob(draft: JobDraft): FieldErrors {
  return {
    ...validateName(draft),
    ...validateSource(draft),
    ...validateDatabases(draft),
    ...prefixed(validateSchedule(draft.schedule), 'schedule'),
    ...validateDestinations(draft),
    ...validateEncryption(draft),
    ...validateAdvanced(draft),
  };
}

export function configFromDraft(draft: JobDraft): JobConfig {
  const e = draft.encryption;
  const encryption: JobConfig['encryption'] =
    e.kind === 'x25519' ? { kind: 'x25519', recipients: e.recipients } : e.kind === 'passphrase' ? { kind: 'passphrase' } : { kind: 'public-key', recipients: parseRecipients(e.recipientsText) };
  const retention: JobConfig['retention'] = {};
  for (const name of draft.destinations) {
    const r = draft.retention[name];
    if (r?.enabled) retention[name] = policyFrom(r);
  }
  const source: JobConfig['source'] = {
    host: draft.source.host.trim(),
    port: draft.source.port ?? 5432,
    user: draft.source.user.trim(),
    sslmode: draft.source.sslmode,
    databases: draft.databases.mode === 'all' ? { mode: 'all', exclude: draft.databases.exclude } : { mode: 'list', names: draft.databases.names },
  };
  return {
    name: draft.name.trim(),
    source,
    schedule: draft.schedule,
    destinations: draft.destinations,
    encryption,
    retention,
    compressionLevel: draft.compressionLevel ?? 3,
    rowCounts: draft.rowCounts,
    globals: draft.globals,
    retries: draft.retries ?? 2,
    notifications: draft.notifications,
    drill: draft.drill,
  };
}

export type SaveJobRequest = ApiRequest<'jobs.save'>;

/** The jobs.save request, or the field messages that stop it. */
export function buildSaveRequest(draft: JobDraft, create: boolean): { request: SaveJobRequest | null; errors: FieldErrors } {
  const errors = validateJob(draft);
  if (Object.keys(errors).length > 0) return { request: null, errors };
  const config = configFromDraft(draft);
  // Last guard: the shared schema. Our checks should have caught everything it does.
  const parsed = jobConfigSchema.safeParse(config);
  if (!parsed.success) {
    const out: FieldErrors = {};
    for (const issue of parsed.error.issues) out[issue.path.join('.') || 'name'] ??= `This is not valid: ${issue.message}.`;
    return { request: null, errors: out };
  }
  const request: SaveJobRequest = { config, create };
  if (draft.source.password) request.password = draft.source.password;
  if (draft.encryption.kind === 'passphrase' && draft.encryption.passphrase) request.passphrase = draft.encryption.passphrase;
  return { request, errors: {} };
}

const STATIC_KEYS = new Set([
  'name', 'source.host', 'source.port', 'source.user', 'source.password', 'source.sslmode', 'source.databases',
  'schedule.spec.time', 'schedule.spec.expression', 'schedule.spec.hours', 'schedule.spec.minute', 'schedule.timeZone',
  'destinations', 'encryption', 'encryption.passphrase', 'encryption.confirm', 'encryption.recipients',
  'compressionLevel', 'retries', 'drill.schedule',
]);

function isShownKey(key: string): boolean {
  return STATIC_KEYS.has(key) || /^retention\.[^.]+\.(keepLast|daily|weekly|monthly|yearly|minAgeDays)$/.test(key);
}

/** The form field a core error path belongs to: "source.databases.names" → "source.databases". */
export function jobFieldFor(field: string): string {
  // The core names fields of jobs.save's request: config.schedule.spec.time, config.name …
  const path = field.replace(/^config\./, '');
  const parts = path.split('.');
  while (parts.length > 0) {
    const key = parts.join('.');
    if (isShownKey(key)) return key;
    parts.pop();
  }
  if (path.startsWith('schedule')) return 'schedule.timeZone';
  if (path.startsWith('encryption')) return 'encryption';
  if (path.startsWith('retention')) return 'destinations';
  if (path.startsWith('drill')) return 'drill.schedule';
  return 'name';
}
