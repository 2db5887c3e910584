// Scrubbing: reads stored copies back, checks size and SHA-256 of every file (and, with a key,
// that the dump decrypts and decompresses), and records each copy as present, missing or
// corrupt, so restores never pick a bad copy while a good one exists.
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { toLifeboatError } from '../../src-shared/errors';
import type { BackupCopy, BackupRecord, CopyStatus } from '../../src-shared/types';
import type { BackupsRepo } from '../catalog/backups-repo';
import type { AgeDecryptOptions } from '../crypto';
import { noAudit, type AuditSink } from '../records/audit-sink';
import { decodeBackup } from './decode-stream';
import { MeasureStream } from './measure-stream';
import type { ResolveDestination } from './restore-source';

export interface ScrubOutcome {
  backupId: string;
  destinationId: string;
  before: CopyStatus;
  after: CopyStatus;
  detail: string | null;
}

export interface ScrubOptions {
  repo: BackupsRepo;
  resolve: ResolveDestination;
  /** Percentage of backups to check (random sample), 1–100. */
  samplePercent?: number;
  /** When given, dumps are also decrypted and decompressed. */
  keys?: AgeDecryptOptions;
  random?: () => number;
  audit?: AuditSink;
}

const SCRUBBED_STATUSES: ReadonlySet<CopyStatus> = new Set(['present', 'missing', 'corrupt']);

export async function scrub(options: ScrubOptions): Promise<ScrubOutcome[]> {
  const backups = options.repo.list({ limit: 1_000_000 }).filter((b) => b.status === 'succeeded');
  const sample = samplePercent(backups, options.samplePercent ?? 100, options.random ?? Math.random);
  const outcomes: ScrubOutcome[] = [];
  for (const backup of sample) {
    for (const copy of backup.copies.filter((c) => SCRUBBED_STATUSES.has(c.status))) {
      const result = await checkCopy(backup, copy, options);
      options.repo.setCopyStatus(backup.id, copy.destinationId, result.status, result.detail);
      (options.audit ?? noAudit).append({ event: 'backup_scrub', status: result.status === 'present' ? (result.detail ? 'warning' : 'success') : 'error', details: result.detail ?? 'Copy read back: size and SHA-256 match', backup_id: backup.id, job: backup.job, database: backup.database, destination: copy.destinationId });
      outcomes.push({ backupId: backup.id, destinationId: copy.destinationId, before: copy.status, after: result.status, detail: result.detail });
    }
  }
  return outcomes;
}

function samplePercent<T>(items: T[], percent: number, random: () => number): T[] {
  if (percent >= 100) return items;
  const count = Math.max(1, Math.round((items.length * percent) / 100));
  const shuffled = [...items];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  return shuffled.slice(0, count);
}

async function checkCopy(backup: BackupRecord, copy: BackupCopy, options: ScrubOptions): Promise<{ status: CopyStatus; detail: string | null }> {
  try {
    const dest = await options.resolve(copy.destinationId);
    for (const file of backup.files) {
      const key = `${copy.prefix}/${file.name}`;
      const stat = await dest.stat(key);
      if (!stat) return { status: 'missing', detail: `${file.name} is missing from ${dest.label}` };
      if (file.size !== null && stat.size !== file.size) return { status: 'corrupt', detail: `${file.name} is ${stat.size} bytes, expected ${file.size}` };
      if (file.sha256 === null) continue;
      let sha256: string;
      if (file.role === 'dump' && options.keys) {
        const decoded = decodeBackup(await dest.read(key), options.keys, `${dest.label}/${key}`);
        await Promise.all([decoded.done, pipeline(decoded.plain, discard())]);
        sha256 = decoded.stored.sha256();
      } else {
        const measured = new MeasureStream({ hash: true });
        await pipeline(await dest.read(key), measured, discard());
        sha256 = measured.sha256();
      }
      if (sha256 !== file.sha256) return { status: 'corrupt', detail: `${file.name} does not match its SHA-256 (damaged on ${dest.label})` };
    }
    return { status: 'present', detail: null };
  } catch (error) {
    const failure = toLifeboatError(error);
    if (failure.code === 'DECRYPT_CORRUPT' || failure.code === 'HASH_MISMATCH') return { status: 'corrupt', detail: failure.message };
    if (failure.code === 'BACKUP_NOT_FOUND') return { status: 'missing', detail: failure.message };
    // An unreachable destination or a wrong key says nothing about the copy itself: keep its status.
    return { status: copy.status, detail: `not checked: ${failure.message}` };
  }
}

function discard(): Writable {
  return new Writable({ write: (_chunk, _enc, done) => done() });
}
