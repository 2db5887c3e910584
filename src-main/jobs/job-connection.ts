// Builds what a job run needs from its configuration and the secret store: the connection
// (password from the keychain) and the encryption options (passphrase from the keychain).
import { LifeboatError } from '../../src-shared/errors';
import type { JobConfig } from '../../src-shared/job';
import type { AgeEncryptOptions } from '../crypto';
import type { PgConnection } from '../pg/connection';
import { secretRefs, type SecretStore } from '../secrets/secret-store';

export async function jobConnection(job: JobConfig, secrets: SecretStore, database: string): Promise<PgConnection> {
  const password = (await secrets.get(secretRefs.jobPassword(job.name))) ?? process.env.PGPASSWORD;
  return { host: job.source.host, port: job.source.port, user: job.source.user, password, database, sslmode: job.source.sslmode };
}

export async function jobEncryption(job: JobConfig, secrets: SecretStore): Promise<AgeEncryptOptions> {
  if (job.encryption.kind !== 'passphrase') return { recipients: job.encryption.recipients };
  const passphrase = await secrets.get(secretRefs.jobPassphrase(job.name));
  if (!passphrase) {
    throw new LifeboatError('DECRYPT_NO_KEY', `The passphrase of job "${job.name}" is not in ${secrets.description}.`, {
      fix: `Save it again (lifeboat job edit ${job.name} --passphrase-env VAR), or on a server set ${'LIFEBOAT_SECRET_JOB_' + job.name.toUpperCase().replace(/[^A-Z0-9]+/g, '_') + '_PASSPHRASE'}.`,
    });
  }
  return { passphrase };
}
