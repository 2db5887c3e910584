// `lifeboat import FILE`: catalogue a backup made without Lifeboat (pg_dump | gzip, openssl enc,
// Fernet, GnuPG, custom archives) after reading it to its end; `--restore-to URL` restores it
// into a new database first and catalogues it once that worked.
import type { Command } from 'commander';
import { LifeboatError } from '../../../../src-shared/errors';
import { sourceFromPath, type LegacyKeys, type LegacySource } from '../../../importers/decode-chain';
import { catalogueLegacyFile, importBackupFile, verifyLegacyFile, type ImportResult } from '../../../importers/import-file';
import { legacySourceFor, restoreImportedFile, type ImportedRestoreReport } from '../../../importers/restore-imported';
import { parseConnectionUrl } from '../../../pg/connection';
import { CliContext, runCommand } from '../context';
import { formatBytes, formatDuration } from '../format';
import { readPassphrase } from '../keys';
import { progressPrinter } from '../progress-bar';
import { warnAboutPasswordInUrl } from '../url-warning';

export interface LegacyKeyFlags {
  passphraseEnv?: string;
  fernetKeyEnv?: string;
}

/** Passphrase (openssl enc, gpg) and Fernet key, each from an environment variable the user names. */
export function legacyKeysFromFlags(flags: LegacyKeyFlags): LegacyKeys {
  const keys: LegacyKeys = {};
  if (flags.passphraseEnv) keys.passphrase = readPassphrase(flags.passphraseEnv);
  if (flags.fernetKeyEnv) {
    const value = process.env[flags.fernetKeyEnv];
    if (!value) {
      throw new LifeboatError('BAD_INPUT', `The environment variable ${flags.fernetKeyEnv} (from --fernet-key-env) is empty or not set.`, {
        fix: `Set it to the Fernet key first (the backup script's ENCRYPTION_KEY), e.g. read -s ${flags.fernetKeyEnv}; export ${flags.fernetKeyEnv}`,
      });
    }
    keys.fernetKey = value;
  }
  return keys;
}

export function registerImport(program: Command): void {
  program
    .command('import <file>')
    .description('catalogue a backup made without Lifeboat (pg_dump .sql/.dump, gzip, openssl enc, Fernet, GnuPG) after reading it to the end; --restore-to restores it too')
    .option('--passphrase-env <VAR>', 'openssl enc / gpg passphrase from this environment variable')
    .option('--fernet-key-env <VAR>', 'Fernet key (ENCRYPTION_KEY of the backup script) from this environment variable')
    .option('--database <name>', 'database name to record (default: from the archive, else the file name)')
    .option('--job <name>', 'job name to record it under', 'imported')
    .option('--restore-to <url>', 'also restore it into this NEW database: postgres://USER@HOST:PORT/NEW_DATABASE')
    .option('--no-owner', 'with --restore-to: do not restore object ownership (when the original roles do not exist here)')
    .option('--json', 'print one JSON object')
    .action((file: string, flags: LegacyKeyFlags & { database?: string; job: string; restoreTo?: string; owner: boolean; json?: boolean }) =>
      runCommand(
        flags,
        async (ctx): Promise<{ import: ImportResult; restore?: ImportedRestoreReport }> => {
          if (ctx.jobs.get(flags.job)) {
            // A configured job's retention would treat the file like its own backups and could delete it.
            throw new LifeboatError('BAD_INPUT', `"${flags.job}" is a configured backup job; imported files are kept apart from its backups so its retention never deletes them.`, {
              fix: 'Leave --job out (imported files are recorded under "imported"), or use a name that is not a job.',
            });
          }
          const keys = legacyKeysFromFlags(flags);
          const progress = flags.json ? undefined : progressPrinter();
          try {
            if (!flags.restoreTo) {
              const imported = await importBackupFile({ file, keys, repo: ctx.backups, job: flags.job, database: flags.database, onProgress: progress?.onProgress, audit: ctx.audit });
              return { import: imported };
            }
            warnAboutPasswordInUrl(flags.restoreTo);
            const target = parseConnectionUrl(flags.restoreTo);
            const source = await sourceFromPath(file);
            // The restore reads the whole file and checks it on the way; only a file that restored is catalogued.
            const restore = await restoreImportedFile({ source, target, keys, noOwner: !flags.owner, onProgress: progress?.onProgress, log: ctx.log, audit: ctx.audit });
            const imported = catalogueLegacyFile(ctx.backups, restore.facts, { job: flags.job, database: flags.database, audit: ctx.audit });
            ctx.backups.recordVerification(imported.backupId, 'restore', restore.mismatches.length === 0, `restored into ${restore.targetDatabase}; ${restore.tablesChecked} tables, ${restore.mismatches.length} differ from the file`);
            if (restore.mismatches.length > 0) process.exitCode = 1;
            return { import: imported, restore: { ...restore, backupId: imported.backupId } };
          } finally {
            progress?.done();
          }
        },
        (result) => {
          const imp = result.import;
          const f = imp.facts;
          const verb = imp.outcome === 'existing' ? 'Already in the catalog' : 'Imported';
          process.stdout.write(`${verb}: ${f.label}\n  id         ${imp.backupId}\n  format     ${f.format}${f.toolVersion ? `, written by pg_dump ${f.toolVersion}` : ''}\n  database   ${imp.database}   job ${imp.job}\n`);
          process.stdout.write(`  checked    read to the end: ${formatBytes(f.storedBytes)} → ${formatBytes(f.payloadBytes)}${f.payload === 'sql' ? (f.sql.dumpComplete ? ', ends with pg_dump\'s "dump complete"' : `, ${f.sql.statements} complete statements`) : ', pg_restore read every entry'}\n`);
          if (f.tables) process.stdout.write(`  contents   ${plural(f.tables.length, 'table')}, ${plural(f.tables.reduce((n, t) => n + t.rows, 0), 'row')} of COPY data\n`);
          if (result.restore) printRestore(result.restore);
          else {
            const keyFlags = [flags.passphraseEnv ? ` --passphrase-env ${flags.passphraseEnv}` : '', flags.fernetKeyEnv ? ` --fernet-key-env ${flags.fernetKeyEnv}` : ''].join('');
            process.stdout.write(`  restore    lifeboat restore ${imp.backupId} --db postgres://USER@HOST:PORT/NEW_DATABASE${keyFlags}\n`);
          }
          for (const w of imp.warnings) process.stdout.write(`  note: ${w}\n`);
        },
      ),
    );
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** How a restore of a legacy file reads in a terminal (also used by `lifeboat restore FILE`). */
export function printRestore(restore: ImportedRestoreReport): void {
  process.stdout.write(`Restored into "${restore.targetDatabase}" in ${formatDuration(restore.durationMs / 1000)} (${formatBytes(restore.bytesRead)} read, ${restore.format}).\n`);
  if (!restore.compared) process.stdout.write(`  ${restore.tablesChecked} tables restored; the file's rows could not be counted beforehand, so nothing was compared.\n`);
  else if (restore.mismatches.length === 0) process.stdout.write(`  Row counts match the file for all ${restore.tablesChecked} tables.\n`);
  else {
    process.stdout.write(`  ROW COUNTS DIFFER from the file in ${restore.mismatches.length} table(s); the database was kept for inspection:\n`);
    for (const m of restore.mismatches) process.stdout.write(`    ${m.schema}.${m.table}: file has ${m.expected ?? 'no rows'}, found ${m.actual ?? 'no table'}\n`);
  }
  const shown = restore.tables.slice(0, 30);
  for (const t of shown) process.stdout.write(`    ${`${t.schema}.${t.table}`.padEnd(40)} ${t.rows} rows\n`);
  if (restore.tables.length > shown.length) process.stdout.write(`    … and ${restore.tables.length - shown.length} more tables (--json lists them all)\n`);
  for (const w of restore.warnings) process.stdout.write(`  note: ${w}\n`);
}

// ── `lifeboat restore` and `lifeboat verify` of files made without Lifeboat ─────────────────

interface LegacyRestoreFlags extends LegacyKeyFlags {
  db: string;
  owner: boolean;
  privileges?: boolean;
  json?: boolean;
  [flag: string]: unknown;
}

/** Options of `lifeboat restore` that only Lifeboat's own archives support. */
const OWN_FORMAT_ONLY = ['replace', 'confirm', 'tables', 'schemas', 'intoExisting', 'replaceTables', 'schemaOnly', 'dataOnly', 'globals', 'jobs', 'identity'] as const;

/**
 * Wraps the action of `lifeboat restore` or `lifeboat verify`: when REF is an imported backup or
 * a file that is not Lifeboat's own (age) format, the importers handle it; otherwise `own` runs.
 */
export function routeLegacy<F extends { json?: boolean } & LegacyKeyFlags>(kind: 'restore' | 'verify', own: (ref: string, flags: F) => Promise<void> | void): (ref: string, flags: F) => Promise<void> {
  return async (ref, flags) => {
    const probe = new CliContext();
    let legacy: LegacySource | undefined;
    try {
      legacy = await legacySourceFor(ref, probe.backups, (id) => probe.registry.fromId(id));
    } catch (error) {
      // An imported backup whose file is gone, an unreadable file: say so, as any command does.
      return runCommand(flags, async () => Promise.reject(error), () => undefined);
    } finally {
      probe.close();
    }
    if (!legacy) return own(ref, flags);
    const source = legacy;
    if (kind === 'verify') {
      return runCommand(
        flags,
        async (ctx) => {
          const progress = flags.json ? undefined : progressPrinter();
          try {
            return { verify: await verifyLegacyFile(source, legacyKeysFromFlags(flags), { catalog: ctx.backups, onProgress: progress?.onProgress, audit: ctx.audit }) };
          } finally {
            progress?.done();
          }
        },
        ({ verify }) => {
          process.stdout.write(`OK: ${verify.label}\n  ${formatBytes(verify.storedBytes)} read to the end (${verify.format}), ${verify.hashChecked ? 'SHA-256 matches the catalog' : 'not a Lifeboat backup: no manifest to check the hash against'}, ${formatBytes(verify.dumpBytes)} decoded\n  ${verify.tables === null ? 'table data not in COPY form' : `${plural(verify.tables, 'table')} with COPY data`}\n`);
        },
      );
    }
    const restoreFlags = flags as unknown as LegacyRestoreFlags;
    return runCommand(
      flags,
      async (ctx) => {
        const unsupported = OWN_FORMAT_ONLY.filter((name) => restoreFlags[name] !== undefined && restoreFlags[name] !== false);
        if (unsupported.length > 0) {
          throw new LifeboatError('BAD_INPUT', `${source.label} was not made by Lifeboat (no age encryption, no manifest); ${unsupported.map((n) => `--${n.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')} work only with Lifeboat's own backups.`, {
            fix: 'Restore it whole into a new database (--db URL, with --passphrase-env or --fernet-key-env for its key), or import it with `lifeboat import`.',
          });
        }
        warnAboutPasswordInUrl(restoreFlags.db);
        const target = parseConnectionUrl(restoreFlags.db);
        const progress = flags.json ? undefined : progressPrinter();
        try {
          const report = await restoreImportedFile({ source, target, keys: legacyKeysFromFlags(flags), noOwner: !restoreFlags.owner, noPrivileges: restoreFlags.privileges === false, catalog: ctx.backups, onProgress: progress?.onProgress, log: ctx.log, audit: ctx.audit });
          if (report.mismatches.length > 0) process.exitCode = 1;
          return { restore: report };
        } finally {
          progress?.done();
        }
      },
      ({ restore }) => printRestore(restore),
    );
  };
}
