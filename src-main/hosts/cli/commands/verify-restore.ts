// `lifeboat verify ID|FILE` and `lifeboat restore ID|FILE --db URL`.
import type { Command } from 'commander';
import { resolveBackupRef, withBestCopy, type RestoreSource } from '../../../pipeline/restore-source';
import { verifyBackup } from '../../../pipeline/verify';
import { restoreAction, type RestoreFlags } from './restore-action';
import { routeLegacy, type LegacyKeyFlags } from './import';
import { runCommand, type CliContext } from '../context';
import { formatBytes } from '../format';
import { decryptionFromFlags, type KeyFlags } from '../keys';
import { progressPrinter } from '../progress-bar';

export function registerVerifyRestore(program: Command): void {
  program
    .command('verify <backup>')
    .description('check a backup (catalog id or file): hash, full decryption, archive table of contents')
    .option('--identity <file>', 'age identity file to decrypt with')
    .option('--passphrase-env <VAR>', 'passphrase from this environment variable')
    .option('--fernet-key-env <VAR>', 'Fernet key, for a file made without Lifeboat (see lifeboat import)')
    .option('--json', 'print one JSON object')
    .action(routeLegacy('verify', (ref: string, flags: KeyFlags & LegacyKeyFlags & { json?: boolean }) =>
      runCommand(
        flags,
        async (ctx) => {
          const keys = decryptionFromFlags(flags);
          const progress = flags.json ? undefined : progressPrinter();
          try {
            const verify = await onBestSource(ctx, ref, (source) => verifyBackup({ source, keys, catalog: ctx.backups, onProgress: progress?.onProgress, audit: ctx.audit }));
            return { verify };
          } finally {
            progress?.done();
          }
        },
        ({ verify }) => {
          process.stdout.write(
            `OK: ${verify.label}\n  ${formatBytes(verify.storedBytes)} read, ${verify.hashChecked ? 'SHA-256 matches the manifest' : 'no manifest to check the hash against'}, decrypted to ${formatBytes(verify.dumpBytes)}\n  archive: ${verify.tocEntries} entries, ${verify.tableDataEntries} with table data${verify.tables === null ? '' : `; manifest lists ${verify.tables} tables`}\n`,
          );
        },
      ),
    ));

  program
    .command('restore <backup>')
    .description('restore a backup (catalog id or file) into a NEW database; an existing one only with --replace (swapped in after a verified restore) or --into-existing (selected tables, one transaction)')
    .requiredOption('--db <url>', 'postgres://USER@HOST:PORT/DATABASE: a new database (it must not exist yet), or the one to replace')
    .option('--identity <file>', 'age identity file to decrypt with')
    .option('--passphrase-env <VAR>', 'passphrase from this environment variable')
    .option('--no-owner', 'do not restore object ownership (when the original roles do not exist here)')
    .option('--no-privileges', 'do not restore privileges (GRANT/REVOKE)')
    .option('--replace', 'replace the existing database: restore into a temporary one, verify it, then swap it in; the old one is kept as <db>_before_restore_<time>')
    .option('--confirm <name>', 'with --replace: the name of the database being replaced, typed again')
    .option('--tables <list>', 'only these tables (table or schema.table, comma-separated), with their indexes, constraints, sequences and triggers')
    .option('--schemas <list>', 'only these schemas (comma-separated)')
    .option('--into-existing', 'add the selected tables (or data) to the existing database in --db, in one transaction; they must not exist there yet')
    .option('--replace-tables', 'with --into-existing: drop and re-create the selected tables (in the same transaction)')
    .option('--schema-only', 'only the schema, no data')
    .option('--data-only', 'only the data, into existing empty tables (with --into-existing)')
    .option('--globals', "restore the backup's roles first (existing roles are left as they are)")
    .option('--jobs <n>', 'restore with n parallel jobs (the archive is decrypted to a private temporary file first)')
    .option('--fernet-key-env <VAR>', 'Fernet key, for a file made without Lifeboat (see lifeboat import)')
    .option('--json', 'print one JSON object')
    .action(routeLegacy('restore', (ref: string, flags: RestoreFlags & LegacyKeyFlags) => restoreAction(ref, flags)));
}

/** A catalogued backup is read from its best copy, falling back to the others; a file is read as is. */
async function onBestSource<T>(ctx: CliContext, ref: string, fn: (source: RestoreSource) => Promise<T>): Promise<T> {
  const resolved = await resolveBackupRef(ref, ctx.backups);
  if (resolved.kind === 'file') return fn(resolved.source);
  return withBestCopy(resolved.record, (id) => ctx.registry.fromId(id), ctx.backups, fn);
}
