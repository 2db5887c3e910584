// Reads plain SQL (pg_dump -Fp, or pg_restore -f -) the way psql would split it — quotes,
// dollar quotes, comments, parentheses, COPY … FROM stdin data — without understanding SQL.
// It passes the bytes on (to psql, or nowhere when only checking) and:
//   • counts the rows of every COPY block, so a restore can be compared with the file;
//   • checks the file ends plausibly: outside any quote or COPY block, no half statement, and
//     with pg_dump's "dump complete" trailer when pg_dump wrote it (else it is truncated);
//   • refuses psql meta-commands other than \restrict/\unrestrict (which it drops, so an older
//     psql can read newer dumps): `\connect` would leave the new database, `\!` runs programs;
//   • refuses CREATE DATABASE (pg_dump --create, pg_dumpall): restores go into a new database;
//   • with `noOwner`, drops ALTER … OWNER TO and SET SESSION AUTHORIZATION, like pg_restore --no-owner;
//   • with `transaction`, wraps everything in BEGIN … COMMIT and writes COMMIT only once the
//     whole input has arrived and passed these checks. psql --single-transaction would instead
//     COMMIT whatever it had when its input ended, and a decoding error upstream ends the input.
// Dropped statements are replaced by as many newlines, so psql's line numbers match the file.
import { Transform, type TransformCallback } from 'node:stream';
import { LifeboatError } from '../../src-shared/errors';
import type { TableRowCount } from '../../src-shared/types';

export interface SqlScanOptions {
  label: string;
  noOwner?: boolean;
  /** Drops GRANT and REVOKE, like pg_restore --no-privileges. */
  noPrivileges?: boolean;
  transaction?: boolean;
}

export interface SqlFacts {
  /** The file says it was written by pg_dump (or pg_restore -f). */
  fromPgDump: boolean;
  /** "-- Dumped from database version 15.18 …" */
  serverVersion: string | undefined;
  /** "-- Dumped by pg_dump version 15.18 …" */
  toolVersion: string | undefined;
  dumpComplete: boolean;
  statements: number;
  /** Rows per table from COPY blocks; undefined when some COPY could not be counted (CSV). */
  copyRows: TableRowCount[] | undefined;
  droppedOwnerStatements: number;
  droppedPrivilegeStatements: number;
  lines: number;
}

const enum S {
  Top,
  LineComment,
  BlockComment,
  Single,
  SingleQuoteSeen,
  Double,
  DollarTag,
  Dollar,
  DollarClose,
  Meta,
  AfterCopy,
  CopyData,
}

const STMT_CAP = 8192;
const NL = 0x0a;

function isIdentByte(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x5f || b === 0x24 || b >= 0x80;
}

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === NL || b === 0x0d || b === 0x0c;
}

export class SqlScanner extends Transform {
  readonly facts: SqlFacts = { fromPgDump: false, serverVersion: undefined, toolVersion: undefined, dumpComplete: false, statements: 0, copyRows: [], droppedOwnerStatements: 0, droppedPrivilegeStatements: 0, lines: 1 };

  private state = S.Top;
  private started = false;
  private stdStrings = true;
  private escapes = false;
  /** In an E'' string, the byte after a backslash. */
  private escapeNext = false;
  private prev = 0x0a;
  private prev2 = 0x0a;
  private parenDepth = 0;
  private blockDepth = 0;
  private blockPrev = 0;
  private tag = '';
  private tagMatch = 0;
  private tagBuf = '';
  private meta: number[] = [];
  private metaLine = 0;
  private comment = '';
  private readonly stmt = Buffer.alloc(STMT_CAP);
  private stmtLen = 0;
  private stmtTruncated = false;
  private stmtLine = 0;
  private pendingParts: Buffer[] = [];
  private pendingNewlines = 0;
  private defaultSchema = 'public';
  private copyTarget: { schema: string; table: string } | undefined;
  private copyCountable = true;
  private copyRows = 0;
  private lineHead: number[] = [];
  private readonly rows = new Map<string, TableRowCount>();
  private countable = true;

  constructor(private readonly options: SqlScanOptions) {
    super({ highWaterMark: 1024 * 1024 });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      if (!this.started) {
        this.started = true;
        if (this.options.transaction) this.push(Buffer.from('BEGIN;'));
        if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
      }
      this.scan(chunk);
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      this.finish();
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  private scan(chunk: Buffer): void {
    // Bytes of this chunk from `seg` on are not yet passed on or pending; -1 while inside a
    // meta-command, whose bytes are never passed on.
    let seg = this.state === S.Meta ? -1 : 0;
    let counted = -1; // a byte looked at twice (after a closing quote) is not a second newline
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      if (this.state === S.CopyData) {
        // Fast path: most of a dump is COPY data, passed on as it comes; only line starts matter.
        const end = chunk.indexOf(NL, i);
        const stop = end === -1 ? n : end;
        for (let k = i; k < stop && this.lineHead.length < 3; k++) this.lineHead.push(chunk[k]!);
        if (end === -1) break;
        this.facts.lines++;
        counted = end;
        const head = this.lineHead;
        const terminator = head[0] === 0x5c && head[1] === 0x2e && (head.length === 2 || (head.length === 3 && head[2] === 0x0d));
        this.lineHead = [];
        i = end + 1;
        if (terminator) {
          this.push(chunk.subarray(seg, i));
          seg = i;
          this.endCopy();
        } else {
          this.copyRows++;
        }
        continue;
      }
      const b = chunk[i]!;
      if (b === NL && i > counted) {
        this.facts.lines++;
        counted = i;
      }
      switch (this.state) {
        case S.Top:
          if (b === NL) this.pendingNewlines++;
          if (b === 0x2d && this.prev === 0x2d) {
            // "--": the first dash was taken as statement text; take it back.
            this.unStmt();
            this.state = S.LineComment;
            this.comment = '';
            break;
          }
          if (b === 0x2a && this.prev === 0x2f) {
            this.unStmt();
            this.state = S.BlockComment;
            this.blockDepth = 1;
            this.blockPrev = 0;
            break;
          }
          if (b === 0x5c) {
            // A psql meta-command runs to the end of its line; its bytes are not passed on.
            this.addPending(chunk.subarray(seg, i));
            seg = -1;
            this.state = S.Meta;
            this.meta = [];
            this.metaLine = this.facts.lines;
            break;
          }
          if (b === 0x3b && this.parenDepth === 0) {
            this.addStmt(b);
            this.addPending(chunk.subarray(seg, i + 1));
            seg = i + 1;
            this.endStatement();
            break;
          }
          if (!isSpace(b)) this.addStmt(b);
          else if (this.stmtLen > 0 && this.stmt[this.stmtLen - 1] !== 0x20) this.addStmt(0x20);
          if (b === 0x28) this.parenDepth++;
          else if (b === 0x29 && this.parenDepth > 0) this.parenDepth--;
          else if (b === 0x27) {
            const ePrefix = (this.prev === 0x45 || this.prev === 0x65) && !isIdentByte(this.prev2);
            this.escapes = ePrefix || !this.stdStrings;
            this.escapeNext = false;
            this.state = S.Single;
          } else if (b === 0x22) this.state = S.Double;
          else if (b === 0x24 && !isIdentByte(this.prev)) {
            this.state = S.DollarTag;
            this.tagBuf = '';
          }
          break;
        case S.LineComment:
          if (b === NL) {
            this.pendingNewlines++;
            this.onComment(this.comment);
            this.state = S.Top;
          } else if (this.comment.length < 120) this.comment += String.fromCharCode(b);
          break;
        case S.BlockComment:
          if (b === NL) this.pendingNewlines++;
          if (b === 0x2f && this.blockPrev === 0x2a) {
            this.blockDepth--;
            this.blockPrev = 0;
            if (this.blockDepth === 0) {
              this.state = S.Top;
              this.prev2 = 0;
              this.prev = 0; // "*/*" is a close and a star, not a new comment
              i++;
              continue;
            }
            break;
          }
          if (b === 0x2a && this.blockPrev === 0x2f) {
            this.blockDepth++;
            this.blockPrev = 0;
            break;
          }
          this.blockPrev = b;
          break;
        case S.Single:
          if (b === NL) this.pendingNewlines++;
          this.addStmt(b);
          if (this.escapes && b === 0x5c) {
            this.escapeNext = true;
            this.state = S.SingleQuoteSeen;
          } else if (b === 0x27) {
            this.escapeNext = false;
            this.state = S.SingleQuoteSeen;
          }
          break;
        case S.SingleQuoteSeen:
          if (this.escapeNext) {
            // The byte after a backslash in an E'' string.
            if (b === NL) this.pendingNewlines++;
            this.addStmt(b);
            this.escapeNext = false;
            this.state = S.Single;
            break;
          }
          if (b === 0x27) {
            // '' inside a string: still in it.
            this.addStmt(b);
            this.state = S.Single;
            break;
          }
          this.state = S.Top;
          this.prev2 = this.prev;
          this.prev = 0x27;
          continue; // the same byte again, outside the string
        case S.Double:
          if (b === NL) this.pendingNewlines++;
          this.addStmt(b);
          if (b === 0x22) this.state = S.Top;
          break;
        case S.DollarTag:
          if (b === 0x24) {
            this.addStmt(b);
            this.tag = this.tagBuf;
            this.state = S.Dollar;
            break;
          }
          if (isIdentByte(b) && !(this.tagBuf.length === 0 && b >= 0x30 && b <= 0x39)) {
            this.addStmt(b);
            this.tagBuf += String.fromCharCode(b);
            break;
          }
          // "$1", "$x+": not a dollar quote after all.
          this.state = S.Top;
          this.prev2 = this.prev;
          this.prev = 0x24;
          continue;
        case S.Dollar:
          if (b === NL) this.pendingNewlines++;
          this.addStmt(b);
          if (b === 0x24) {
            this.state = S.DollarClose;
            this.tagMatch = 0;
          }
          break;
        case S.DollarClose:
          if (b === NL) this.pendingNewlines++;
          this.addStmt(b);
          if (this.tagMatch === this.tag.length && b === 0x24) {
            this.state = S.Top;
            this.prev2 = 0;
            this.prev = 0;
            i++;
            continue;
          }
          if (this.tagMatch < this.tag.length && b === this.tag.charCodeAt(this.tagMatch)) {
            this.tagMatch++;
            break;
          }
          if (b === 0x24) this.tagMatch = 0;
          else this.state = S.Dollar;
          break;
        case S.Meta:
          if (b === NL) {
            this.runMeta();
            seg = i; // the newline itself is passed on, keeping line numbers
            this.pendingNewlines++;
            this.state = S.Top;
          } else if (this.meta.length < 200) this.meta.push(b);
          break;
        case S.AfterCopy:
          if (b === NL) {
            this.addPending(chunk.subarray(seg, i + 1));
            seg = i + 1;
            this.flushPending();
            this.state = S.CopyData;
            this.lineHead = [];
            i++;
            continue;
          }
          break;
      }
      this.prev2 = this.prev;
      this.prev = b;
      i++;
    }
    if (seg < 0) return; // inside a meta-command
    if (this.state === S.CopyData) {
      if (seg < n) this.push(chunk.subarray(seg));
      return;
    }
    this.addPending(chunk.subarray(seg));
  }

  private addStmt(b: number): void {
    if (this.stmtLen === 0) {
      if (isSpace(b)) return;
      this.stmtLine = this.facts.lines;
    }
    if (this.stmtLen < STMT_CAP) this.stmt[this.stmtLen++] = b;
    else this.stmtTruncated = true;
  }

  /** The "-" or "/" that turned out to start a comment is not statement text. */
  private unStmt(): void {
    if (this.stmtLen > 0 && !this.stmtTruncated) this.stmtLen--;
    while (this.stmtLen > 0 && this.stmt[this.stmtLen - 1] === 0x20) this.stmtLen--;
  }

  private addPending(bytes: Buffer): void {
    if (bytes.length > 0) this.pendingParts.push(Buffer.from(bytes));
  }

  private flushPending(): void {
    for (const part of this.pendingParts) this.push(part);
    this.pendingParts = [];
    this.pendingNewlines = 0;
  }

  private dropPending(): void {
    this.pendingParts = [];
    if (this.pendingNewlines > 0) this.push(Buffer.from('\n'.repeat(this.pendingNewlines)));
    this.pendingNewlines = 0;
  }

  private onComment(text: string): void {
    const t = text.trim();
    if (/^PostgreSQL database dump complete/i.test(t)) this.facts.dumpComplete = true;
    else if (/^PostgreSQL database dump$/i.test(t)) this.facts.fromPgDump = true;
    else if (/^PostgreSQL database cluster dump/i.test(t)) {
      throw new LifeboatError('NOT_A_BACKUP', `${this.options.label} is a pg_dumpall file (the whole server: roles and every database).`, {
        fix: 'Lifeboat restores one database into a new database; restore a pg_dumpall file with psql by hand, or dump each database with pg_dump.',
      });
    } else {
      const from = /^Dumped from database version (\S+)/i.exec(t);
      if (from) this.facts.serverVersion ??= from[1];
      const by = /^Dumped by pg_dump version (\S+)/i.exec(t);
      if (by) this.facts.toolVersion ??= by[1];
    }
  }

  private statementText(): string {
    return this.stmt.subarray(0, this.stmtLen).toString('utf8').trim();
  }

  private endStatement(): void {
    const text = this.statementText();
    const truncated = this.stmtTruncated;
    this.stmtLen = 0;
    this.stmtTruncated = false;
    this.parenDepth = 0;
    if (text === ';' || text === '') {
      this.flushPending();
      return;
    }
    this.facts.statements++;
    if (/^create\s+database\b/i.test(text)) {
      throw new LifeboatError('NOT_A_BACKUP', `${this.options.label} creates its own database (line ${this.stmtLine}: ${text.slice(0, 60)}…): it was made with pg_dump --create (-C) or pg_dumpall.`, {
        fix: 'Lifeboat restores into a new database it creates itself. Make the dump without --create, or remove the CREATE DATABASE and \\connect lines from the file.',
      });
    }
    if (this.options.noOwner && !truncated && (isOwnerStatement(text) || /^set\s+session\s+authorization\b/i.test(text))) {
      this.facts.droppedOwnerStatements++;
      this.dropPending();
      return;
    }
    if (this.options.noPrivileges && !truncated && /^(grant|revoke)\s/i.test(text)) {
      this.facts.droppedPrivilegeStatements++;
      this.dropPending();
      return;
    }
    const scs = /^set\s+standard_conforming_strings\s*(?:=|to)\s*'?(\w+)'?/i.exec(text);
    if (scs) this.stdStrings = !/^(off|false|0|no)$/i.test(scs[1]!);
    const searchPath = /^set\s+search_path\s*(?:=|to)\s*(.+?)\s*;$/i.exec(text);
    if (searchPath) this.defaultSchema = firstSchema(searchPath[1]!) ?? this.defaultSchema;
    if (/^select\s+pg_catalog\.set_config\('search_path',\s*'',/i.test(text)) this.defaultSchema = '';
    if (/^insert\s+into\b/i.test(text)) this.countable = false; // rows as INSERTs (pg_dump --inserts): not counted
    const copy = /^copy\s+([\s\S]+?)\s+from\s+stdin\b([\s\S]*);$/i.exec(text);
    this.flushPending();
    if (copy) {
      const target = parseTableName(copy[1]!.replace(/\s*\([\s\S]*\)\s*$/, ''), this.defaultSchema);
      this.copyTarget = target;
      this.copyCountable = target !== undefined && !/\b(csv|binary)\b/i.test(copy[2]!);
      this.copyRows = 0;
      this.state = S.AfterCopy;
    }
  }

  private endCopy(): void {
    if (this.copyTarget && this.copyCountable) {
      const key = `${this.copyTarget.schema}\u0000${this.copyTarget.table}`;
      const entry = this.rows.get(key) ?? { schema: this.copyTarget.schema, table: this.copyTarget.table, rows: 0 };
      entry.rows += this.copyRows;
      this.rows.set(key, entry);
    } else {
      this.countable = false;
    }
    this.copyTarget = undefined;
    this.state = S.Top;
    this.prev = NL;
    this.prev2 = NL;
  }

  private runMeta(): void {
    const line = Buffer.from(this.meta).toString('utf8').trim();
    const command = /^[^\s]*/.exec(line)?.[0] ?? '';
    if (command === 'restrict' || command === 'unrestrict') return;
    if (command === 'connect' || command === 'c') {
      throw new LifeboatError('NOT_A_BACKUP', `${this.options.label} switches to another database at line ${this.metaLine} (\\${line.slice(0, 60)}): it was made with pg_dump --create (-C) or pg_dumpall.`, {
        fix: 'Lifeboat restores into a new database it creates itself. Make the dump without --create, or remove the CREATE DATABASE and \\connect lines from the file.',
      });
    }
    throw new LifeboatError('NOT_A_BACKUP', `${this.options.label} contains the psql command \\${command} at line ${this.metaLine}, which pg_dump never writes; Lifeboat does not run psql commands from a file (\\! would run programs on this computer).`, {
      fix: 'Remove that line if it is harmless, or restore the file with psql by hand after reading it.',
    });
  }

  private finish(): void {
    const label = this.options.label;
    if (this.state === S.Meta) {
      this.runMeta();
      this.state = S.Top;
    }
    if (this.state === S.CopyData || this.state === S.AfterCopy) {
      const table = this.copyTarget ? `${this.copyTarget.schema}.${this.copyTarget.table}` : 'a table';
      throw truncatedError(label, `it ends inside the data of ${table} (line ${this.facts.lines}), without the "\\." that closes it`);
    }
    if (this.state === S.Single || (this.state === S.SingleQuoteSeen && this.escapeNext)) throw truncatedError(label, 'it ends inside a quoted string');
    if (this.state === S.Double) throw truncatedError(label, 'it ends inside a quoted name');
    if (this.state === S.Dollar || this.state === S.DollarClose) throw truncatedError(label, `it ends inside a $${this.tag}$-quoted body`);
    if (this.state === S.BlockComment) throw truncatedError(label, 'it ends inside a /* comment */');
    if (this.state === S.LineComment) this.onComment(this.comment);
    const rest = this.statementText();
    if (rest.length > 0) throw truncatedError(label, `its last statement (line ${this.stmtLine}: ${rest.slice(0, 50)}…) has no closing semicolon`);
    if (this.facts.fromPgDump && !this.facts.dumpComplete) {
      throw truncatedError(label, 'pg_dump wrote it, but its closing "-- PostgreSQL database dump complete" is missing');
    }
    if (this.facts.statements === 0) {
      throw new LifeboatError('NOT_A_BACKUP', `${label} contains no SQL statement.`, { fix: 'Check that this is the right file.' });
    }
    this.facts.copyRows = this.countable ? [...this.rows.values()].sort((a, b) => (a.schema === b.schema ? (a.table < b.table ? -1 : 1) : a.schema < b.schema ? -1 : 1)) : undefined;
    this.flushPending();
    if (this.options.transaction) this.push(Buffer.from('\nCOMMIT;\n'));
  }
}

function truncatedError(label: string, why: string): LifeboatError {
  return new LifeboatError('HASH_MISMATCH', `${label} is incomplete: ${why}. The file was cut short (an interrupted copy, or a full disk when it was written).`, {
    fix: 'Use another copy of this backup, or an earlier one.',
  });
}

/** ALTER TABLE x OWNER TO y; ALTER FUNCTION f(int) OWNER TO y; … (not ALTER DEFAULT PRIVILEGES). */
export function isOwnerStatement(text: string): boolean {
  return /^alter\s+(?!default\s+privileges)[\s\S]*\sowner\s+to\s+("(?:[^"]|"")+"|[^\s;]+)\s*;$/i.test(text);
}

/** "public.entries", "\"Sales\".\"Order Lines\"", "entries" (+ search_path) → schema and table. */
export function parseTableName(ref: string, defaultSchema: string): { schema: string; table: string } | undefined {
  const parts: string[] = [];
  const re = /\s*(?:"((?:[^"]|"")*)"|([A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*))\s*(\.|$)/gy;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while (consumed < ref.length && (match = re.exec(ref)) !== null) {
    parts.push(match[1] !== undefined ? match[1].replace(/""/g, '"') : match[2]!.toLowerCase());
    consumed = re.lastIndex;
    if (match[3] === '') break;
  }
  if (consumed < ref.trim().length || parts.length === 0 || parts.length > 2) return undefined;
  if (parts.length === 1) return defaultSchema ? { schema: defaultSchema, table: parts[0]! } : undefined;
  return { schema: parts[0]!, table: parts[1]! };
}

function firstSchema(list: string): string | undefined {
  const first = list.split(',')[0]?.trim();
  if (!first) return undefined;
  if (first.startsWith('"')) return first.slice(1, -1).replace(/""/g, '"');
  if (first.startsWith("'")) return first.slice(1, -1);
  return first.toLowerCase();
}
