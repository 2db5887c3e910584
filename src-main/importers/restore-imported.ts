// Restores a legacy file (or an imported backup's copy) into a NEW database, the way restore.ts
// restores Lifeboat's own backups: decode while streaming, never touch an existing database,
// drop the new one on any failure, then count rows.
//   • pg_dump archives: pg_restore --exit-on-error from the decoded stream. A second
//     `pg_restore -f -` reads the same bytes and the scanner counts the rows of every table,
//     so the restore is compared with the file itself (there is no manifest).
//   • plain SQL: psql -X -q -v ON_ERROR_STOP=1, fed through the scanner, which wraps the file
//     in BEGIN … COMMIT and sends COMMIT only when the whole file arrived intact. Any SQL error
//     stops psql with a non-zero exit and fails the restore (without ON_ERROR_STOP, psql
//     reports success after errors — a restore that restored nothing looked fine).
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { LifeboatError, toLifeboatError } from '../../src-shared/errors';
import type { BackupRecord, RestoreReport, RowCountComparison, TableRowCount } from '../../src-shared/types';
import type { BackupsRepo } from '../catalog/backups-repo';
import { silentLogger, type Logger } from '../log';
import { readServerInfo, withClient } from '../pg/client';
import type { PgConnection } from '../pg/connection';
import { createEmptyDatabase, databaseExists, dropDatabaseForce, withMaintenanceClient } from '../pg/databases';
import { countRows } from '../pg/row-counts';
import { runTool, type ToolProcess } from '../pg/run-tool';
import { majorOf, toolsForRestore } from '../pg/tool-locator';
import { ProgressTracker, type ProgressListener } from '../pipeline/progress';
import { copyCandidates, type ResolveDestination } from '../pipeline/restore-source';
import { noAudit, type AuditSink } from '../records/audit-sink';
import { checkExpected, openPayload, readHead, sourceFromPath, type LegacyKeys, type LegacySource, type OpenedPayload } from './decode-chain';
import { detectFormat } from './detect';
import { chainFacts, completeFacts, type LegacyFileFacts } from './import-file';
import { archiveToSql, psqlOf } from './read-payload';
import { SqlScanner } from './sql-scan';
import { settleMostTelling, Tee } from './streams';

export interface ImportedRestoreOptions {
  source: LegacySource;
  /** Connection to the target server; `database` is the NEW database to create. */
  target: PgConnection;
  keys: LegacyKeys;
  noOwner?: boolean;
  /** No GRANT/REVOKE (pg_restore --no-privileges; dropped from plain SQL). */
  noPrivileges?: boolean;
  catalog?: BackupsRepo;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  log?: Logger;
  audit?: AuditSink;
}

export interface ImportedRestoreReport extends RestoreReport {
  /** "gzip → plain SQL (pg_dump -Fp)" */
  format: string;
  /** Row counts found in the new database. */
  tables: TableRowCount[];
  /** Whether the file's own COPY data gave row counts to compare with. */
  compared: boolean;
  facts: LegacyFileFacts;
}

export async function restoreImportedFile(options: ImportedRestoreOptions): Promise<ImportedRestoreReport> {
  const log = (options.log ?? silentLogger).scope('restore-imported');
  const { source, target } = options;
  const started = Date.now();
  const audit = options.audit ?? noAudit;
  const about = { backup_id: source.backupId ?? undefined, backup_file: source.fileName, database: target.database };
  const progress = new ProgressTracker(options.onProgress);
  progress.start('connecting');
  audit.append({ event: 'restore_start', status: 'info', details: `Restoring ${source.label} (not a Lifeboat backup) into new database "${target.database}" on ${target.host}:${target.port}`, ...about });

  let opened: OpenedPayload | undefined;
  let created = false;
  let serverMajor = 0;
  const tools: ToolProcess[] = [];
  const stopAll = () => {
    for (const tool of tools) tool.kill();
    opened?.destroy();
  };
  const onAbort = () => stopAll();
  options.signal?.addEventListener('abort', onAbort);
  try {
    const server = await withMaintenanceClient(target, async (client) => {
      const info = await readServerInfo(client);
      if (await databaseExists(client, target.database)) {
        throw new LifeboatError('TARGET_DB_EXISTS', `A database named "${target.database}" already exists on ${target.host}:${target.port}; it was not touched.`, {
          fix: 'Restore into a new name (for example add _restored and the date).',
        });
      }
      return info;
    });
    serverMajor = server.major;
    options.signal?.throwIfAborted();

    progress.start('restoring', source.size ?? null);
    // Keys are checked here, before anything is created: openssl and gpg on the first blocks, Fernet on the whole file.
    opened = await openPayload(source, options.keys, { onStoredBytes: (n) => progress.update(n) });
    const base = chainFacts(source, opened);
    const dumpedFrom = base.serverVersion ?? /^-- Dumped from database version (\S+)/m.exec(opened.head.toString('utf8'))?.[1];
    const dumpedBy = base.toolVersion ?? /^-- Dumped by pg_dump version (\S+)/m.exec(opened.head.toString('utf8'))?.[1];
    const sourceMajor = majorOf(dumpedFrom) ?? 0;
    if (sourceMajor > server.major) {
      throw new LifeboatError('PG_VERSION_MISMATCH', `${source.fileName} comes from PostgreSQL ${dumpedFrom}; the target server runs ${server.version}, which is older.`, {
        fix: `Restore onto a PostgreSQL ${sourceMajor} server or newer.`,
      });
    }
    // pg_restore must read the archive's format (as new as its pg_dump); psql reads any SQL (the one
    // psql command new dumps carry, \restrict, is taken out on the way), so the server decides.
    const toolSet = await toolsForRestore(server.major, server.version, opened.payload === 'sql' ? 0 : (majorOf(dumpedBy) ?? 0));
    const psql = opened.payload === 'sql' ? psqlOf(toolSet) : undefined;
    options.signal?.throwIfAborted();

    await withMaintenanceClient(target, (client) => createEmptyDatabase(client, target.database));
    created = true;
    log.info('created target', { database: target.database, format: base.format });

    const scanner = new SqlScanner({ label: source.label, noOwner: options.noOwner, noPrivileges: options.noPrivileges && opened.payload === 'sql', transaction: opened.payload === 'sql' });
    if (psql) {
      const run = runTool(psql, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '--no-password', '-f', '-'], target, { stdin: 'pipe', stdout: 'ignore' });
      tools.push(run);
      run.child.stdin!.on('error', () => undefined);
      const done = run.done.catch((error: unknown) => {
        throw explainPsqlFailure(error, run.stderr(), source.label);
      });
      const fed = pipeline(opened.stream, scanner, run.child.stdin!);
      await settleMostTelling([opened.done, fed, done], stopAll);
    } else {
      const args = ['--exit-on-error', '--no-password', `--dbname=${target.database}`];
      if (options.noOwner) args.push('--no-owner');
      if (options.noPrivileges) args.push('--no-privileges');
      const run = runTool(toolSet.paths.pg_restore, args, target, { stdin: 'pipe', stdout: 'ignore' });
      tools.push(run);
      run.child.stdin!.on('error', () => undefined);
      const done = run.done.catch((error: unknown) => {
        throw explainPgRestoreFailure(error, run.stderr(), source.label);
      });
      const counter = archiveToSql(toolSet, scanner);
      tools.push(counter.tool);
      const fed = pipeline(opened.stream, new Tee([run.child.stdin!, counter.stdin]));
      await settleMostTelling([opened.done, done, counter.stages[0]!, fed, ...counter.stages.slice(1)], stopAll);
    }
    checkExpected(source, opened.stored);
    progress.finish();

    progress.start('analyzing');
    const actual = await withClient(target, async (client) => {
      await client.query('ANALYZE');
      return countRows(client);
    });
    const facts = completeFacts(base, opened, scanner);
    const expected = scanner.facts.copyRows;
    const mismatches = expected ? compareWithFile(expected, actual) : [];
    const warnings: string[] = [`Not a Lifeboat backup (${base.format}): there is no manifest; ${expected ? 'row counts were compared with the COPY data in the file itself' : 'the file holds rows that cannot be counted without restoring (INSERT statements or CSV), so nothing was compared'}.`];
    if (scanner.facts.droppedOwnerStatements > 0) warnings.push(`${scanner.facts.droppedOwnerStatements} ownership statements (ALTER … OWNER TO) were skipped (--no-owner).`);
    if (scanner.facts.droppedPrivilegeStatements > 0) warnings.push(`${scanner.facts.droppedPrivilegeStatements} GRANT/REVOKE statements were skipped (--no-privileges).`);
    const report: ImportedRestoreReport = {
      backupId: source.backupId,
      database: facts.database ?? '(unknown)',
      targetDatabase: target.database,
      durationMs: Date.now() - started,
      bytesRead: opened.stored.bytes,
      tablesChecked: actual.length,
      mismatches,
      warnings,
      format: base.format,
      tables: actual,
      compared: expected !== undefined,
      facts,
    };
    if (source.backupId) {
      options.catalog?.recordVerification(source.backupId, 'restore', mismatches.length === 0, `restored into ${target.database}; ${actual.length} tables, ${expected ? `${mismatches.length} differ from the file` : 'not compared (no COPY data)'}`);
    }
    log.info('restored', { database: target.database, tables: actual.length, mismatches: mismatches.length });
    audit.append({ event: 'restore_complete', status: mismatches.length === 0 ? 'success' : 'warning', details: `Restored ${source.fileName} into "${target.database}": ${actual.length} tables, ${expected ? `${mismatches.length} differ from the file` : 'row counts not compared'}`, ...about });
    return report;
  } catch (error) {
    const failure = options.signal?.aborted ? new LifeboatError('CANCELLED', created ? 'The restore was cancelled; the new database was removed.' : 'The restore was cancelled.') : toLifeboatError(error);
    stopAll();
    if (created) {
      await withMaintenanceClient(target, (client) => dropDatabaseForce(client, target.database, serverMajor)).catch((dropError: unknown) => {
        log.error('could not drop half-restored database', { database: target.database, error: (dropError as Error).message });
      });
    }
    if (source.backupId) options.catalog?.recordVerification(source.backupId, 'restore', false, failure.message);
    log.error('failed', { code: failure.code, error: failure.message });
    audit.append({ event: 'restore_complete', status: 'error', details: `Restore of ${source.fileName} into "${target.database}" failed: ${failure.message}`, ...about });
    throw failure;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** Tables in the file compare exactly; a table the file has no rows for must be empty. */
function compareWithFile(expected: TableRowCount[], actual: TableRowCount[]): RowCountComparison[] {
  const key = (t: { schema: string; table: string }) => `${t.schema}\u0000${t.table}`;
  const actualByKey = new Map(actual.map((t) => [key(t), t.rows]));
  const expectedKeys = new Set(expected.map(key));
  const mismatches: RowCountComparison[] = [];
  for (const t of expected) {
    const got = actualByKey.get(key(t));
    if (got !== t.rows) mismatches.push({ schema: t.schema, table: t.table, expected: t.rows, actual: got ?? null });
  }
  for (const t of actual) {
    if (!expectedKeys.has(key(t)) && t.rows > 0) mismatches.push({ schema: t.schema, table: t.table, expected: null, actual: t.rows });
  }
  return mismatches;
}

/** psql's first ERROR line, with the line of the file it came from. */
export function explainPsqlFailure(error: unknown, stderr: string, label: string): LifeboatError {
  const failure = toLifeboatError(error);
  if (['PG_UNREACHABLE', 'PG_AUTH_FAILED', 'PG_DB_MISSING', 'PG_TOOLS_MISSING'].includes(failure.code)) return failure;
  const match = /^psql:[^\n]*?:(\d+): (ERROR|FATAL):\s+(.*)$/m.exec(stderr) ?? /^(?:psql: )?(ERROR|FATAL):\s+(.*)$/m.exec(stderr);
  if (!match) return failure;
  const line = match.length === 4 ? match[1] : undefined;
  const message = (match.length === 4 ? match[3] : match[2])!.trim();
  const missingRole = /role "[^"]+" does not exist/i.test(message);
  return new LifeboatError('PG_RESTORE_FAILED', `The SQL in ${path.basename(label)} failed${line ? ` at line ${line}` : ''}: ${message}. psql stopped there (ON_ERROR_STOP); nothing of this restore was kept.`, {
    fix: missingRole
      ? 'The file gives objects to a role this server does not have: create that role first, or restore with --no-owner.'
      : 'Fix the cause on the target server (a missing role or extension, an older PostgreSQL version than the file needs) and restore again.',
    cause: error,
    details: line ? { line: Number(line) } : undefined,
  });
}

/** pg_restore --exit-on-error's failing statement, with --no-owner suggested for a missing role. */
export function explainPgRestoreFailure(error: unknown, stderr: string, label: string): LifeboatError {
  const failure = toLifeboatError(error);
  if (['PG_UNREACHABLE', 'PG_AUTH_FAILED', 'PG_DB_MISSING', 'PG_TOOLS_MISSING'].includes(failure.code)) return failure;
  const match = /ERROR:\s+(.*)$/m.exec(stderr);
  if (!match) return failure;
  const command = /Command was:\s*(.*)$/m.exec(stderr)?.[1]?.trim();
  const missingRole = /role "[^"]+" does not exist/i.test(match[1]!);
  return new LifeboatError('PG_RESTORE_FAILED', `pg_restore could not restore ${path.basename(label)}: ${match[1]!.trim()}${command ? ` (while running: ${command.slice(0, 100)})` : ''}. Nothing of this restore was kept.`, {
    fix: missingRole
      ? 'The archive gives objects to a role this server does not have: create that role first, or restore with --no-owner.'
      : 'Fix the cause on the target server (a missing role or extension, an older PostgreSQL version than the archive needs) and restore again.',
    cause: error,
  });
}

// ── Routing for `lifeboat restore` / `lifeboat verify` ───────────────────────────────────────

/** An imported backup: catalogued without a manifest (legacy file where it lies). */
export function isImportedRecord(record: BackupRecord): boolean {
  return record.files.some((f) => f.role === 'dump') && !record.files.some((f) => f.role === 'manifest');
}

/** The first present copy of an imported backup, as a LegacySource checked against the catalog's size and SHA-256. */
export async function sourceFromImportedRecord(record: BackupRecord, resolve: ResolveDestination): Promise<LegacySource> {
  const dump = record.files.find((f) => f.role === 'dump');
  if (!dump) throw new LifeboatError('BACKUP_INCOMPLETE', `The catalog entry of backup ${record.id} lists no file.`);
  let firstError: unknown;
  for (const copy of copyCandidates(record)) {
    try {
      const dest = await resolve(copy.destinationId);
      const key = copy.prefix ? `${copy.prefix}/${dump.name}` : dump.name;
      const stat = await dest.stat(key);
      if (!stat) throw new LifeboatError('BACKUP_NOT_FOUND', `${dest.label}/${key} is gone (imported backup ${record.id}).`, { fix: 'Put the file back where it was imported from, or import it again from its new place.' });
      return {
        label: `${dest.label.replace(/\/$/, '')}/${key}`,
        fileName: dump.name,
        size: stat.size,
        mtime: undefined,
        backupId: record.id,
        expected: { size: dump.size, sha256: dump.sha256 },
        open: () => dest.read(key),
      };
    } catch (error) {
      firstError ??= error;
    }
  }
  throw firstError ?? new LifeboatError('BACKUP_NOT_FOUND', `No copy of backup ${record.id} could be read.`);
}

/**
 * For `lifeboat restore|verify REF`: a LegacySource when REF is an imported catalog entry or a
 * file that is not Lifeboat's own (age) format; undefined when Lifeboat's own path applies.
 */
export async function legacySourceFor(ref: string, repo: BackupsRepo | undefined, resolve: ResolveDestination): Promise<LegacySource | undefined> {
  const record = repo?.find(ref);
  if (record) return isImportedRecord(record) ? sourceFromImportedRecord(record, resolve) : undefined;
  const stat = await fs.stat(ref).catch(() => undefined);
  if (!stat?.isFile() || ref.endsWith('.manifest.json')) return undefined;
  const head = await readHead(ref);
  if (detectFormat(head).kind === 'age') return undefined;
  return sourceFromPath(ref);
}
