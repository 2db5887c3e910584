// Verifies a backup without restoring it: reads every byte, checks size and SHA-256 against
// the manifest, decrypts and decompresses all of it, and has pg_restore read the archive's
// table of contents.
import { pipeline } from 'node:stream/promises';
import { LifeboatError } from '../../src-shared/errors';
import type { ArchiveContents, VerifyReport } from '../../src-shared/types';
import { contentsFromToc } from './archive-contents';
import type { BackupsRepo } from '../catalog/backups-repo';
import type { AgeDecryptOptions } from '../crypto';
import type { PgConnection } from '../pg/connection';
import { noAudit, type AuditSink } from '../records/audit-sink';
import { runTool } from '../pg/run-tool';
import { toolsForArchive } from '../pg/tool-locator';
import { checkStoredHash, decodeBackup } from './decode-stream';
import { decryptPrivatePart } from './manifest-io';
import { ProgressTracker, type ProgressListener } from './progress';
import type { RestoreSource } from './restore-source';
import { settleStages } from './settle';
import { StdinUntilExit } from './stdin-until-exit';

export type { VerifyReport };

export interface VerifyOptions {
  source: RestoreSource;
  keys: AgeDecryptOptions;
  catalog?: BackupsRepo;
  onProgress?: ProgressListener;
  audit?: AuditSink;
  /** Hears what the archive holds (read on the way, at no extra cost) once it verified. */
  onContents?: (contents: ArchiveContents) => void;
}

export async function verifyBackup(options: VerifyOptions): Promise<VerifyReport> {
  const { source } = options;
  const audit = options.audit ?? noAudit;
  const about = { backup_id: source.backupId ?? undefined, backup_file: source.label, job: source.manifest?.job, database: source.manifest?.database };
  const manifest = source.manifest;
  const progress = new ProgressTracker(options.onProgress);
  try {
    const privatePart = manifest ? await decryptPrivatePart(manifest, options.keys) : undefined;
    const tools = await toolsForArchive(manifest?.tools.pgDump);
    progress.start('verifying', source.size ?? null);
    const decoded = decodeBackup(await source.open(), options.keys, source.label, (n) => progress.update(n));
    const list = runTool(tools.paths.pg_restore, ['--list'], noConnection, { stdin: 'pipe', stdout: 'pipe' });
    let toc = '';
    list.child.stdout?.setEncoding('utf8').on('data', (text: string) => (toc += text));
    const fed = pipeline(decoded.plain, new StdinUntilExit(list.child.stdin!));
    await settleStages([decoded.done, fed, list.done], list.kill);
    checkStoredHash(manifest, decoded.stored, source.label);
    if (manifest && decoded.plain.bytes !== manifest.dumpBytes) {
      throw new LifeboatError('HASH_MISMATCH', `${source.label} decrypted to ${decoded.plain.bytes} bytes, the manifest says ${manifest.dumpBytes}.`, {
        fix: 'Restore from another copy of this backup, or choose another backup.',
      });
    }
    progress.finish();
    const entries = toc.split('\n').filter((line) => /^\d+;/.test(line));
    const report: VerifyReport = {
      backupId: source.backupId,
      label: source.label,
      storedBytes: decoded.stored.bytes,
      dumpBytes: decoded.plain.bytes,
      sha256: decoded.stored.sha256(),
      hashChecked: manifest !== undefined,
      tocEntries: entries.length,
      tableDataEntries: entries.filter((line) => / TABLE DATA /.test(line)).length,
      tables: privatePart ? privatePart.tables.length : null,
    };
    options.onContents?.(contentsFromToc(toc, manifest, privatePart));
    if (source.backupId) options.catalog?.recordVerification(source.backupId, 'verify', true, `${report.storedBytes} bytes, ${report.tocEntries} archive entries`);
    audit.append({ event: 'backup_verify', status: 'success', details: `Verified: ${report.storedBytes} bytes read, ${report.hashChecked ? 'hash matches the manifest, ' : ''}${report.tocEntries} archive entries`, ...about });
    return report;
  } catch (error) {
    if (source.backupId) options.catalog?.recordVerification(source.backupId, 'verify', false, (error as Error).message);
    audit.append({ event: 'backup_verify', status: 'error', details: `Verify failed: ${(error as Error).message}`, ...about });
    throw error;
  }
}

/** pg_restore --list reads only its input; this placeholder keeps PG* variables harmless. */
const noConnection: PgConnection = { host: 'localhost', port: 5432, user: 'lifeboat', password: undefined, database: 'postgres', sslmode: undefined };
