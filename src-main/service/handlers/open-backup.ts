// The restore wizard's other ways in, for when the backup is not (yet) in the catalog — a fresh
// install after a disaster, a USB stick, years of files from the old scripts:
//  - "Browse a destination": catalogue every backup a folder or saved destination holds, from
//    their manifests (the same rebuild as `lifeboat catalog rebuild --from`).
//  - "Open a backup file": Lifeboat's own file is catalogued with the folder it lies in (its
//    manifest is beside it); any other file is imported like `lifeboat import` (read to its end
//    through gzip, openssl, Fernet or gpg, checked, and catalogued where it lies).
import fs from 'node:fs/promises';
import path from 'node:path';
import { LifeboatError } from '../../../src-shared/errors';
import { rebuildCatalog } from '../../catalog/rebuild';
import { readHead } from '../../importers/decode-chain';
import { detectFormat } from '../../importers/detect';
import { importBackupFile, IMPORTED_JOB } from '../../importers/import-file';
import { sourceFromFile } from '../../pipeline/restore-source';
import { cancellable, startWork } from '../backup-access';
import { badField, type HandlerTable } from './types';

async function requireFile(file: string): Promise<string> {
  if (!path.isAbsolute(file)) throw badField('path', `"${file}" is not a full path.`, 'Give the whole path, starting with / (or a drive letter on Windows).');
  const stat = await fs.stat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EACCES') throw badField('path', `Lifeboat may not read ${file} (permission denied).`, 'Copy the file somewhere Lifeboat can read, or change its permissions.');
    return undefined;
  });
  if (!stat) throw badField('path', `There is no file at ${file}.`, 'Check the path; on a NAS, check that the share is mounted.');
  if (!stat.isFile()) throw badField('path', `${file} is a folder, not a file.`, 'To see every backup in a folder, use "Browse a destination" with that folder.');
  return file;
}

export const openBackupHandlers: HandlerTable<'backups.openFile' | 'destinations.browse'> = {
  'backups.openFile': async (ctx, { path: given, passphrase, fernetKey }) => {
    const { core } = ctx;
    const file = await requireFile(given);
    if (detectFormat(await readHead(file)).kind === 'age' || file.endsWith('.manifest.json')) {
      const source = await sourceFromFile(file);
      if (!source.backupId) {
        throw new LifeboatError('BACKUP_INCOMPLETE', `${file} is a Lifeboat backup, but its manifest (.manifest.json) is not beside it, so its key, hash and row counts are unknown.`, {
          fix: 'Copy the manifest file next to it and open it again, or restore by hand with age, zstd and pg_restore (see the README).',
        });
      }
      await rebuildCatalog(await core.registry.fromSpec(path.dirname(source.label)), core.backups);
      ctx.changed('backups');
      const backup = core.backups.find(source.backupId);
      if (!backup) throw new LifeboatError('BACKUP_INCOMPLETE', `The manifest beside ${file} could not be catalogued.`, { fix: 'Check that the manifest and the backup file belong together (same name before .manifest.json).' });
      return { backup, how: 'catalogued-folder' };
    }
    // Shown on the dashboard, with progress, and cancellable while the file is read to its end.
    const reading = startWork(ctx, 'verify', { id: null, job: IMPORTED_JOB, database: null }, () => `Reading ${path.basename(file)}`);
    try {
      const imported = await cancellable(reading.signal, 'import', () =>
        importBackupFile({ file, keys: { passphrase, fernetKey }, repo: core.backups, job: IMPORTED_JOB, onProgress: reading.onProgress, audit: core.audit, signal: reading.signal }),
      );
      ctx.changed('backups');
      const backup = core.backups.find(imported.backupId);
      if (!backup) throw new LifeboatError('INTERNAL', `Backup ${imported.backupId} was imported but is not in the catalog.`);
      return { backup, how: 'imported' };
    } finally {
      reading.finish();
    }
  },

  'destinations.browse': async (ctx, { spec }) => {
    const dest = await ctx.core.registry.fromSpec(spec);
    const report = await rebuildCatalog(dest, ctx.core.backups);
    ctx.changed('backups');
    return { found: report.manifests, added: report.added, merged: report.merged, incomplete: report.incomplete, skipped: report.skipped };
  },
};
