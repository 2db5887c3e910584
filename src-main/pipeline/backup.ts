// One backup of one database: pg_dump -Fc -Z0 → zstd → age → SHA-256 → every destination,
// streamed end to end with no plaintext on disk. The run is `succeeded` in the catalog only
// after the dump, the globals and the manifest are durable in at least one destination.
import os from 'node:os';
import { pipeline } from 'node:stream/promises';
import { CompressStream } from 'zstd-napi';
import { LifeboatError, toLifeboatError } from '../../src-shared/errors';
import type { Manifest, ManifestFile } from '../../src-shared/manifest';
import type { TableRowCount } from '../../src-shared/types';
import type { BackupsRepo } from '../catalog/backups-repo';
import { createEncryptStream, type AgeEncryptOptions } from '../crypto';
import { silentLogger, type Logger } from '../log';
import { noAudit, type AuditSink } from '../records/audit-sink';
import { readServerInfo, withClient, type ServerInfo } from '../pg/client';
import type { PgConnection } from '../pg/connection';
import { classifyDumpStderr, incompleteDumpError } from '../pg/dump-warnings';
import { exportSnapshot, type DumpSnapshot } from '../pg/row-counts';
import { runTool } from '../pg/run-tool';
import { toolsForServer, type PgToolSet } from '../pg/tool-locator';
import type { Destination } from '../storage/destination';
import { backupSetNames, newBackupId } from './backup-names';
import { FanOut, type FanOutTarget } from './fan-out';
import { encryptionKind, publicRecipients } from './encryption-info';
import { dumpGlobals } from './globals';
import { buildManifest, encryptPrivatePart } from './manifest-io';
import { MeasureStream } from './measure-stream';
import { ProgressTracker, type ProgressListener } from './progress';
import { settleStages } from './settle';
import { storeSmallEncrypted } from './store-small';

export interface BackupOptions {
  conn: PgConnection;
  destinations: Destination[];
  encryption: AgeEncryptOptions;
  job?: string;
  compressionLevel?: number;
  compressionThreads?: number;
  /** Exact row counts in the dump's snapshot (default on). */
  rowCounts?: boolean;
  /** pg_dumpall --globals-only beside the dump (default on). */
  globals?: boolean;
  lockWaitTimeoutMs?: number;
  catalog?: BackupsRepo;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  log?: Logger;
  audit?: AuditSink;
  /** Called with the backup's id as soon as its run is recorded. */
  onStarted?: (id: string) => void;
}

export interface CopyOutcome {
  destinationId: string;
  status: 'present' | 'failed';
  error?: string;
}

export interface BackupResult {
  id: string;
  manifest: Manifest;
  prefix: string;
  copies: CopyOutcome[];
  warnings: string[];
  tables: TableRowCount[];
}

export async function backupDatabase(options: BackupOptions): Promise<BackupResult> {
  const log = (options.log ?? silentLogger).scope('backup');
  const { conn } = options;
  const job = options.job ?? 'adhoc';
  if (options.destinations.length === 0) throw new LifeboatError('BAD_INPUT', 'No destination was given.', { fix: 'Add at least one destination (--to DIR).' });
  const progress = new ProgressTracker(options.onProgress);
  progress.start('connecting');

  const startedAt = new Date();
  const id = newBackupId(startedAt);
  const names = backupSetNames(job, conn.database, startedAt, id);
  const compressionLevel = options.compressionLevel ?? 3;
  const audit = options.audit ?? noAudit;
  const about = { backup_id: id, backup_file: names.dump, job, database: conn.database };
  const catalog = options.catalog;
  // Every attempt is recorded, even one that fails at the first connection, so failures show in history and alerts.
  catalog?.insertRunning({
    id,
    job,
    database: conn.database,
    startedAt: startedAt.toISOString(),
    source: `${conn.host}:${conn.port}`,
    serverVersion: null,
    toolVersion: null,
    encryptionKind: encryptionKind(options.encryption),
    recipients: publicRecipients(options.encryption),
  });
  options.onStarted?.(id);

  // Everything that can be checked before touching a destination is checked first.
  let server: ServerInfo;
  let tools: PgToolSet;
  let databaseBytes: number;
  let usable: Destination[];
  let preflightErrors: Array<{ dest: Destination; error: LifeboatError }>;
  try {
    ({ server, databaseBytes } = await withClient(conn, async (client) => {
      const info = await readServerInfo(client);
      const size = await client.query<{ n: string }>('SELECT pg_database_size(current_database()) AS n');
      return { server: info, databaseBytes: Number(size.rows[0]?.n ?? 0) };
    }));
    tools = await toolsForServer(server.major, server.version);
    catalog?.setVersions(id, server.version, tools.version);
    log.info('starting', { id, database: conn.database, server: server.version, pgDump: tools.version, destinations: options.destinations.length });
    audit.append({ event: 'backup_create_start', status: 'info', details: `Starting backup of ${conn.database} (PostgreSQL ${server.version}, pg_dump ${tools.version})`, ...about });
    const preflights = await Promise.allSettled(options.destinations.map((d) => d.preflight(Math.ceil(databaseBytes * 0.5))));
    usable = options.destinations.filter((_, i) => preflights[i]?.status === 'fulfilled');
    preflightErrors = preflights.flatMap((p, i) => (p.status === 'rejected' ? [{ dest: options.destinations[i]!, error: toLifeboatError(p.reason) }] : []));
    if (usable.length === 0) throw preflightErrors[0]?.error ?? new LifeboatError('DEST_FAILED', 'No destination is usable.');
  } catch (error) {
    const failure = toLifeboatError(error);
    catalog?.markFailed(id, 'failed', { code: failure.code, message: failure.message, fix: failure.fix });
    log.error('failed before dumping', { id, code: failure.code, error: failure.message });
    audit.append({ event: 'backup_create_complete', status: 'error', details: `Backup of ${conn.database} failed: ${failure.message}`, ...about });
    throw failure;
  }
  for (const { dest, error } of preflightErrors) {
    catalog?.setCopy(id, { destinationId: dest.id, kind: dest.kind, prefix: names.prefix, status: 'failed', errorMessage: error.message });
  }
  for (const dest of usable) catalog?.setCopy(id, { destinationId: dest.id, kind: dest.kind, prefix: names.prefix, status: 'writing', errorMessage: null });

  const targets: FanOutTarget[] = [];
  /** Files already under their final name: removed again if the run fails before its manifest is written. */
  const committed: Array<{ dest: Destination; key: string }> = [];
  let snapshot: DumpSnapshot | undefined;
  let killDump: (() => void) | undefined;
  const onAbort = () => killDump?.();
  options.signal?.addEventListener('abort', onAbort);
  try {
    options.signal?.throwIfAborted();
    for (const dest of usable) {
      targets.push({ destinationId: dest.id, writer: await dest.createWriter(`${names.prefix}/${names.dump}`), explain: (e) => dest.explainError(e) });
    }
    const lockWaitTimeoutMs = options.lockWaitTimeoutMs ?? 300_000;
    if (options.rowCounts !== false) snapshot = await exportSnapshot(conn, lockWaitTimeoutMs);

    const args = ['--format=custom', '--compress=0', '--no-password', `--lock-wait-timeout=${lockWaitTimeoutMs}`];
    if (snapshot) args.push(`--snapshot=${snapshot.id}`);
    const stderrLines: string[] = [];
    // Roles and tablespaces are read alongside the dump (tiny, and not part of its snapshot anyway).
    const globalsPromise = options.globals !== false ? dumpGlobals(tools, conn) : undefined;
    globalsPromise?.catch(() => undefined);
    const dump = runTool(tools.paths.pg_dump, args, conn, { onStderrLine: (line) => stderrLines.push(line) });

    progress.start('dumping', databaseBytes);
    // pg_dump writes its first byte only after it has imported the snapshot and locked every
    // table; counting starts then, so a failing count can never invalidate pg_dump's snapshot.
    let dumpStarted: () => void = () => undefined;
    const firstOutput = new Promise<void>((resolve) => (dumpStarted = resolve));
    const plain = new MeasureStream({
      onBytes: (n) => {
        dumpStarted();
        progress.update(n);
      },
    });
    const stored = new MeasureStream({ hash: true });
    const fanOut = new FanOut(targets, (target) => {
      log.warn('destination failed', { id, destination: target.destinationId, error: target.failure?.message });
    });
    const compress = new CompressStream({ compressionLevel, nbWorkers: options.compressionThreads ?? defaultCompressionThreads() });
    // A cancel must not wait for zstd to finish what it buffered (slow at high levels).
    killDump = () => {
      dump.kill();
      if (options.signal?.aborted) compress.destroy(cancelledError());
    };
    const streamed = pipeline(
      dump.child.stdout!,
      plain,
      compress,
      createEncryptStream(options.encryption),
      stored,
      fanOut,
    );
    streamed.catch(() => undefined); // observed below through Promise.all
    const activeSnapshot = snapshot;
    const countsPromise = activeSnapshot ? firstOutput.then(() => activeSnapshot.countRows()) : Promise.resolve([]);
    countsPromise.catch(() => undefined);
    // A failed destination breaks pg_dump's pipe too, so the stream's own error is reported first.
    await settleStages([streamed, dump.done], dump.kill);
    const tables = await countsPromise;
    await snapshot?.close();
    snapshot = undefined;
    progress.finish();

    const { skipped, warnings } = classifyDumpStderr(stderrLines);
    if (skipped.length > 0) throw incompleteDumpError(skipped, conn.database);

    // Durable under the final name in each surviving destination.
    progress.start('finishing');
    await Promise.all(
      fanOut.active.map(async (target) => {
        try {
          await target.writer.commit();
          committed.push({ dest: usable.find((d) => d.id === target.destinationId)!, key: `${names.prefix}/${names.dump}` });
        } catch (error) {
          target.failure = target.explain(error);
        }
      }),
    );
    await Promise.all(targets.filter((t) => t.failure).map((t) => t.writer.abort()));
    const survivors = () => usable.filter((d) => targets.find((t) => t.destinationId === d.id && !t.failure));
    if (survivors().length === 0) throw targets[0]?.failure ?? new LifeboatError('DEST_FAILED', 'No copy of the backup could be written.');

    const files: ManifestFile[] = [{ role: 'dump', name: names.dump, size: stored.bytes, sha256: stored.sha256() }];
    if (globalsPromise) {
      progress.start('globals');
      const globals = await globalsPromise;
      if (globals.warning) warnings.push(globals.warning);
      if (globals.ok) {
        const file = await storeSmallEncrypted(survivors(), `${names.prefix}/${names.globals}`, globals.sql, compressionLevel, options.encryption, (dest, error) => {
          markTargetFailed(targets, dest.id, error);
        });
        files.push({ role: 'globals', name: names.globals, ...file });
        for (const dest of survivors()) committed.push({ dest, key: `${names.prefix}/${names.globals}` });
      }
    }

    const manifest = buildManifest({
      id,
      job,
      database: conn.database,
      server,
      toolVersion: tools.version,
      startedAt,
      finishedAt: new Date(),
      dumpBytes: plain.bytes,
      compressionLevel,
      encryption: options.encryption,
      files,
      rowCounts: options.rowCounts !== false ? 'exact' : 'off',
      privatePart: await encryptPrivatePart({ tables }, options.encryption),
    });
    const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2) + '\n');
    await Promise.all(
      survivors().map((dest) =>
        dest.writeSmall(`${names.prefix}/${names.manifest}`, manifestBytes).catch((error: unknown) => markTargetFailed(targets, dest.id, toLifeboatError(error))),
      ),
    );
    const present = survivors();
    if (present.length === 0) throw targets.find((t) => t.failure)?.failure ?? new LifeboatError('DEST_FAILED', 'The manifest could not be written anywhere.');

    const copies: CopyOutcome[] = options.destinations.map((dest) => {
      const target = targets.find((t) => t.destinationId === dest.id);
      const failure = target ? target.failure : preflightErrors.find((p) => p.dest === dest)?.error;
      return failure ? { destinationId: dest.id, status: 'failed', error: failure.message } : { destinationId: dest.id, status: 'present' };
    });
    for (const copy of copies) {
      catalog?.setCopyStatus(id, copy.destinationId, copy.status, copy.error ?? null);
      audit.append({ event: 'backup_upload', status: copy.status === 'present' ? 'success' : 'error', details: copy.status === 'present' ? `Stored ${names.dump} (${stored.bytes} bytes, encrypted)` : `Copy failed: ${copy.error}`, destination: copy.destinationId, ...about });
    }
    catalog?.markSucceeded(id, {
      finishedAt: manifest.finishedAt,
      dumpBytes: plain.bytes,
      storedBytes: stored.bytes,
      warnings,
      files: [...files, { role: 'manifest', name: names.manifest, size: manifestBytes.length, sha256: null }],
    });
    log.info('succeeded', { id, dumpBytes: plain.bytes, storedBytes: stored.bytes, copies: present.length });
    audit.append({ event: 'backup_create_complete', status: copies.some((c) => c.status === 'failed') ? 'warning' : 'success', details: `Backup of ${conn.database} succeeded: ${plain.bytes} bytes dumped, ${stored.bytes} stored, ${present.length} of ${copies.length} copies`, ...about });
    return { id, manifest, prefix: names.prefix, copies, warnings, tables };
  } catch (error) {
    const failure = options.signal?.aborted ? cancelledError() : toLifeboatError(error);
    killDump?.();
    await snapshot?.close();
    await Promise.all(targets.map((t) => t.writer.abort().catch(() => undefined)));
    await Promise.all(committed.map(({ dest, key }) => dest.remove(key).catch(() => undefined)));
    catalog?.markFailed(id, failure.code === 'CANCELLED' ? 'cancelled' : 'failed', { code: failure.code, message: failure.message, fix: failure.fix });
    log.error('failed', { id, code: failure.code, error: failure.message });
    audit.append({ event: 'backup_create_complete', status: 'error', details: `Backup of ${conn.database} ${failure.code === 'CANCELLED' ? 'was cancelled' : `failed: ${failure.message}`}`, ...about });
    throw failure;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}

function markTargetFailed(targets: FanOutTarget[], destinationId: string, error: LifeboatError): void {
  const target = targets.find((t) => t.destinationId === destinationId);
  if (target && !target.failure) target.failure = error;
}

function cancelledError(): LifeboatError {
  return new LifeboatError('CANCELLED', 'The backup was cancelled; nothing was kept.');
}

/**
 * zstd worker threads. pg_dump is the bottleneck (level 3 keeps up with it on one thread), and
 * a worker costs ~30 MB of buffers, so compression runs in the main thread unless told otherwise
 * (measured on 1 GB: 3.60 s and 132 MB peak RSS single-threaded, 3.65 s and 163 MB with one worker).
 */
export function defaultCompressionThreads(): number {
  const configured = Number(process.env.LIFEBOAT_COMPRESSION_THREADS || '0');
  return Number.isInteger(configured) && configured >= 0 ? Math.min(configured, os.availableParallelism()) : 0;
}

