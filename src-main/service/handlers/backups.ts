// History, and verify/restore of one backup from its best copy (falling back to the others),
// the same pipeline as `lifeboat verify` and `lifeboat restore`. Keys default to what the
// secret store holds for the backup; the request may override them. Each run is a WorkItem
// with live progress that the Cancel button aborts.
import type { ApiParsedRequest } from '../../../src-shared/api';
import { LifeboatError } from '../../../src-shared/errors';
import type { BackupRecord, Progress, ProgressPhase } from '../../../src-shared/types';
import { parseIdentities, type AgeDecryptOptions } from '../../crypto';
import type { PgConnection } from '../../pg/connection';
import { restoreBackup } from '../../pipeline/restore';
import { withBestCopy, type RestoreSource } from '../../pipeline/restore-source';
import { verifyBackup } from '../../pipeline/verify';
import { envNameFor } from '../../secrets/env-file-store';
import { secretRefs } from '../../secrets/secret-store';
import type { ServiceContext } from '../context';
import { destinationIdOfSpec } from '../destination-views';
import { badField, type HandlerTable } from './types';

type Keys = ApiParsedRequest<'backups.verify'>['keys'];

function requireBackup(ctx: ServiceContext, id: string): BackupRecord {
  const backup = ctx.core.backups.find(id);
  if (!backup) throw new LifeboatError('BACKUP_NOT_FOUND', `No backup with id "${id}" in the catalog.`, { fix: 'It may have been deleted by retention; reload the history.' });
  return backup;
}

/** Keys given in the request win; else the job's passphrase or the identities of the backup's recipients from the secret store. */
async function keysFor(ctx: ServiceContext, backup: BackupRecord, given: Keys): Promise<AgeDecryptOptions> {
  if (given?.identity || given?.passphrase) {
    const keys: AgeDecryptOptions = {};
    if (given.identity) {
      keys.identities = parseIdentities(given.identity);
      if (keys.identities.length === 0) throw badField('keys.identity', 'The secret key given contains no age identity (AGE-SECRET-KEY-1…).', 'Paste the secret key line from the recovery kit.');
    }
    if (given.passphrase) keys.passphrase = given.passphrase;
    return keys;
  }
  const secrets = await ctx.core.secrets();
  if (backup.encryptionKind === 'passphrase') {
    const passphrase = await secrets.get(secretRefs.jobPassphrase(backup.job));
    if (passphrase) return { passphrase };
    throw new LifeboatError('DECRYPT_NO_KEY', `Backup ${backup.id} is encrypted with a passphrase, and the passphrase of job "${backup.job}" is not in ${secrets.description}.`, {
      fix: 'Enter the passphrase to read this backup.',
    });
  }
  const identities: string[] = [];
  for (const recipient of backup.recipients) {
    const identity = await secrets.get(secretRefs.identity(recipient));
    if (identity) identities.push(identity);
  }
  if (identities.length > 0) return { identities };
  throw new LifeboatError('DECRYPT_NO_KEY', `Backup ${backup.id} is encrypted to ${backup.recipients.join(', ') || 'a public key'}, and no matching secret key is in ${secrets.description}.`, {
    fix: `Give the secret key (AGE-SECRET-KEY-1…) from the recovery kit${backup.recipients[0] ? `, or on a server set ${envNameFor(secretRefs.identity(backup.recipients[0]))}` : ''}.`,
  });
}

/** A running verify or restore: its WorkItem, its abort controller, and progress into the item. */
function startWork(ctx: ServiceContext, kind: 'verify' | 'restore', backup: BackupRecord, step: (phase: ProgressPhase) => string) {
  const controller = new AbortController();
  const handle = ctx.work.start({ kind, job: backup.job, database: backup.database, backupId: backup.id, step: step('connecting') }, () => controller.abort());
  return {
    signal: controller.signal,
    onProgress: (progress: Progress) => handle.update({ progress, step: step(progress.phase) }),
    finish: () => handle.finish(),
  };
}

/** Verify has no abort signal of its own: cancelling destroys the stream it reads. */
function abortable(source: RestoreSource, signal: AbortSignal): RestoreSource {
  return {
    ...source,
    open: async () => {
      signal.throwIfAborted();
      const stream = await source.open();
      const stop = () => stream.destroy(new LifeboatError('CANCELLED', 'The verification was cancelled.'));
      if (signal.aborted) stop();
      else signal.addEventListener('abort', stop, { once: true });
      stream.once('close', () => signal.removeEventListener('abort', stop));
      return stream;
    },
  };
}

/** A cancelled run reports CANCELLED, never as a damaged copy (withBestCopy would mark it corrupt). */
function cancellable<T>(signal: AbortSignal, what: string, fn: () => Promise<T>): Promise<T> {
  return fn().catch((error: unknown) => {
    if (signal.aborted) throw new LifeboatError('CANCELLED', `The ${what} was cancelled.`, { cause: error });
    throw error;
  });
}

export const backupHandlers: HandlerTable<'backups.list' | 'backups.get' | 'backups.verify' | 'backups.restore'> = {
  'backups.list': (ctx, filter) => {
    const destinationId = filter.destination === undefined ? undefined : (destinationIdOfSpec(ctx.core, filter.destination) ?? filter.destination);
    return ctx.history.page({
      job: filter.job,
      database: filter.database,
      status: filter.status,
      destinationId,
      from: filter.from,
      to: filter.to,
      offset: filter.offset,
      limit: filter.limit,
    });
  },

  'backups.get': (ctx, { id }) => ({ backup: requireBackup(ctx, id) }),

  'backups.verify': async (ctx, { id, keys }) => {
    const { core } = ctx;
    const backup = requireBackup(ctx, id);
    const decrypt = await keysFor(ctx, backup, keys);
    const work = startWork(ctx, 'verify', backup, (phase) => (phase === 'verifying' ? `Verifying ${backup.database} (${backup.id})` : `Opening ${backup.database} (${backup.id})`));
    try {
      const report = await withBestCopy(backup, (destId) => core.registry.fromId(destId), core.backups, (source) =>
        cancellable(work.signal, 'verification', () => verifyBackup({ source: abortable(source, work.signal), keys: decrypt, catalog: core.backups, onProgress: work.onProgress, audit: core.audit })),
      );
      return { report };
    } finally {
      work.finish();
      ctx.changed('backups');
    }
  },

  'backups.restore': async (ctx, request) => {
    const { core } = ctx;
    const backup = requireBackup(ctx, request.id);
    const decrypt = await keysFor(ctx, backup, request.keys);
    const t = request.target;
    const target: PgConnection = { host: t.host, port: t.port, user: t.user, database: t.database, sslmode: t.sslmode, password: t.password ?? (await sourcePassword(ctx, backup, t)) };
    const into = target.database;
    const work = startWork(ctx, 'restore', backup, (phase) =>
      phase === 'restoring' ? `Restoring into ${into}` : phase === 'analyzing' ? `Checking row counts in ${into}` : `Connecting to ${target.host}:${target.port}`,
    );
    try {
      const report = await withBestCopy(backup, (destId) => core.registry.fromId(destId), core.backups, (source) =>
        cancellable(work.signal, 'restore', () =>
          restoreBackup({ source, target, keys: decrypt, noOwner: request.noOwner, catalog: core.backups, onProgress: work.onProgress, signal: work.signal, log: core.log, audit: core.audit }),
        ),
      );
      return { report };
    } finally {
      work.finish();
      ctx.changed('backups');
    }
  },
};

/** Restoring onto the server the job backs up: its saved password is used unless one was given. */
async function sourcePassword(ctx: ServiceContext, backup: BackupRecord, target: { host: string; port: number; user: string }): Promise<string | undefined> {
  const job = ctx.core.jobs.get(backup.job);
  if (job && job.config.source.host === target.host && job.config.source.port === target.port && job.config.source.user === target.user) {
    const saved = await (await ctx.core.secrets()).get(secretRefs.jobPassword(backup.job));
    if (saved) return saved;
  }
  return process.env.PGPASSWORD;
}
