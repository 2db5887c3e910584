// Which keys can open a backup, from how it was encrypted and what this computer holds:
// Lifeboat's own backups open with the saved key (or a typed passphrase / the recovery kit's
// secret key); a public-key-only job's backups need the secret key typed; files imported from
// the old scripts need their passphrase or Fernet key, or nothing when they were not encrypted.
import type { BackupRecord } from '../../../src-shared/types';
import type { JobView } from '../../../src-shared/api';
import type { KeyChoice } from './restore-draft';

/** Catalogued without a manifest: a file made by the old scripts (see lifeboat import). */
export function isImported(backup: BackupRecord): boolean {
  return !backup.files.some((f) => f.role === 'manifest');
}

export function keyChoicesFor(backup: BackupRecord, job: JobView | undefined): KeyChoice[] {
  if (isImported(backup)) {
    if (backup.encryptionKind === 'fernet') return ['fernet'];
    if (backup.encryptionKind === 'passphrase') return ['passphrase'];
    return [];
  }
  if (job?.config.encryption.kind === 'public-key') return ['identity', 'passphrase'];
  return ['saved', 'passphrase', 'identity'];
}
