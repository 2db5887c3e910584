// Restores from the wizard, the same operations as `lifeboat restore`: into a new database
// (streamed), a safe replace (restored aside, verified, swapped in one transaction, the old one
// kept), or chosen tables into an existing database; roles from the globals file first when
// asked. The preflight answers "can this server take it?" without changing anything. Kept old
// databases are listed and dropped on request.
import type { ApiParsedRequest, KeptDatabaseView, RolesReport } from '../../../src-shared/api';
import { LifeboatError } from '../../../src-shared/errors';
import type { BackupRecord } from '../../../src-shared/types';
import { isImportedRecord, restoreImportedFile, sourceFromImportedRecord } from '../../importers/restore-imported';
import { withDatabase } from '../../pg/connection';
import { restoreBackup } from '../../pipeline/restore';
import { withBestCopy, type ResolveDestination } from '../../pipeline/restore-source';
import { applyGlobals, globalsOfRecord, readGlobalsSql } from '../../restore/globals';
import { cleanupLeftovers, dropKeptDatabase, listKeptDatabases } from '../../restore/leftovers';
import { preflightRestore } from '../../restore/preflight';
import { replaceDatabase } from '../../restore/replace';
import { planRestore, type RestorePlan } from '../../restore/restore-plan';
import { cleanupStaleSpools } from '../../restore/spool';
import { cancellable, keysFor, requireBackup, startWork, targetConnection } from '../backup-access';
import type { ServiceContext } from '../context';
import { jobServerConnection, jobServers } from '../job-servers';
import { aboutField, type HandlerTable } from './types';

type RestoreRequest = ApiParsedRequest<'backups.restore'>;

function planOf(request: RestoreRequest): RestorePlan {
  return planRestore({
    mode: request.mode,
    database: request.target.database,
    confirm: request.mode === 'replace' ? request.confirm : undefined,
    tables: request.tables,
    schemas: request.schemas,
    section: request.section === 'all' ? undefined : request.section,
    noOwner: request.noOwner,
    noPrivileges: request.noPrivileges,
    jobs: request.jobs,
    replaceTables: request.mode === 'existing' ? request.replaceTables : undefined,
  });
}

/** Files made without Lifeboat restore whole, into a new database only (they carry no table of contents we can select from). */
function checkImportedRequest(backup: BackupRecord, request: RestoreRequest): void {
  if (!isImportedRecord(backup)) return;
  const unsupported = [request.mode !== 'new' && 'replacing or adding to an existing database', (request.tables || request.schemas) && 'chosen tables', request.section !== 'all' && 'schema or data only', request.globals && 'roles', (request.jobs ?? 1) > 1 && 'parallel jobs'].filter(Boolean);
  if (unsupported.length > 0) {
    throw new LifeboatError('BAD_INPUT', `Backup ${backup.id} was imported (made without Lifeboat); it restores whole into a new database, without ${unsupported.join(', ')}.`, {
      fix: 'Restore it into a new database, then copy what you need from there.',
    });
  }
}

async function restoreImported(ctx: ServiceContext, backup: BackupRecord, request: RestoreRequest, resolve: ResolveDestination) {
  const target = await targetConnection(ctx, backup, request.target);
  const work = startWork(ctx, 'restore', backup, (phase) => (phase === 'restoring' ? `Restoring into ${target.database}` : phase === 'analyzing' ? `Checking row counts in ${target.database}` : `Connecting to ${target.host}:${target.port}`));
  try {
    const source = await sourceFromImportedRecord(backup, resolve);
    const report = await cancellable(work.signal, 'restore', () =>
      restoreImportedFile({ source, target, keys: { passphrase: request.keys?.passphrase, fernetKey: request.keys?.fernetKey }, noOwner: request.noOwner, noPrivileges: request.noPrivileges, catalog: ctx.core.backups, onProgress: work.onProgress, signal: work.signal, log: ctx.core.log, audit: ctx.core.audit }),
    );
    ctx.core.backups.recordVerification(backup.id, 'restore', report.mismatches.length === 0, `restored into ${report.targetDatabase}; ${report.tablesChecked} tables, ${report.mismatches.length} differ from the file`);
    const { backupId, database, targetDatabase, durationMs, bytesRead, tablesChecked, mismatches, warnings } = report;
    return { report: { backupId, database, targetDatabase, durationMs, bytesRead, tablesChecked, mismatches, warnings }, mode: 'new' as const, keptAs: null, roles: null };
  } finally {
    work.finish();
  }
}

export const restoreHandlers: HandlerTable<'backups.restore' | 'backups.preflight' | 'restore.keptList' | 'restore.keptDrop'> = {
  'backups.restore': async (ctx, request) => {
    const { core } = ctx;
    const backup = requireBackup(ctx, request.id);
    const resolve: ResolveDestination = (destId) => core.registry.fromId(destId);
    checkImportedRequest(backup, request);
    try {
      if (isImportedRecord(backup)) return await restoreImported(ctx, backup, request, resolve);
      const plan = await aboutField('confirm', () => planOf(request));
      const decrypt = await keysFor(ctx, backup, request.keys);
      const target = await targetConnection(ctx, backup, request.target);
      const into = target.database;
      const work = startWork(ctx, 'restore', backup, (phase) =>
        phase === 'restoring' ? `Restoring into ${plan.mode === 'replace' ? `a temporary copy of ${into}` : into}` : phase === 'analyzing' ? `Checking row counts in ${into}` : `Connecting to ${target.host}:${target.port}`,
      );
      try {
        // What killed restores left: private archive files here, temporary databases there.
        await cleanupStaleSpools();
        await cleanupLeftovers(target, { log: core.log });
        let roles: RolesReport | null = null;
        if (request.globals) {
          const globals = globalsOfRecord(backup, resolve);
          if (!globals) throw new LifeboatError('BAD_INPUT', 'This backup has no roles file (it was taken without globals, or the user could not read them).', { fix: 'Untick "also restore roles"; restore with "no owner" or create the roles by hand.' });
          const applied = await applyGlobals(withDatabase(target, 'postgres'), await readGlobalsSql(globals, decrypt), { log: core.log });
          roles = { created: applied.rolesCreated, kept: applied.rolesKept, warnings: applied.warnings };
        }
        const common = { keys: decrypt, catalog: core.backups, onProgress: work.onProgress, signal: work.signal, log: core.log, audit: core.audit };
        const result = await withBestCopy(backup, resolve, core.backups, (source) =>
          cancellable(work.signal, 'restore', async () => {
            if (plan.mode !== 'replace') return { report: await restoreBackup({ ...common, ...plan.options, source, target }), keptAs: null };
            const replaced = await replaceDatabase({ ...common, source, target, confirm: request.confirm ?? '', noOwner: plan.options.noOwner, noPrivileges: plan.options.noPrivileges, jobs: plan.options.jobs });
            const { keptAs, replaced: _name, tempDatabase: _tmp, carriedOver, leftovers: _l, ...report } = replaced;
            if (carriedOver.length > 0) report.warnings = [...report.warnings, `Carried over from the previous database: ${carriedOver.join(', ')}.`];
            return { report, keptAs };
          }),
        );
        return { ...result, mode: plan.mode, roles };
      } finally {
        work.finish();
      }
    } finally {
      ctx.changed('backups');
    }
  },

  'backups.preflight': async (ctx, request) => {
    const backup = requireBackup(ctx, request.id);
    checkImportedRequest(backup, request);
    const plan = isImportedRecord(backup) ? planRestore({ mode: 'new', database: request.target.database, noOwner: request.noOwner }) : await aboutField('confirm', () => planOf({ ...request, confirm: request.mode === 'replace' ? request.target.database : undefined }));
    const target = await targetConnection(ctx, backup, request.target);
    return preflightRestore({
      target,
      plan,
      contents: ctx.archiveContents.get(backup.id) ?? null,
      toolVersion: backup.toolVersion,
      dumpBytes: backup.dumpBytes,
      globals: request.globals,
    });
  },

  'restore.keptList': async (ctx) => {
    const kept: KeptDatabaseView[] = [];
    const unreachable: Array<{ server: string; message: string }> = [];
    for (const server of jobServers(ctx)) {
      try {
        const found = await listKeptDatabases(await jobServerConnection(ctx, server));
        kept.push(...found.map((k) => ({ server: server.label, ...k })));
      } catch (error) {
        unreachable.push({ server: server.label, message: (error as Error).message });
      }
    }
    return { kept, unreachable };
  },

  'restore.keptDrop': async (ctx, { server, name, confirm }) => {
    if (confirm !== name) throw new LifeboatError('BAD_INPUT', `The name typed, "${confirm}", does not match "${name}". Nothing was deleted.`, { fix: `Type ${name} exactly.`, details: { field: 'confirm' } });
    const known = jobServers(ctx).find((s) => s.label === server);
    if (!known) throw new LifeboatError('BAD_INPUT', `"${server}" is not the server of any job.`, { fix: 'Reload the list of kept databases.' });
    await dropKeptDatabase(await jobServerConnection(ctx, known), name);
    ctx.core.audit.append({ event: 'restore_kept_dropped', status: 'info', details: `Dropped "${name}" (kept by a replace) on ${known.host}:${known.port}`, database: name });
    return { dropped: name };
  },
};
