// The restore wizard's choices and the backups.restore / backups.preflight request built from
// them. A new database is the default (suggested name `<db>_restored_<date>`); replacing the
// original needs its name typed; chosen tables may also go into an existing database.
import type { ApiRequest, RestoreMode } from '../../../src-shared/api';
import type { BackupRecord } from '../../../src-shared/types';
import { connectionInput, validateConnection, type ConnectionDraft } from '../../forms/connection-draft';
import type { FieldErrors } from '../../forms/field-errors';
import { compactDate } from '../../format/time';

/** PostgreSQL truncates identifiers to 63 bytes; stay under it so the name is what we show. */
const MAX_NAME_BYTES = 63;

export type KeyChoice = 'saved' | 'passphrase' | 'identity' | 'fernet';
export type Section = 'all' | 'schema' | 'data';

export interface RestoreDraft {
  target: ConnectionDraft;
  mode: RestoreMode;
  /** The new database's name (mode new). */
  targetDatabase: string;
  /** The database to replace or add to (modes replace and existing). */
  existingDatabase: string;
  what: 'all' | 'chosen';
  /** Chosen tables as `schema.table` keys (see tableKey). */
  chosenTables: string[];
  section: Section;
  noOwner: boolean;
  noPrivileges: boolean;
  globals: boolean;
  replaceTables: boolean;
  jobs: number | null;
  keyChoice: KeyChoice;
  passphrase: string;
  identity: string;
  /** Imported files of the Fernet backup script: its ENCRYPTION_KEY. */
  fernetKey: string;
  /** Typed by the admin to confirm a replace. */
  confirmText: string;
}

export function initialDraft(target: ConnectionDraft): RestoreDraft {
  return {
    target,
    mode: 'new',
    targetDatabase: '',
    existingDatabase: '',
    what: 'all',
    chosenTables: [],
    section: 'all',
    noOwner: false,
    noPrivileges: false,
    globals: false,
    replaceTables: false,
    jobs: 1,
    keyChoice: 'saved',
    passphrase: '',
    identity: '',
    fernetKey: '',
    confirmText: '',
  };
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

export function suggestRestoreName(database: string, today: Date = new Date()): string {
  const suffix = `_restored_${compactDate(today)}`;
  let base = database;
  while (base.length > 0 && byteLength(base + suffix) > MAX_NAME_BYTES) base = base.slice(0, -1);
  return base + suffix;
}

/** The database the restore creates, replaces or adds to. */
export function databaseOf(draft: RestoreDraft): string {
  return (draft.mode === 'new' ? draft.targetDatabase : draft.existingDatabase).trim();
}

/** `"schema"."table"`: always quoted, so capitals and dots are taken exactly. */
export function tableKey(schema: string, table: string): string {
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  return `${q(schema)}.${q(table)}`;
}

export function validateTarget(draft: RestoreDraft, backup: BackupRecord): FieldErrors {
  const { database: _unused, ...errors } = validateConnection(draft.target);
  const name = databaseOf(draft);
  const field = draft.mode === 'new' ? 'targetDatabase' : 'existingDatabase';
  if (!name) errors[field] = draft.mode === 'new' ? 'Enter a name for the new database.' : 'Enter the name of the existing database.';
  else if (byteLength(name) > MAX_NAME_BYTES) errors[field] = 'PostgreSQL names can be at most 63 bytes long. Choose a shorter name.';
  else if (draft.mode === 'new' && name === backup.database) errors[field] = `“${name}” is the original database’s name. A new database needs another name (the suggestion adds _restored_ and the date), or choose “Replace the existing database”.`;
  return errors;
}

export function validateWhat(draft: RestoreDraft): FieldErrors {
  const errors: FieldErrors = {};
  if (draft.what === 'chosen' && draft.chosenTables.length === 0) errors['tables'] = 'Tick at least one table, or choose “Everything”.';
  if (draft.mode === 'existing' && draft.what !== 'chosen' && draft.section !== 'data') errors['tables'] = 'Adding to an existing database works with chosen tables (or data only); everything at once would collide with what is there.';
  if (draft.section === 'data' && draft.mode !== 'existing') errors['section'] = 'Data only needs the tables to exist already: choose “Add chosen tables to an existing database” on the previous step.';
  if (draft.jobs === null || draft.jobs < 1 || draft.jobs > 64) errors['jobs'] = 'Enter a whole number from 1 to 64.';
  else if (draft.jobs > 1 && draft.mode === 'existing') errors['jobs'] = 'Adding to an existing database runs in one transaction, so it uses one job.';
  return errors;
}

export function validateKeys(draft: RestoreDraft, choices: KeyChoice[]): FieldErrors {
  if (!choices.includes(draft.keyChoice)) {
    const noSavedKey = choices.includes('identity') && !choices.includes('saved');
    return { identity: noSavedKey ? 'This job keeps no secret key on this computer. Paste the secret key (it starts with AGE-SECRET-KEY-1).' : 'Choose how to open this backup.' };
  }
  if (draft.keyChoice === 'fernet' && !draft.fernetKey.trim()) return { fernetKey: 'Paste the Fernet key the backup script used (its ENCRYPTION_KEY).' };
  if (draft.keyChoice === 'passphrase' && !draft.passphrase) return { passphrase: 'Enter the passphrase the backup was made with.' };
  if (draft.keyChoice === 'identity' && !/^AGE-SECRET-KEY-1[0-9A-Z]+$/.test(draft.identity.trim())) return { identity: 'Paste the whole secret key: one line starting with AGE-SECRET-KEY-1.' };
  return {};
}

export function keysOf(draft: RestoreDraft): ApiRequest<'backups.restore'>['keys'] {
  if (draft.keyChoice === 'passphrase') return { passphrase: draft.passphrase };
  if (draft.keyChoice === 'identity') return { identity: draft.identity.trim() };
  if (draft.keyChoice === 'fernet') return { fernetKey: draft.fernetKey.trim() };
  return undefined;
}

export function buildRestoreRequest(draft: RestoreDraft, backup: BackupRecord): ApiRequest<'backups.restore'> {
  const request: ApiRequest<'backups.restore'> = {
    id: backup.id,
    target: { ...connectionInput(draft.target), database: databaseOf(draft) },
    mode: draft.mode,
    noOwner: draft.noOwner,
  };
  if (draft.mode === 'replace') request.confirm = draft.confirmText.trim();
  if (draft.what === 'chosen') request.tables = [...draft.chosenTables];
  if (draft.section !== 'all') request.section = draft.section;
  if (draft.noPrivileges) request.noPrivileges = true;
  if (draft.globals) request.globals = true;
  if (draft.mode === 'existing' && draft.replaceTables) request.replaceTables = true;
  if (draft.jobs !== null && draft.jobs > 1) request.jobs = draft.jobs;
  const keys = keysOf(draft);
  if (keys) request.keys = keys;
  return request;
}

/** The preflight asks about the same restore; the typed name is not needed to look. */
export function buildPreflightRequest(draft: RestoreDraft, backup: BackupRecord): ApiRequest<'backups.preflight'> {
  const { confirm: _typed, ...request } = buildRestoreRequest(draft, backup);
  return request;
}
