// Bringing a backup made without Lifeboat (pg_dump | gzip | openssl/Fernet/gpg, or a custom
// archive) into the catalog: the file is read to its end through every layer and checked
// (the SQL ends where pg_dump ends it; an archive passes pg_restore reading all of it), then
// recorded as a succeeded backup with one copy: the file where it lies. Nothing is written
// beside it and it is never moved; restores read it there (restore-imported.ts).
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { abortable } from '../pipeline/abortable-source';
import type { EncryptionKind, TableRowCount, VerifyReport } from '../../src-shared/types';
import type { BackupsRepo } from '../catalog/backups-repo';
import { noAudit, type AuditSink } from '../records/audit-sink';
import { ProgressTracker, type ProgressListener } from '../pipeline/progress';
import { checkExpected, describeFormat, openPayload, sourceFromPath, type LayerInfo, type LegacyKeys, type LegacySource, type OpenedPayload } from './decode-chain';
import type { PayloadKind } from './detect';
import { hintsFromFileName, importedBackupId } from './names';
import { toolsForArchive } from '../pg/tool-locator';
import { archiveToSql, discard } from './read-payload';
import { settleMostTelling } from './streams';
import { SqlScanner, type SqlFacts } from './sql-scan';

export const IMPORTED_JOB = 'imported';

/** What reading a legacy file to its end established. */
export interface LegacyFileFacts {
  label: string;
  fileName: string;
  layers: LayerInfo[];
  payload: PayloadKind;
  /** "openssl enc -aes-256-cbc -pbkdf2 → gzip → plain SQL (pg_dump -Fp)" */
  format: string;
  storedBytes: number;
  sha256: string;
  payloadBytes: number;
  /** From the archive header, else the file name. */
  database: string | undefined;
  serverVersion: string | undefined;
  toolVersion: string | undefined;
  /** Best estimate of when the dump was made (Fernet timestamp, archive header, file name, mtime). */
  madeAt: Date;
  /** Rows per table in the file's COPY data; undefined when it has rows in another form. */
  tables: TableRowCount[] | undefined;
  sql: Pick<SqlFacts, 'fromPgDump' | 'dumpComplete' | 'statements'>;
}

/** Facts that come from the decoding chain alone (before the payload was read). */
export function chainFacts(source: LegacySource, opened: OpenedPayload): Omit<LegacyFileFacts, 'storedBytes' | 'sha256' | 'payloadBytes' | 'tables' | 'sql' | 'serverVersion' | 'toolVersion'> & { serverVersion: string | undefined; toolVersion: string | undefined } {
  const hints = hintsFromFileName(source.fileName);
  return {
    label: source.label,
    fileName: source.fileName,
    layers: opened.layers,
    payload: opened.payload,
    format: describeFormat(opened.layers, opened.payloadName),
    database: opened.archive?.database ?? hints.database,
    serverVersion: opened.archive?.serverVersion,
    toolVersion: opened.archive?.toolVersion,
    madeAt: opened.encryptedAt ?? opened.archive?.createdAt ?? hints.madeAt ?? source.mtime ?? new Date(),
  };
}

export function completeFacts(base: ReturnType<typeof chainFacts>, opened: OpenedPayload, scanner: SqlScanner): LegacyFileFacts {
  return {
    ...base,
    serverVersion: base.serverVersion ?? scanner.facts.serverVersion,
    toolVersion: base.toolVersion ?? scanner.facts.toolVersion,
    storedBytes: opened.stored.bytes,
    sha256: opened.stored.sha256(),
    payloadBytes: opened.payloadMeasure.bytes,
    tables: scanner.facts.copyRows,
    sql: { fromPgDump: scanner.facts.fromPgDump, dumpComplete: scanner.facts.dumpComplete, statements: scanner.facts.statements },
  };
}

/** Reads a legacy file to its end through every layer and checks it; creates nothing. */
export async function inspectLegacyFile(source: LegacySource, keys: LegacyKeys, options: { onProgress?: ProgressListener } = {}): Promise<LegacyFileFacts> {
  const progress = new ProgressTracker(options.onProgress);
  progress.start('verifying', source.size ?? null);
  const opened = await openPayload(source, keys, { onStoredBytes: (n) => progress.update(n) });
  const base = chainFacts(source, opened);
  const scanner = new SqlScanner({ label: source.label });
  try {
    if (opened.payload === 'sql') {
      const read = pipeline(opened.stream, scanner, discard());
      await settleMostTelling([opened.done, read], () => opened.destroy());
    } else {
      const tools = await toolsForArchive(base.toolVersion);
      const restore = archiveToSql(tools, scanner);
      const fed = pipeline(opened.stream, restore.stdin);
      await settleMostTelling([opened.done, restore.stages[0]!, fed, ...restore.stages.slice(1)], () => {
        restore.tool.kill();
        opened.destroy();
      });
    }
  } catch (error) {
    opened.destroy();
    throw error;
  }
  checkExpected(source, opened.stored);
  progress.finish();
  return completeFacts(base, opened, scanner);
}

export interface ImportOptions {
  file: string;
  keys: LegacyKeys;
  repo: BackupsRepo;
  /** Catalog job name; default "imported". */
  job?: string;
  /** Overrides the database name found in the archive or the file name. */
  database?: string;
  onProgress?: ProgressListener;
  audit?: AuditSink;
  /** Aborting stops the reading (the file is then not catalogued). */
  signal?: AbortSignal;
}

export interface ImportResult {
  backupId: string;
  /** 'added', or 'existing' when this file at this place was imported before. */
  outcome: 'added' | 'existing';
  facts: LegacyFileFacts;
  database: string;
  job: string;
  warnings: string[];
}

/** Detects, reads to the end and checks a legacy file, then catalogues it where it lies. */
export async function importBackupFile(options: ImportOptions): Promise<ImportResult> {
  const found = await sourceFromPath(options.file);
  const source = options.signal ? abortable(found, options.signal) : found;
  const audit = options.audit ?? noAudit;
  try {
    const facts = await inspectLegacyFile(source, options.keys, { onProgress: options.onProgress });
    return catalogueLegacyFile(options.repo, facts, { job: options.job, database: options.database, audit });
  } catch (error) {
    audit.append({ event: 'backup_verify', status: 'error', details: `Import of ${source.label} failed: ${(error as Error).message}`, backup_file: source.fileName });
    throw error;
  }
}

/** The catalog entry for a checked legacy file: succeeded, one folder copy (the file's own folder, prefix ''). */
export function catalogueLegacyFile(repo: BackupsRepo, facts: LegacyFileFacts, options: { job?: string; database?: string; audit?: AuditSink } = {}): ImportResult {
  const job = options.job ?? IMPORTED_JOB;
  const database = options.database ?? facts.database ?? 'unknown';
  const dir = path.dirname(facts.label);
  const destinationId = `folder:${dir}`;
  const backupId = importedBackupId(facts.madeAt, facts.sha256, facts.label);
  const warnings = importWarnings(facts);
  const existing = repo.get(backupId);
  if (existing) {
    repo.setCopyStatus(backupId, destinationId, 'present', null);
    return { backupId, outcome: 'existing', facts, database: existing.database, job: existing.job, warnings: existing.warnings };
  }
  const madeAt = facts.madeAt.toISOString();
  repo.insertRunning({
    id: backupId,
    job,
    database,
    startedAt: madeAt,
    source: `${facts.label} (imported)`,
    serverVersion: facts.serverVersion ?? null,
    toolVersion: facts.toolVersion ?? null,
    encryptionKind: encryptionOf(facts.layers),
    recipients: [],
  });
  repo.setCopy(backupId, { destinationId, kind: 'folder', prefix: '', status: 'present', errorMessage: null });
  repo.markSucceeded(backupId, {
    finishedAt: madeAt,
    dumpBytes: facts.payloadBytes,
    storedBytes: facts.storedBytes,
    warnings,
    files: [{ role: 'dump', name: facts.fileName, size: facts.storedBytes, sha256: facts.sha256 }],
  });
  repo.recordVerification(backupId, 'verify', true, `imported: ${facts.format}, read to the end (${facts.storedBytes} bytes)${facts.tables ? `, ${facts.tables.length} tables with COPY data` : ''}`);
  options.audit?.append({ event: 'backup_verify', status: 'success', details: `Imported ${facts.fileName} (${facts.format}): read to the end and checked, ${facts.storedBytes} bytes`, backup_id: backupId, backup_file: facts.fileName, job, database, destination: destinationId });
  return { backupId, outcome: 'added', facts, database, job, warnings };
}

/**
 * How the file is encrypted, in the catalog's encryption_kind column: 'passphrase' for openssl
 * enc and gpg --symmetric (what the UI shows as "Passphrase"), 'fernet', 'gpg-key', or 'none'.
 */
export function encryptionOf(layers: LayerInfo[]): EncryptionKind {
  for (const layer of layers) {
    if (layer.kind === 'openssl-enc') return 'passphrase';
    if (layer.kind === 'fernet') return 'fernet';
    if (layer.kind === 'gpg') return layer.name.includes('public key') ? 'gpg-key' : 'passphrase';
  }
  return 'none';
}

function importWarnings(facts: LegacyFileFacts): string[] {
  const warnings = [`imported from ${facts.format}${facts.toolVersion ? `, written by pg_dump ${facts.toolVersion}` : ''}: no Lifeboat manifest, so restores are compared with the row counts in the file itself`];
  if (facts.layers.some((l) => l.kind === 'openssl-enc')) warnings.push('openssl enc (AES-CBC) has no integrity check of its own; damage is caught only by the layers inside it (gzip checksums, pg_restore, the SQL ending where pg_dump ends it)');
  if (facts.layers.length === 0) warnings.push('not encrypted: anyone who can read the file can read the data');
  if (facts.tables === undefined) warnings.push('some table data is not in COPY form, so its rows cannot be counted from the file');
  return warnings;
}

export interface LegacyVerifyReport extends VerifyReport {
  /** "gzip → plain SQL (pg_dump -Fp)" */
  format: string;
}

/** `lifeboat verify` for a legacy file or an imported backup: read to the end through every layer, checked against the catalog's SHA-256 when imported. */
export async function verifyLegacyFile(source: LegacySource, keys: LegacyKeys, options: { catalog?: BackupsRepo; onProgress?: ProgressListener; audit?: AuditSink } = {}): Promise<LegacyVerifyReport> {
  const audit = options.audit ?? noAudit;
  const about = { backup_id: source.backupId ?? undefined, backup_file: source.fileName };
  try {
    const facts = await inspectLegacyFile(source, keys, { onProgress: options.onProgress });
    const report: LegacyVerifyReport = {
      backupId: source.backupId,
      label: source.label,
      storedBytes: facts.storedBytes,
      dumpBytes: facts.payloadBytes,
      sha256: facts.sha256,
      hashChecked: Boolean(source.expected?.sha256),
      tocEntries: facts.sql.statements,
      tableDataEntries: facts.tables?.length ?? 0,
      tables: facts.tables?.length ?? null,
      format: facts.format,
    };
    if (source.backupId) options.catalog?.recordVerification(source.backupId, 'verify', true, `${facts.storedBytes} bytes read to the end (${facts.format})`);
    audit.append({ event: 'backup_verify', status: 'success', details: `Verified ${source.fileName} (${facts.format}): read to the end${report.hashChecked ? ', SHA-256 matches the catalog' : ''}`, ...about });
    return report;
  } catch (error) {
    if (source.backupId) options.catalog?.recordVerification(source.backupId, 'verify', false, (error as Error).message);
    audit.append({ event: 'backup_verify', status: 'error', details: `Verify of ${source.fileName} failed: ${(error as Error).message}`, ...about });
    throw error;
  }
}
