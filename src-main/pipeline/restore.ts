// Restores a backup into a NEW database: decrypt and decompress while streaming into
// pg_restore --exit-on-error, then ANALYZE and compare row counts with the manifest.
// Any failure drops the database this restore created; an existing database is never touched.
import { pipeline } from 'node:stream/promises';
import { LifeboatError, toLifeboatError } from '../../src-shared/errors';
import type { RestoreReport, TableRowCount } from '../../src-shared/types';
import type { BackupsRepo } from '../catalog/backups-repo';
import type { AgeDecryptOptions } from '../crypto';
import { silentLogger, type Logger } from '../log';
import { noAudit, type AuditSink } from '../records/audit-sink';
import { readServerInfo, withClient } from '../pg/client';
import type { PgConnection } from '../pg/connection';
import { createEmptyDatabase, databaseExists, dropDatabaseForce, withMaintenanceClient } from '../pg/databases';
import { countRows } from '../pg/row-counts';
import { runTool } from '../pg/run-tool';
import { parseToolVersion, toolsForServer } from '../pg/tool-locator';
import { checkStoredHash, decodeBackup, firstData } from './decode-stream';
import { decryptPrivatePart } from './manifest-io';
import { ProgressTracker, type ProgressListener } from './progress';
import { compareRowCounts } from './row-check';
import { settleStages } from './settle';
import type { RestoreSource } from './restore-source';

export interface RestoreOptions {
  source: RestoreSource;
  /** Connection to the target server; `database` is the NEW database to create. */
  target: PgConnection;
  keys: AgeDecryptOptions;
  noOwner?: boolean;
  catalog?: BackupsRepo;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  log?: Logger;
  audit?: AuditSink;
}

export async function restoreBackup(options: RestoreOptions): Promise<RestoreReport> {
  const log = (options.log ?? silentLogger).scope('restore');
  const { source, target } = options;
  const started = Date.now();
  const progress = new ProgressTracker(options.onProgress);
  progress.start('connecting');
  const manifest = source.manifest;
  const warnings: string[] = [];
  const audit = options.audit ?? noAudit;
  const about = { backup_id: source.backupId ?? undefined, backup_file: source.label, database: target.database };
  audit.append({ event: 'restore_start', status: 'info', details: `Restoring ${source.label} into new database "${target.database}" on ${target.host}:${target.port}`, ...about });
  if (!manifest) warnings.push('No manifest was found beside this file: its hash and row counts cannot be checked.');

  // The key is checked on the manifest's encrypted part before anything is created.
  const expectedTables: TableRowCount[] | undefined = manifest ? (await decryptPrivatePart(manifest, options.keys)).tables : undefined;

  const server = await withMaintenanceClient(target, async (client) => {
    const info = await readServerInfo(client);
    if (await databaseExists(client, target.database)) {
      throw new LifeboatError('TARGET_DB_EXISTS', `A database named "${target.database}" already exists on ${target.host}:${target.port}; it was not touched.`, {
        fix: 'Restore into a new name (for example add _restored and the date).',
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
  const archiveMajor = manifest ? (parseToolVersion(`(PostgreSQL) ${manifest.tools.pgDump}`)?.major ?? 0) : 0;
  const tools = await toolsForServer(Math.max(server.major, archiveMajor), server.version);

  progress.start('restoring', source.size ?? null);
  const decoded = decodeBackup(await source.open(), options.keys, source.label, (n) => progress.update(n));
  let created = false;
  let killRestore: (() => void) | undefined;
  const onAbort = () => {
    killRestore?.();
    decoded.plain.destroy(new LifeboatError('CANCELLED', 'The restore was cancelled.'));
  };
  options.signal?.addEventListener('abort', onAbort);
  try {
    // Only once the first chunk has decrypted (right key, intact start) is the database created.
    await firstData(decoded.plain).catch(async (error: unknown) => {
      await decoded.done; // its error names the file; the stream's own error does not
      throw error;
    });
    await withMaintenanceClient(target, (client) => createEmptyDatabase(client, target.database));
    created = true;
    log.info('created target', { database: target.database });
    const args = ['--exit-on-error', '--no-password', `--dbname=${target.database}`];
    if (options.noOwner) args.push('--no-owner');
    const restore = runTool(tools.paths.pg_restore, args, target, { stdin: 'pipe', stdout: 'ignore' });
    killRestore = restore.kill;
    const fed = pipeline(decoded.plain, restore.child.stdin!);
    fed.catch(() => undefined);
    // A damaged or truncated file is the root cause when pg_restore also fails, so decoding is reported first.
    await settleStages([decoded.done, restore.done, fed], restore.kill);
    checkStoredHash(manifest, decoded.stored, source.label);
    progress.finish();

    progress.start('analyzing');
    const actual = await withClient(target, async (client) => {
      await client.query('ANALYZE');
      return countRows(client);
    });
    const mismatches = expectedTables ? compareRowCounts(expectedTables, actual) : [];
    const report: RestoreReport = {
      backupId: source.backupId,
      database: manifest?.database ?? '(unknown)',
      targetDatabase: target.database,
      durationMs: Date.now() - started,
      bytesRead: decoded.stored.bytes,
      tablesChecked: actual.length,
      mismatches,
      warnings,
    };
    if (source.backupId) {
      options.catalog?.recordVerification(source.backupId, 'restore', mismatches.length === 0, `restored into ${target.database}; ${actual.length} tables checked, ${mismatches.length} differ`);
    }
    log.info('restored', { database: target.database, tables: actual.length, mismatches: mismatches.length });
    audit.append({ event: 'restore_complete', status: mismatches.length === 0 ? 'success' : 'warning', details: `Restored into "${target.database}": ${actual.length} tables checked, ${mismatches.length} differ from the backup`, ...about });
    return report;
  } catch (error) {
    const failure = options.signal?.aborted ? new LifeboatError('CANCELLED', 'The restore was cancelled; the new database was removed.') : toLifeboatError(error);
    killRestore?.();
    decoded.plain.destroy();
    if (created) {
      await withMaintenanceClient(target, (client) => dropDatabaseForce(client, target.database, server.major)).catch((dropError: unknown) => {
        log.error('could not drop half-restored database', { database: target.database, error: (dropError as Error).message });
      });
    }
    if (source.backupId) options.catalog?.recordVerification(source.backupId, 'restore', false, failure.message);
    log.error('failed', { code: failure.code, error: failure.message });
    audit.append({ event: 'restore_complete', status: 'error', details: `Restore into "${target.database}" failed: ${failure.message}`, ...about });
    throw failure;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}

