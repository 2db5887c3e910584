// The audit log: who did what to which backup, as JSON lines in <dataDir>/audit/audit.log (0600),
// rotated by size. Appending never throws: a backup must not fail because its paper trail could not be written.
import { appendFileSync, mkdirSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { silentLogger, type Logger } from '../log';
import type { AuditEntry, AuditInput } from '../../src-shared/audit';
import { auditFilter, formatAuditLine, parseAuditLine, type AuditQuery } from './audit-line';
import { auditFilePaths, rotateIfNeeded } from './audit-rotation';
import { isoWithOffset } from './zoned-time';

export const DEFAULT_AUDIT_MAX_BYTES = 10 * 1024 * 1024;
export const DEFAULT_AUDIT_KEEP_FILES = 10;

export interface AuditLogOptions {
  dataDir: string;
  logger?: Logger;
  /** Rotate when the live file would grow past this. */
  maxBytes?: number;
  /** Rotated files kept besides the live one (audit.log.1 … audit.log.<keep>). */
  keepFiles?: number;
  /** Used when an entry names no actor. */
  actor?: string;
  now?: () => Date;
}

export function auditLogPath(dataDir: string): string {
  return path.join(dataDir, 'audit', 'audit.log');
}

export class AuditLog {
  readonly file: string;
  private readonly logger: Logger;
  private readonly maxBytes: number;
  private readonly keepFiles: number;
  private readonly actor: string | undefined;
  private readonly now: () => Date;

  constructor(options: AuditLogOptions) {
    this.file = auditLogPath(options.dataDir);
    this.logger = (options.logger ?? silentLogger).scope('audit');
    this.maxBytes = options.maxBytes ?? DEFAULT_AUDIT_MAX_BYTES;
    this.keepFiles = options.keepFiles ?? DEFAULT_AUDIT_KEEP_FILES;
    this.actor = options.actor;
    this.now = options.now ?? (() => new Date());
  }

  /** Writes one entry; false (and a logged warning) when it could not be written. */
  append(input: AuditInput): boolean {
    try {
      const actor = input.actor ?? this.actor;
      const entry: AuditEntry = { ...input, timestamp: input.timestamp ?? isoWithOffset(this.now()), ...(actor === undefined ? {} : { actor }) };
      const line = formatAuditLine(entry) + '\n';
      mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
      try {
        rotateIfNeeded(this.file, Buffer.byteLength(line), this.maxBytes, this.keepFiles);
      } catch (error) {
        // A failed rotation only means a bigger file; the entry matters more.
        this.logger.warn('Audit log rotation failed', { file: this.file, error: (error as Error).message });
      }
      // One write() of the whole line on an O_APPEND file: concurrent writers never interleave inside a line.
      appendFileSync(this.file, line, { mode: 0o600 });
      return true;
    } catch (error) {
      this.logger.warn('Audit log write failed', { file: this.file, event: input.event, error: (error as Error).message });
      return false;
    }
  }

  /** Existing log files, newest first. */
  async files(): Promise<string[]> {
    const found: string[] = [];
    for (const file of auditFilePaths(this.file, this.keepFiles)) {
      if (await fs.stat(file).then((s) => s.isFile(), () => false)) found.push(file);
    }
    return found;
  }

  /**
   * Entries matching the query, newest first in write order, across rotated files. Stops reading
   * older files once a page is full, so the Activity page reads only the live file most of the time.
   */
  async read(query: AuditQuery = {}): Promise<AuditEntry[]> {
    const matches = auditFilter(query);
    const offset = Math.max(0, query.offset ?? 0);
    const wanted = query.limit === undefined ? Infinity : offset + Math.max(0, query.limit);
    const found: AuditEntry[] = [];
    for (const file of await this.files()) {
      if (found.length >= wanted) break;
      const text = await fs.readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        // Rotated away between listing and reading: its entries are now in the next file name.
        if (error.code === 'ENOENT') return '';
        throw error;
      });
      const lines = text.split('\n');
      for (let i = lines.length - 1; i >= 0 && found.length < wanted; i--) {
        const entry = parseAuditLine(lines[i] ?? '');
        if (entry && matches(entry)) found.push(entry);
      }
    }
    return found.slice(offset, wanted);
  }
}
