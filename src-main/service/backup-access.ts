// What the verify, restore and preflight handlers share: finding the backup, the keys to open
// it, the connection to restore onto, and running work with progress and cancel.
import type { ApiParsedRequest } from '../../src-shared/api';
import { LifeboatError } from '../../src-shared/errors';
import type { BackupRecord, Progress, ProgressPhase } from '../../src-shared/types';
import { parseIdentities, type AgeDecryptOptions } from '../crypto';
import type { PgConnection } from '../pg/connection';
import { storedKeysFor } from '../restore/keys';
import { envNameFor } from '../secrets/env-file-store';
import { secretRefs } from '../secrets/secret-store';
import type { ServiceContext } from './context';
import { badField } from './handlers/types';

export type KeysInput = ApiParsedRequest<'backups.verify'>['keys'];
type ConnectionInput = ApiParsedRequest<'backups.restore'>['target'];

export function requireBackup(ctx: ServiceContext, id: string): BackupRecord {
  const backup = ctx.core.backups.find(id);
  if (!backup) throw new LifeboatError('BACKUP_NOT_FOUND', `No backup with id "${id}" in the catalog.`, { fix: 'It may have been deleted by retention; reload the history.' });
  return backup;
}

/** Keys given in the request win; else the job's passphrase or the identities of the backup's recipients from the secret store. */
export async function keysFor(ctx: ServiceContext, backup: BackupRecord, given: KeysInput): Promise<AgeDecryptOptions> {
  if (given?.identity || given?.passphrase) {
    const keys: AgeDecryptOptions = {};
    if (given.identity) {
      keys.identities = parseIdentities(given.identity);
      if (keys.identities.length === 0) throw badField('keys.identity', 'The secret key given contains no age identity (AGE-SECRET-KEY-1…).', 'Paste the secret key line from the recovery kit.');
    }
    if (given.passphrase) keys.passphrase = given.passphrase;
    return keys;
  }
  try {
    return await storedKeysFor(await ctx.core.secrets(), backup);
  } catch (error) {
    if (!(error instanceof LifeboatError) || error.code !== 'DECRYPT_NO_KEY') throw error;
    const recipient = backup.recipients[0];
    const fix =
      backup.encryptionKind === 'passphrase'
        ? 'Enter the passphrase to read this backup.'
        : `Give the secret key (AGE-SECRET-KEY-1…) from the recovery kit${recipient ? `, or on a server set ${envNameFor(secretRefs.identity(recipient))}` : ''}.`;
    throw new LifeboatError('DECRYPT_NO_KEY', error.message, { fix, cause: error });
  }
}

/** The server to restore onto; restoring onto the job's own server uses its saved password unless one was given. */
export async function targetConnection(ctx: ServiceContext, backup: BackupRecord, t: ConnectionInput): Promise<PgConnection> {
  return { host: t.host, port: t.port, user: t.user, database: t.database, sslmode: t.sslmode, password: t.password ?? (await savedPasswordFor(ctx, t, backup.job)) };
}

/** The saved password of a job that connects to this server as this user (the backup's own job first). */
export async function savedPasswordFor(ctx: ServiceContext, server: { host: string; port: number; user: string }, preferJob?: string): Promise<string | undefined> {
  const jobs = ctx.core.jobs.list().sort((a, b) => Number(b.config.name === preferJob) - Number(a.config.name === preferJob));
  const secrets = await ctx.core.secrets();
  for (const job of jobs) {
    const s = job.config.source;
    if (s.host !== server.host || s.port !== server.port || s.user !== server.user) continue;
    const saved = await secrets.get(secretRefs.jobPassword(job.config.name));
    if (saved) return saved;
  }
  return process.env.PGPASSWORD;
}

/** A running verify, restore or import: its WorkItem, its abort controller, and progress into the item (id null: not catalogued yet). */
export function startWork(ctx: ServiceContext, kind: 'verify' | 'restore', about: { id: string | null; job: string; database: string | null }, step: (phase: ProgressPhase) => string) {
  const controller = new AbortController();
  const handle = ctx.work.start({ kind, job: about.job, database: about.database, backupId: about.id, step: step('connecting') }, () => controller.abort());
  return {
    signal: controller.signal,
    onProgress: (progress: Progress) => handle.update({ progress, step: step(progress.phase) }),
    finish: () => handle.finish(),
  };
}

/** A cancelled run reports CANCELLED, never as a damaged copy (withBestCopy would mark it corrupt). */
export function cancellable<T>(signal: AbortSignal, what: string, fn: () => Promise<T>): Promise<T> {
  return fn().catch((error: unknown) => {
    if (signal.aborted) throw new LifeboatError('CANCELLED', `The ${what} was cancelled.`, { cause: error });
    throw error;
  });
}
