// Restores a backup into a NEW database: decrypt and decompress while streaming into
// pg_restore --exit-on-error, then ANALYZE and compare row counts with the manifest.
// Any failure drops the database this restore created; an existing database is never touched.
//
// Options beyond that (all off by default, so the plain call behaves as it always did):
//  - noPrivileges, section (schema or data only): passed to pg_restore, still streaming;
//  - jobs > 1 or a selection (tables, schemas): pg_restore needs a real file for -j and -L,
//    so the archive is first decrypted into a private temporary file (src-main/restore/spool),
//    its hash checked before anything is created, and removed afterwards;
//  - into 'existing': adds the selection, or only data (into existing, empty tables), to an
//    existing database in ONE transaction (pg_restore --single-transaction), after checking that
//    nothing it creates exists yet (or with replaceTables, dropping and re-creating just the
//    selected tables in that transaction). Always through the temporary file and a list, which
//    for data-only restores puts referenced tables' rows first. A failure or cancel leaves the
//    database as it was.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { LifeboatError, toLifeboatError } from '../../src-shared/errors';
import type { RestoreReport, TableRowCount } from '../../src-shared/types';
import type { BackupsRepo } from '../catalog/backups-repo';
import type { AgeDecryptOptions } from '../crypto';
import { silentLogger, type Logger } from '../log';
import { noAudit, type AuditSink } from '../records/audit-sink';
import { quoteIdent, readServerInfo, withClient } from '../pg/client';
import type { PgConnection } from '../pg/connection';
import { createEmptyDatabase, databaseExists, dropDatabaseForce, withMaintenanceClient } from '../pg/databases';
import { analyzeAndCount } from '../pg/analyze-and-count';
import { checkDuringPostData, VERBOSE_PROGRESS_LINE, type PostDataCheck } from './check-during-post-data';
import { countRows } from '../pg/row-counts';
import { runTool } from '../pg/run-tool';
import { majorOf, toolsForRestore } from '../pg/tool-locator';
import { findConflicts, findUnfitForData, orderTableData, planSelection, readExisting, readToc, type RestoreSelection } from '../restore/selective';
import { createSpool, type Spool } from '../restore/spool';
import { checkStoredHash, decodeBackup, firstData, type DecodedBackup } from './decode-stream';
import { decryptPrivatePart } from './manifest-io';
import { ProgressTracker, type ProgressListener } from './progress';
import { compareRowCounts } from './row-check';
import { settleStages } from './settle';
import type { RestoreSource } from './restore-source';
import { StdinUntilExit } from './stdin-until-exit';

export type { RestoreSelection };

export interface RestoreOptions {
  source: RestoreSource;
  /** Connection to the target server; `database` is the NEW database to create (or, with into 'existing', the database to add to). */
  target: PgConnection;
  keys: AgeDecryptOptions;
  noOwner?: boolean;
  /** pg_restore --no-privileges: no GRANT/REVOKE. */
  noPrivileges?: boolean;
  /** Only the schema (tables empty), or only the data (into existing tables). */
  section?: 'schema' | 'data';
  /** Parallel pg_restore jobs (new databases only); above 1 the archive goes through a temporary file. */
  jobs?: number;
  /** Only these tables or schemas, with what belongs to them (see src-main/restore/selective.ts). */
  selection?: RestoreSelection;
  /** 'new' (default): create the database. 'existing': add to it, in one transaction. */
  into?: 'new' | 'existing';
  /** With into 'existing' and a selection: drop and re-create the selected tables (in the same transaction). */
  replaceTables?: boolean;
  /** Where the temporary archive file goes (default: the OS temp folder). */
  spoolDir?: string;
  /** Differing row counts fail the restore (and drop the new database) instead of keeping it for inspection. */
  requireMatch?: boolean;
  catalog?: BackupsRepo;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  log?: Logger;
  audit?: AuditSink;
}

/** Refuses combinations that cannot work, before anything is read. */
export function checkRestoreOptions(options: Pick<RestoreOptions, 'into' | 'selection' | 'section' | 'jobs' | 'replaceTables'>): void {
  const into = options.into ?? 'new';
  const selective = options.selection !== undefined && ((options.selection.tables?.length ?? 0) > 0 || (options.selection.schemas?.length ?? 0) > 0);
  const bad = (message: string, fix: string) => new LifeboatError('BAD_INPUT', message, { fix });
  if (options.jobs !== undefined && (!Number.isInteger(options.jobs) || options.jobs < 1 || options.jobs > 64)) throw bad(`--jobs must be a whole number from 1 to 64 (got ${options.jobs}).`, 'For example --jobs 4.');
  if (options.selection !== undefined && !selective) throw bad('The selection names no table and no schema.', 'Give --tables a,b or --schemas s.');
  if (into === 'existing') {
    if (!selective && options.section !== 'data') throw bad('Restoring a whole backup into an existing database would collide with what is there.', 'Restore into a new database, replace the database (--replace), or choose tables (--tables) or schemas (--schemas).');
    if ((options.jobs ?? 1) > 1) throw bad('--jobs cannot be used when restoring into an existing database: that restore runs in one transaction so a failure changes nothing.', 'Leave out --jobs.');
  } else {
    if (options.replaceTables) throw bad('--replace-tables only applies when restoring tables into an existing database.', 'Add --into-existing, or leave out --replace-tables.');
    if (options.section === 'data') throw bad('A data-only restore needs the tables to exist: it cannot go into a new, empty database.', 'Add --into-existing to load the data into the existing (empty) tables, or leave out --data-only.');
  }
  if (options.replaceTables && !selective) throw bad('--replace-tables needs --tables or --schemas.', 'Name the tables to replace.');
  if (options.replaceTables && options.section === 'data') throw bad('--replace-tables drops and re-creates tables, which a data-only restore cannot do.', 'Leave out --data-only.');
}

export async function restoreBackup(options: RestoreOptions): Promise<RestoreReport> {
  checkRestoreOptions(options);
  const into = options.into ?? 'new';
  const log = (options.log ?? silentLogger).scope('restore');
  const { source, target } = options;
  const started = Date.now();
  const progress = new ProgressTracker(options.onProgress);
  progress.start('connecting');
  const manifest = source.manifest;
  const warnings: string[] = [];
  const audit = options.audit ?? noAudit;
  const about = { backup_id: source.backupId ?? undefined, backup_file: source.label, database: target.database };
  const what = describeSelection(options);
  audit.append({
    event: 'restore_start',
    status: 'info',
    details: into === 'new' ? `Restoring ${what}${source.label} into new database "${target.database}" on ${target.host}:${target.port}` : `Restoring ${what}${source.label} into existing database "${target.database}" on ${target.host}:${target.port}`,
    ...about,
  });
  if (!manifest) warnings.push('No manifest was found beside this file: its hash and row counts cannot be checked.');

  // The key is checked on the manifest's encrypted part before anything is created.
  const expectedTables: TableRowCount[] | undefined = manifest ? (await decryptPrivatePart(manifest, options.keys)).tables : undefined;

  const server = await withMaintenanceClient(target, async (client) => {
    const info = await readServerInfo(client);
    const exists = await databaseExists(client, target.database);
    if (into === 'new' && exists) {
      throw new LifeboatError('TARGET_DB_EXISTS', `A database named "${target.database}" already exists on ${target.host}:${target.port}; it was not touched.`, {
        fix: 'Restore into a new name (for example add _restored and the date).',
      });
    }
    if (into === 'existing' && !exists) {
      throw new LifeboatError('PG_DB_MISSING', `There is no database "${target.database}" on ${target.host}:${target.port} to restore into.`, {
        fix: 'Check the name, or leave out --into-existing to create it.',
      });
    }
    return info;
  });
  const sourceMajor = manifest ? Math.floor(manifest.server.versionNum / 10_000) : 0;
  if (manifest && server.major < sourceMajor) {
    throw new LifeboatError('PG_VERSION_MISMATCH', `This backup comes from PostgreSQL ${manifest.server.version}; the target server runs ${server.version}, which is older.`, {
      fix: `Restore onto a PostgreSQL ${sourceMajor} server or newer.`,
    });
  }
  const archiveMajor = majorOf(manifest?.tools.pgDump) ?? 0;
  const tools = await toolsForRestore(server.major, server.version, archiveMajor);

  const args = ['--exit-on-error', '--no-password', `--dbname=${target.database}`];
  if (options.noOwner) args.push('--no-owner');
  if (options.noPrivileges) args.push('--no-privileges');
  if (options.section === 'schema') args.push('--schema-only');
  if (options.section === 'data') args.push('--data-only');
  if (into === 'existing') args.push('--single-transaction');
  if (options.replaceTables) args.push('--clean', '--if-exists');
  // pg_restore reads a list (-L) or runs jobs (-j) only from a real file. Restores into an
  // existing database always use a list (selected tables, or data ordered for foreign keys).
  const fileMode = (options.jobs ?? 1) > 1 || options.selection !== undefined || into === 'existing';
  const spool: Spool | undefined = fileMode ? await createSpool({ base: options.spoolDir, neededBytes: manifest?.dumpBytes }) : undefined;
  let input: Readable;
  try {
    input = await source.open();
  } catch (error) {
    await spool?.remove();
    throw error;
  }

  let created = false;
  /** With into 'existing': pg_restore's single transaction has committed. */
  let committed = false;
  let decoded: DecodedBackup | undefined;
  let killRestore: (() => void) | undefined;
  const onAbort = () => {
    killRestore?.();
    decoded?.plain.destroy(new LifeboatError('CANCELLED', 'The restore was cancelled.'));
  };
  options.signal?.addEventListener('abort', onAbort);
  const createTarget = async () => {
    if (into !== 'new') return;
    options.signal?.throwIfAborted();
    await withMaintenanceClient(target, (client) => createEmptyDatabase(client, target.database));
    created = true;
    log.info('created target', { database: target.database });
  };
  try {
    /** The check of a streamed whole-database restore, overlapped with pg_restore's post-data. */
    let postData: PostDataCheck | undefined;
    /** Tables to check afterwards; undefined: every table of the (new) database. */
    let checkTables: Array<{ schema: string; table: string }> | undefined;
    if (spool) {
      progress.start('reading', source.size ?? null);
      decoded = decodeBackup(input, options.keys, source.label, (n) => progress.update(n));
      const written = pipeline(decoded.plain, spool.open());
      written.catch(() => undefined);
      await settleStages([decoded.done, written]);
      // The whole file is checked before anything is created.
      checkStoredHash(manifest, decoded.stored, source.label);
      progress.finish();
      if (options.selection || into === 'existing') {
        const toc = await readToc(tools.paths.pg_restore, spool.file, target);
        const existing = into === 'existing' ? await withClient(target, readExisting) : { schemas: new Set(['public']), extensions: new Set(['plpgsql']), tables: new Set<string>(), superuser: false };
        let list = toc.list;
        if (options.selection) {
          const plan = planSelection(toc, options.selection, { into, existingSchemas: existing.schemas, existingExtensions: existing.extensions, existingTables: existing.tables, replaceTables: options.replaceTables });
          list = plan.listFile;
          checkTables = plan.tables;
          if (plan.leftOut.length > 0) warnings.push(`Left out because they depend on tables that were not restored: ${plan.leftOut.join(', ')}.`);
          if (into === 'existing') await checkExistingTarget(target, options, plan.relations, plan.tables);
          log.info('selection planned', { entries: plan.ids.size, tables: plan.tables.length });
        } else {
          // Data only, every table of the backup.
          checkTables = (expectedTables ?? []).map((t) => ({ schema: t.schema, table: t.table }));
          await checkExistingTarget(target, options, [], checkTables);
        }
        if (options.section === 'data') {
          list = orderTableData(toc, list);
          // The tables are empty and the rows come from one consistent snapshot: a superuser
          // may load them without firing triggers (the user's, and foreign key checks).
          if (existing.superuser) args.push('--disable-triggers');
        }
        const listFile = path.join(spool.dir, 'restore.list');
        await writeFile(listFile, list, { mode: 0o600 });
        args.push(`--use-list=${listFile}`);
      }
      if ((options.jobs ?? 1) > 1) args.push(`--jobs=${options.jobs}`);
      await createTarget();
      progress.start('restoring');
      const restore = runTool(tools.paths.pg_restore, [...args, spool.file], target, { stdin: 'ignore', stdout: 'ignore' });
      killRestore = restore.kill;
      if (options.signal?.aborted) restore.kill();
      await restore.done;
      committed = true;
      progress.finish();
    } else {
      progress.start('restoring', source.size ?? null);
      decoded = decodeBackup(input, options.keys, source.label, (n) => progress.update(n));
      const plain = decoded.plain;
      const done = decoded.done;
      // Only once the first chunk has decrypted (right key, intact start) is the database created.
      await firstData(plain).catch(async (error: unknown) => {
        await done; // its error names the file; the stream's own error does not
        throw error;
      });
      await createTarget();
      // A whole new database: its check can start while pg_restore builds indexes.
      postData = into === 'new' && options.section !== 'schema' ? checkDuringPostData(target) : undefined;
      const restore = runTool(tools.paths.pg_restore, postData ? [...args, '--verbose'] : args, target, {
        stdin: 'pipe',
        stdout: 'ignore',
        onStderrLine: postData?.onStderrLine,
        notKept: postData ? VERBOSE_PROGRESS_LINE : undefined,
      });
      killRestore = restore.kill;
      // pg_restore --schema-only needs only the table of contents at the start and may exit
      // before the end; the rest is still read (and its hash checked), just not written.
      const fed = pipeline(plain, options.section === 'schema' ? new StdinUntilExit(restore.child.stdin!) : restore.child.stdin!);
      fed.catch(() => undefined);
      // A damaged or truncated file is the root cause when pg_restore also fails, so decoding is reported first.
      await settleStages([done, restore.done, fed], restore.kill);
      checkStoredHash(manifest, decoded.stored, source.label);
      progress.finish();
    }

    progress.start('analyzing');
    const expected = expectedTables && checkTables ? expectedTables.filter((t) => checkTables!.some((c) => c.schema === t.schema && c.table === t.table)) : expectedTables;
    // A whole new database: ANALYZE and exact counts on two connections at once (the common, timed case).
    const actual = postData
      ? await postData.result()
      : into === 'new' && !checkTables
        ? await analyzeAndCount(target)
        : await withClient(target, async (client) => {
            if (into === 'new') await client.query('ANALYZE');
            if (!checkTables) return countRows(client);
            return countTables(client, expected ?? checkTables, into === 'existing');
          });
    const mismatches = !expected ? [] : options.section === 'schema' ? compareRowCounts(expected.map(zeroRows), actual.map(zeroRows)) : compareRowCounts(expected, actual);
    const report: RestoreReport = {
      backupId: source.backupId,
      database: manifest?.database ?? '(unknown)',
      targetDatabase: target.database,
      durationMs: Date.now() - started,
      bytesRead: decoded!.stored.bytes,
      tablesChecked: actual.length,
      mismatches,
      warnings,
    };
    if (options.requireMatch && mismatches.length > 0) {
      throw new LifeboatError('PG_RESTORE_FAILED', `The restored data differs from the backup in ${mismatches.length} table(s): ${mismatches
        .slice(0, 5)
        .map((m) => `${m.schema}.${m.table} expected ${m.expected ?? 'absent'}, found ${m.actual ?? 'absent'}`)
        .join('; ')}.`, { fix: 'Restore from another copy or another backup.' });
    }
    if (source.backupId) {
      options.catalog?.recordVerification(source.backupId, 'restore', mismatches.length === 0, `restored ${what}into ${target.database}; ${actual.length} tables checked, ${mismatches.length} differ`);
    }
    log.info('restored', { database: target.database, tables: actual.length, mismatches: mismatches.length, checkedDuringPostData: postData?.startedEarly() ?? false });
    audit.append({ event: 'restore_complete', status: mismatches.length === 0 ? 'success' : 'warning', details: `Restored ${what}into "${target.database}": ${actual.length} tables checked, ${mismatches.length} differ from the backup`, ...about });
    return report;
  } catch (error) {
    let failure = options.signal?.aborted
      ? new LifeboatError('CANCELLED', into === 'new' ? 'The restore was cancelled; the new database was removed.' : `The restore was cancelled; "${target.database}" was left as it was.`)
      : toLifeboatError(error);
    if (into === 'existing' && !committed && failure.code !== 'CANCELLED' && !/[Nn]othing (in "[^"]*" )?was changed/.test(failure.message)) {
      failure = new LifeboatError(failure.code, `${failure.message} Nothing in "${target.database}" was changed: the restore runs in one transaction.`, { fix: failure.fix, cause: failure, details: failure.details });
    }
    killRestore?.();
    decoded?.plain.destroy();
    if (created) {
      await withMaintenanceClient(target, (client) => dropDatabaseForce(client, target.database, server.major)).catch((dropError: unknown) => {
        log.error('could not drop half-restored database', { database: target.database, error: (dropError as Error).message });
      });
    }
    // A usage mistake (a table that is not in the backup, one that exists already) says nothing about the backup.
    if (source.backupId && failure.code !== 'BAD_INPUT') options.catalog?.recordVerification(source.backupId, 'restore', false, failure.message);
    log.error('failed', { code: failure.code, error: failure.message });
    audit.append({ event: 'restore_complete', status: 'error', details: `Restore into "${target.database}" failed: ${failure.message}`, ...about });
    throw failure;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await spool?.remove();
  }
}


function zeroRows(t: TableRowCount): TableRowCount {
  return { ...t, rows: 0 };
}

function describeSelection(options: RestoreOptions): string {
  const parts: string[] = [];
  if (options.selection?.tables?.length) parts.push(`tables ${options.selection.tables.join(', ')}`);
  if (options.selection?.schemas?.length) parts.push(`schemas ${options.selection.schemas.join(', ')}`);
  if (options.section === 'schema') parts.push('schema only');
  if (options.section === 'data') parts.push('data only');
  return parts.length > 0 ? `${parts.join(', ')} of ` : '';
}

/** Before adding to an existing database: nothing the restore creates may exist; data goes only into empty tables. */
async function checkExistingTarget(target: PgConnection, options: RestoreOptions, relations: Array<{ schema: string; name: string }>, tables: Array<{ schema: string; table: string }>): Promise<void> {
  await withClient(target, async (client) => {
    if (options.section === 'data') {
      const { missing, notEmpty } = await findUnfitForData(client, tables);
      if (missing.length > 0) {
        throw new LifeboatError('BAD_INPUT', `A data-only restore needs the tables to exist; "${target.database}" has no ${missing.join(', ')}. Nothing was changed.`, { fix: 'Restore the schema first, or restore without --data-only.' });
      }
      if (notEmpty.length > 0) {
        throw new LifeboatError('BAD_INPUT', `These tables in "${target.database}" already hold rows, and loading the backup's rows on top would mix the two: ${notEmpty.join(', ')}. Nothing was changed.`, {
          fix: 'Empty them first, or restore them with --replace-tables (without --data-only), or into a new database.',
        });
      }
      return;
    }
    if (options.replaceTables) return;
    const conflicts = await findConflicts(client, relations);
    if (conflicts.length > 0) {
      throw new LifeboatError('BAD_INPUT', `"${target.database}" already has ${conflicts.slice(0, 10).join(', ')}${conflicts.length > 10 ? ` and ${conflicts.length - 10} more` : ''}; nothing was changed.`, {
        fix: 'Add --replace-tables to replace those tables (dropped and re-created in one transaction), or restore into a new database.',
      });
    }
  });
}

/** Row counts of the given tables (absent ones are left out, so they show as missing). */
async function countTables(client: import('pg').Client, tables: Array<{ schema: string; table: string }>, analyze: boolean): Promise<TableRowCount[]> {
  const counts: TableRowCount[] = [];
  for (const { schema, table } of tables) {
    const exists = await client.query('SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2', [schema, table]);
    if ((exists.rowCount ?? 0) === 0) continue;
    const name = `${quoteIdent(schema)}.${quoteIdent(table)}`;
    if (analyze) await client.query(`ANALYZE ${name}`);
    const res = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ONLY ${name}`);
    counts.push({ schema, table, rows: Number(res.rows[0]?.n ?? 0) });
  }
  return counts;
}
