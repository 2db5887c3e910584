// `lifeboat verify ID|FILE` and `lifeboat restore ID|FILE --db URL`.
import type { Command } from 'commander';
import { parseConnectionUrl } from '../../../pg/connection';
import { restoreBackup } from '../../../pipeline/restore';
import { resolveBackupRef, withBestCopy, type RestoreSource } from '../../../pipeline/restore-source';
import { verifyBackup } from '../../../pipeline/verify';
import { runCommand, type CliContext } from '../context';
import { formatBytes, formatDuration } from '../format';
import { decryptionFromFlags, type KeyFlags } from '../keys';
import { progressPrinter } from '../progress-bar';
import { warnAboutPasswordInUrl } from '../url-warning';

export function registerVerifyRestore(program: Command): void {
  program
    .command('verify <backup>')
    .description('check a backup (catalog id or file): hash, full decryption, archive table of contents')
    .option('--identity <file>', 'age identity file to decrypt with')
    .option('--passphrase-env <VAR>', 'passphrase from this environment variable')
    .option('--json', 'print one JSON object')
    .action((ref: string, flags: KeyFlags & { json?: boolean }) =>
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
    );

  program
    .command('restore <backup>')
    .description('restore a backup (catalog id or file) into a NEW database; existing databases are never touched')
    .requiredOption('--db <url>', 'postgres://USER@HOST:PORT/NEW_DATABASE (it must not exist yet)')
    .option('--identity <file>', 'age identity file to decrypt with')
    .option('--passphrase-env <VAR>', 'passphrase from this environment variable')
    .option('--no-owner', 'do not restore object ownership (when the original roles do not exist here)')
    .option('--json', 'print one JSON object')
    .action((ref: string, flags: KeyFlags & { db: string; owner: boolean; json?: boolean }) =>
      runCommand(
        flags,
        async (ctx) => {
          warnAboutPasswordInUrl(flags.db);
          const target = parseConnectionUrl(flags.db);
          const keys = decryptionFromFlags(flags);
          const progress = flags.json ? undefined : progressPrinter();
          try {
            const report = await onBestSource(ctx, ref, (source) =>
              restoreBackup({ source, target, keys, noOwner: !flags.owner, catalog: ctx.backups, onProgress: progress?.onProgress, log: ctx.log, audit: ctx.audit }),
            );
            if (report.mismatches.length > 0) process.exitCode = 1;
            return { restore: report };
          } finally {
            progress?.done();
          }
        },
        ({ restore }) => {
          process.stdout.write(`Restored into "${restore.targetDatabase}" in ${formatDuration(restore.durationMs / 1000)} (${formatBytes(restore.bytesRead)} read).\n`);
          if (restore.mismatches.length === 0) process.stdout.write(`  Row counts match the backup for all ${restore.tablesChecked} tables.\n`);
          else {
            process.stdout.write(`  ROW COUNTS DIFFER from the backup in ${restore.mismatches.length} table(s); the database was kept for inspection:\n`);
            for (const m of restore.mismatches) process.stdout.write(`    ${m.schema}.${m.table}: expected ${m.expected ?? 'absent'}, found ${m.actual ?? 'absent'}\n`);
          }
          for (const w of restore.warnings) process.stdout.write(`  warning: ${w}\n`);
        },
      ),
    );
}

/** A catalogued backup is read from its best copy, falling back to the others; a file is read as is. */
async function onBestSource<T>(ctx: CliContext, ref: string, fn: (source: RestoreSource) => Promise<T>): Promise<T> {
  const resolved = await resolveBackupRef(ref, ctx.backups);
  if (resolved.kind === 'file') return fn(resolved.source);
  return withBestCopy(resolved.record, (id) => ctx.registry.fromId(id), ctx.backups, fn);
}
