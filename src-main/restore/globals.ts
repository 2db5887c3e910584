// Restoring roles from a backup's globals file (pg_dumpall --globals-only, stored beside the
// dump as .globals.sql.zst.age). The file is written for an empty server; on a real one most
// roles exist already. Existing roles are never changed: their CREATE ROLE, ALTER ROLE
// (attributes, password, settings), comments and new memberships are skipped and reported.
// Tablespaces are not created (their folders belong to another machine). What is left runs
// statement by statement in ONE transaction (the equivalent of psql ON_ERROR_STOP with
// --single-transaction), so a failing statement leaves no role behind and is named in the
// error, with any password in it masked.
import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { LifeboatError } from '../../src-shared/errors';
import type { Manifest } from '../../src-shared/manifest';
import type { BackupRecord } from '../../src-shared/types';
import type { AgeDecryptOptions } from '../crypto';
import { silentLogger, type Logger } from '../log';
import type { PgConnection } from '../pg/connection';
import { withMaintenanceClient } from '../pg/databases';
import { decodeBackup } from '../pipeline/decode-stream';
import { copyCandidates, type ResolveDestination } from '../pipeline/restore-source';

export interface GlobalsReport {
  rolesCreated: string[];
  /** Roles that existed already and were left exactly as they were. */
  rolesKept: string[];
  /** Statements run (role creation, attributes, memberships, settings). */
  statementsRun: number;
  /** Statements skipped, grouped by reason. */
  skipped: Array<{ reason: string; count: number }>;
  warnings: string[];
}

/** Where to read the globals file of a backup from. */
export interface GlobalsSource {
  label: string;
  /** Expected size and SHA-256 of the stored file, when known. */
  expected: { size: number | null; sha256: string | null } | undefined;
  open(): Promise<Readable>;
}

/** The globals file beside a dump file (same folder), as named by its manifest. */
export function globalsBesideFile(dumpPath: string, manifest: Manifest | undefined): GlobalsSource | undefined {
  const entry = manifest?.files.find((f) => f.role === 'globals');
  if (!entry) return undefined;
  const file = path.join(path.dirname(dumpPath), entry.name);
  return { label: file, expected: { size: entry.size, sha256: entry.sha256 }, open: async () => createReadStream(file) };
}

/** The globals file of a catalogued backup, from its first copy that has it. */
export function globalsOfRecord(record: BackupRecord, resolve: ResolveDestination): GlobalsSource | undefined {
  const entry = record.files.find((f) => f.role === 'globals');
  if (!entry) return undefined;
  let label = entry.name;
  return {
    get label() {
      return label;
    },
    expected: { size: entry.size, sha256: entry.sha256 },
    open: async () => {
      let firstError: unknown;
      for (const copy of copyCandidates(record)) {
        try {
          const dest = await resolve(copy.destinationId);
          const key = `${copy.prefix}/${entry.name}`;
          const stream = await dest.read(key);
          label = `${dest.label}/${key}`;
          return stream;
        } catch (error) {
          firstError ??= error;
        }
      }
      throw firstError ?? new LifeboatError('BACKUP_NOT_FOUND', `No copy of backup ${record.id} has its globals file.`);
    },
  };
}

/** Decrypts and decompresses a globals file, checking its size and hash when known. */
export async function readGlobalsSql(source: GlobalsSource, keys: AgeDecryptOptions): Promise<string> {
  const decoded = decodeBackup(await source.open(), keys, source.label);
  const chunks: Buffer[] = [];
  decoded.plain.on('data', (chunk: Buffer) => chunks.push(chunk));
  await decoded.done;
  const expected = source.expected;
  if (expected?.sha256 && (decoded.stored.sha256() !== expected.sha256 || (expected.size !== null && decoded.stored.bytes !== expected.size))) {
    throw new LifeboatError('HASH_MISMATCH', `${source.label} is damaged: its size or SHA-256 differs from what the backup recorded.`, { fix: 'Restore the roles from another copy, or create them by hand.' });
  }
  return Buffer.concat(chunks).toString('utf8');
}

// ---------------------------------------------------------------------------------------------
// Planning: which statements to run.

export interface GlobalsPlan {
  statements: string[];
  report: GlobalsReport;
}

/** Splits SQL into statements (quotes, dollar quotes, comments respected); psql meta-command lines come back as `\…` items. */
export function splitSql(sql: string): string[] {
  const out: string[] = [];
  let start = 0;
  let i = 0;
  let atStatementStart = true;
  const n = sql.length;
  const push = (end: number) => {
    const text = sql.slice(start, end).trim();
    if (text) out.push(text);
    start = end;
  };
  while (i < n) {
    const ch = sql[i]!;
    if (atStatementStart && ch === '\\') {
      const eol = sql.indexOf('\n', i);
      const end = eol === -1 ? n : eol;
      start = i;
      push(end);
      i = end;
      continue;
    }
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '-' && sql[i + 1] === '-') {
      const eol = sql.indexOf('\n', i);
      i = eol === -1 ? n : eol + 1;
      if (atStatementStart) start = i;
      continue;
    }
    if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
      if (atStatementStart) start = i;
      continue;
    }
    if (atStatementStart) {
      start = i;
      atStatementStart = false;
    }
    if (ch === "'") {
      const escapes = (sql[i - 1] === 'E' || sql[i - 1] === 'e') && !/[A-Za-z0-9_]/.test(sql[i - 2] ?? ' ');
      i++;
      while (i < n) {
        if (escapes && sql[i] === '\\') i += 2;
        else if (sql[i] === "'" && sql[i + 1] === "'") i += 2;
        else if (sql[i] === "'") break;
        else i++;
      }
      i++;
      continue;
    }
    if (ch === '"') {
      i++;
      while (i < n) {
        if (sql[i] === '"' && sql[i + 1] === '"') i += 2;
        else if (sql[i] === '"') break;
        else i++;
      }
      i++;
      continue;
    }
    if (ch === '$') {
      const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64));
      if (tag) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        i = end === -1 ? n : end + tag[0].length;
        continue;
      }
    }
    if (ch === ';') {
      push(i + 1);
      i++;
      atStatementStart = true;
      continue;
    }
    i++;
  }
  push(n);
  return out;
}

/** The role name right after `prefix` (a regex source ending where the name starts). */
function roleAfter(statement: string, prefix: RegExp): string | undefined {
  const m = prefix.exec(statement);
  if (!m) return undefined;
  return readIdent(statement.slice(m.index + m[0].length));
}

function readIdent(text: string): string | undefined {
  if (text.startsWith('"')) {
    let out = '';
    for (let i = 1; i < text.length; i++) {
      if (text[i] === '"') {
        if (text[i + 1] === '"') {
          out += '"';
          i++;
          continue;
        }
        return out;
      }
      out += text[i];
    }
    return undefined;
  }
  const m = /^[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/.exec(text);
  return m ? m[0].toLowerCase() : undefined;
}

/** Words and quoted identifiers of a statement: `"x"` comes back unquoted with quoted = true. */
function tokens(statement: string): Array<{ text: string; quoted: boolean }> {
  const out: Array<{ text: string; quoted: boolean }> = [];
  let i = 0;
  while (i < statement.length) {
    const ch = statement[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '"') {
      const name = readIdent(statement.slice(i));
      if (name === undefined) return out;
      out.push({ text: name, quoted: true });
      i += name.replace(/"/g, '""').length + 2;
    } else if (ch === "'") {
      const end = statement.indexOf("'", i + 1);
      out.push({ text: "'", quoted: false });
      i = end === -1 ? statement.length : end + 1;
    } else {
      const m = /^[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/.exec(statement.slice(i));
      const text = m ? m[0] : ch;
      out.push({ text, quoted: false });
      i += text.length;
    }
  }
  return out;
}

/** Member roles of a `GRANT role[, …] TO member[, …] …` statement (role memberships, not object privileges). */
function grantMembers(statement: string): string[] | undefined {
  const t = tokens(statement);
  const to = t.findIndex((x) => !x.quoted && x.text.toUpperCase() === 'TO');
  if (to < 0) return undefined;
  const members: string[] = [];
  for (let i = to + 1; i < t.length; i += 2) {
    const name = t[i]!;
    members.push(name.quoted ? name.text : name.text.toLowerCase());
    if (t[i + 1]?.text !== ',') break;
  }
  return members;
}

export function planGlobals(sql: string, existing: { roles: ReadonlySet<string> }): GlobalsPlan {
  const statements: string[] = [];
  const created: string[] = [];
  const kept = new Set<string>();
  const skipped = new Map<string, number>();
  const warnings: string[] = [];
  const skip = (reason: string) => skipped.set(reason, (skipped.get(reason) ?? 0) + 1);
  const existed = (role: string | undefined) => role !== undefined && existing.roles.has(role);

  for (const statement of splitSql(sql)) {
    if (statement.startsWith('\\')) {
      skip('psql meta-commands (not needed: statements are run one by one)');
      continue;
    }
    const head = statement.replace(/\s+/g, ' ').toUpperCase();
    if (/^(CREATE|ALTER|DROP) TABLESPACE\b|^COMMENT ON TABLESPACE\b|^SECURITY LABEL .* ON TABLESPACE\b|\bON TABLESPACE\b/.test(head)) {
      skip('tablespaces (not created by a restore: their folders belong to the original server)');
      continue;
    }
    if (/^DROP ROLE\b/.test(head)) {
      skip('DROP ROLE (a restore never drops roles)');
      continue;
    }
    const createRole = roleAfter(statement, /^CREATE\s+(?:ROLE|USER|GROUP)\s+/i);
    if (createRole !== undefined) {
      if (existed(createRole)) {
        kept.add(createRole);
        skip('CREATE ROLE for roles that exist already');
      } else {
        created.push(createRole);
        statements.push(statement);
      }
      continue;
    }
    const alterRole = roleAfter(statement, /^ALTER\s+(?:ROLE|USER|GROUP)\s+/i) ?? roleAfter(statement, /^COMMENT\s+ON\s+ROLE\s+/i) ?? roleAfter(statement, /^SECURITY\s+LABEL\s+(?:FOR\s+\S+\s+)?ON\s+ROLE\s+/i);
    if (alterRole !== undefined) {
      if (existed(alterRole)) {
        kept.add(alterRole);
        skip('attributes, passwords, settings and comments of existing roles (left as they are)');
      } else statements.push(statement);
      continue;
    }
    if (/^GRANT\b/.test(head) && !/\bON\b/.test(head)) {
      const members = grantMembers(statement);
      if (members && members.some((m) => existed(m))) {
        skip('new memberships of existing roles (left as they are)');
        continue;
      }
      statements.push(statement);
      continue;
    }
    statements.push(statement);
  }
  if (skipped.has('tablespaces (not created by a restore: their folders belong to the original server)')) {
    warnings.push('The backup lists tablespaces; they were not created. Objects that used them are restored into the default tablespace only if pg_restore is told so (--no-tablespaces); otherwise create them first.');
  }
  return {
    statements,
    report: {
      rolesCreated: created,
      rolesKept: [...kept].sort(),
      statementsRun: statements.filter((s) => !/^SET\s/i.test(s)).length,
      skipped: [...skipped].map(([reason, count]) => ({ reason, count })),
      warnings,
    },
  };
}

/** Masks password literals (hashes or clear text) before a statement appears in a message. */
export function redactStatement(statement: string): string {
  return statement.replace(/(PASSWORD\s+)'(?:[^']|'')*'/gi, "$1'***'").replace(/\s+/g, ' ').slice(0, 300);
}

/** Plans and runs the globals SQL on the target server in one transaction. */
export async function applyGlobals(conn: PgConnection, sql: string, options: { log?: Logger } = {}): Promise<GlobalsReport> {
  const log = (options.log ?? silentLogger).scope('globals');
  return withMaintenanceClient(conn, async (client) => {
    const roles = await client.query<{ rolname: string }>('SELECT rolname FROM pg_roles');
    const plan = planGlobals(sql, { roles: new Set(roles.rows.map((r) => r.rolname)) });
    await client.query('BEGIN');
    let index = 0;
    try {
      for (const statement of plan.statements) {
        index++;
        await client.query(statement);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      const failed = plan.statements[index - 1] ?? '';
      throw new LifeboatError('PG_RESTORE_FAILED', `Restoring roles failed at statement ${index} of ${plan.statements.length} (${redactStatement(failed)}): ${(error as Error).message}. No role was created or changed.`, {
        fix: 'Create that role by hand (or fix what the message names), then restore again; or restore without --globals and with --no-owner.',
        cause: error,
      });
    }
    log.info('roles restored', { created: plan.report.rolesCreated.length, kept: plan.report.rolesKept.length });
    return plan.report;
  });
}
