// History, and verification of one backup from its best copy (falling back to the others), the
// same pipeline as `lifeboat verify`. Verifying also reads what the backup holds (tables with
// row counts, schemas, extensions, owners), which the restore wizard offers and the preflight
// checks. Each run is a WorkItem with live progress that the Cancel button aborts.
import { LifeboatError } from '../../../src-shared/errors';
import type { ArchiveContents } from '../../../src-shared/types';
import { isImportedRecord, sourceFromImportedRecord } from '../../importers/restore-imported';
import { verifyLegacyFile } from '../../importers/import-file';
import { withBestCopy } from '../../pipeline/restore-source';
import { verifyBackup } from '../../pipeline/verify';
import { abortable } from '../../pipeline/abortable-source';
import { cancellable, keysFor, requireBackup, startWork } from '../backup-access';
import type { ServiceContext } from '../context';
import { destinationIdOfSpec } from '../destination-views';
import type { HandlerTable } from './types';

/** Enough for the wizard's check → preflight → restore of recent backups; the oldest is forgotten first. */
const CONTENTS_KEPT = 20;

function remember(ctx: ServiceContext, id: string, contents: ArchiveContents): void {
  ctx.archiveContents.delete(id);
  ctx.archiveContents.set(id, contents);
  while (ctx.archiveContents.size > CONTENTS_KEPT) ctx.archiveContents.delete(ctx.archiveContents.keys().next().value!);
}

export const backupHandlers: HandlerTable<'backups.list' | 'backups.get' | 'backups.verify'> = {
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
    const work = startWork(ctx, 'verify', backup, (phase) => (phase === 'verifying' ? `Verifying ${backup.database} (${backup.id})` : `Opening ${backup.database} (${backup.id})`));
    try {
      if (isImportedRecord(backup)) {
        // A file made without Lifeboat: read to its end through its own layers (gzip, openssl, Fernet, gpg).
        const source = await sourceFromImportedRecord(backup, (destId) => core.registry.fromId(destId));
        const report = await cancellable(work.signal, 'verification', () =>
          verifyLegacyFile(abortable(source, work.signal), { passphrase: keys?.passphrase, fernetKey: keys?.fernetKey }, { catalog: core.backups, onProgress: work.onProgress, audit: core.audit }),
        );
        return { report, contents: null };
      }
      const decrypt = await keysFor(ctx, backup, keys);
      let contents: ArchiveContents | null = null;
      const report = await withBestCopy(backup, (destId) => core.registry.fromId(destId), core.backups, (source) =>
        cancellable(work.signal, 'verification', () =>
          verifyBackup({ source: abortable(source, work.signal), keys: decrypt, catalog: core.backups, onProgress: work.onProgress, audit: core.audit, onContents: (c) => (contents = c) }),
        ),
      );
      if (!contents) throw new LifeboatError('INTERNAL', 'The verification finished without reading the table of contents.');
      remember(ctx, backup.id, contents);
      return { report, contents };
    } finally {
      work.finish();
      ctx.changed('backups');
    }
  },
};
