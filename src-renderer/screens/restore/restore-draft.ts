// The restore wizard's choices and the backups.restore request built from them. Restores always
// go into a new database, so the suggested name carries "_restored_" and today's date.
import type { ApiRequest } from '../../../src-shared/api';
import type { BackupRecord } from '../../../src-shared/types';
import { connectionInput, validateConnection, type ConnectionDraft } from '../../forms/connection-draft';
import type { FieldErrors } from '../../forms/field-errors';
import { compactDate } from '../../format/time';

/** PostgreSQL truncates identifiers to 63 bytes; stay under it so the name is what we show. */
const MAX_NAME_BYTES = 63;

export type KeyChoice = 'saved' | 'passphrase' | 'identity';

export interface RestoreDraft {
  target: ConnectionDraft;
  targetDatabase: string;
  noOwner: boolean;
  keyChoice: KeyChoice;
  passphrase: string;
  identity: string;
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

export function validateTarget(draft: RestoreDraft, backup: BackupRecord): FieldErrors {
  const { database: _unused, ...errors } = validateConnection(draft.target);
  const name = draft.targetDatabase.trim();
  if (!name) errors['targetDatabase'] = 'Enter a name for the new database.';
  else if (byteLength(name) > MAX_NAME_BYTES) errors['targetDatabase'] = 'PostgreSQL names can be at most 63 bytes long. Choose a shorter name.';
  else if (name === backup.database) errors['targetDatabase'] = `“${name}” is the original database’s name. Lifeboat only restores into a new database, so choose another name (the suggestion adds _restored_ and the date).`;
  return errors;
}

export function validateKeys(draft: RestoreDraft, needsIdentity: boolean): FieldErrors {
  if (needsIdentity && draft.keyChoice === 'saved') return { identity: 'This job keeps no secret key on this computer. Paste the secret key (it starts with AGE-SECRET-KEY-1).' };
  if (draft.keyChoice === 'passphrase' && !draft.passphrase) return { passphrase: 'Enter the passphrase the backup was made with.' };
  if (draft.keyChoice === 'identity' && !/^AGE-SECRET-KEY-1[0-9A-Z]+$/.test(draft.identity.trim())) return { identity: 'Paste the whole secret key: one line starting with AGE-SECRET-KEY-1.' };
  return {};
}

export function buildRestoreRequest(draft: RestoreDraft, backup: BackupRecord): ApiRequest<'backups.restore'> {
  const request: ApiRequest<'backups.restore'> = {
    id: backup.id,
    target: { ...connectionInput(draft.target), database: draft.targetDatabase.trim() },
    noOwner: draft.noOwner,
  };
  if (draft.keyChoice === 'passphrase') request.keys = { passphrase: draft.passphrase };
  if (draft.keyChoice === 'identity') request.keys = { identity: draft.identity.trim() };
  return request;
}
