// The keys Lifeboat itself holds for a backup: the job's passphrase, or the identities of the
// backup's recipients, from the secret store (keychain, or LIFEBOAT_SECRET_* on a server).
// Unattended restores (drills) use these; a person restoring may give others.
import { LifeboatError } from '../../src-shared/errors';
import type { BackupRecord } from '../../src-shared/types';
import type { AgeDecryptOptions } from '../crypto';
import { envNameFor } from '../secrets/env-file-store';
import { secretRefs, type SecretStore } from '../secrets/secret-store';

export async function storedKeysFor(secrets: SecretStore, backup: Pick<BackupRecord, 'id' | 'job' | 'encryptionKind' | 'recipients'>): Promise<AgeDecryptOptions> {
  if (backup.encryptionKind === 'passphrase') {
    const passphrase = await secrets.get(secretRefs.jobPassphrase(backup.job));
    if (passphrase) return { passphrase };
    throw new LifeboatError('DECRYPT_NO_KEY', `Backup ${backup.id} is encrypted with a passphrase, and the passphrase of job "${backup.job}" is not in ${secrets.description}.`, {
      fix: `Save it (lifeboat job edit ${backup.job} --passphrase-env VAR), or give it with --passphrase-env.`,
    });
  }
  const identities: string[] = [];
  for (const recipient of backup.recipients) {
    const identity = await secrets.get(secretRefs.identity(recipient));
    if (identity) identities.push(identity);
  }
  if (identities.length > 0) return { identities };
  throw new LifeboatError('DECRYPT_NO_KEY', `Backup ${backup.id} is encrypted to ${backup.recipients.join(', ') || 'a public key'}, and no matching secret key is in ${secrets.description}.`, {
    fix: `Give the secret key with --identity FILE${backup.recipients[0] ? `, or on a server set ${envNameFor(secretRefs.identity(backup.recipients[0]))}` : ''}.`,
  });
}
