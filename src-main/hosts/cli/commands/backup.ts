// `lifeboat backup --db URL --to DIR`: one encrypted backup of one database.
import type { Command } from 'commander';
import { LifeboatError } from '../../../../src-shared/errors';
import { parseConnectionUrl } from '../../../pg/connection';
import { backupDatabase } from '../../../pipeline/backup';
import { runCommand } from '../context';
import { formatBytes } from '../format';
import { encryptionFromFlags, type KeyFlags } from '../keys';
import { progressPrinter } from '../progress-bar';
import { warnAboutPasswordInUrl } from '../url-warning';

interface BackupFlags extends KeyFlags {
  db: string;
  to: string[];
  job?: string;
  compressionLevel?: string;
  rowCounts: boolean;
  globals: boolean;
  lockTimeout?: string;
  json?: boolean;
}

export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description('back up one database, encrypted, to one or more folders')
    .requiredOption('--db <url>', 'postgres://USER@HOST:PORT/DATABASE (password from PGPASSWORD or ~/.pgpass)')
    .requiredOption('--to <dest>', 'folder, s3://bucket/prefix or saved destination name (repeat for several copies)', collect, [])
    .option('--recipient <age1…>', 'encrypt to this public key (repeatable)', collect, [])
    .option('--identity <file>', 'encrypt to the public key of this identity file')
    .option('--passphrase-env <VAR>', 'encrypt with the passphrase in this environment variable')
    .option('--job <name>', 'job name used in the folder layout', 'adhoc')
    .option('--compression-level <n>', 'zstd level 1-19', '3')
    .option('--no-row-counts', 'skip exact per-table row counts')
    .option('--no-globals', 'skip roles and tablespaces (pg_dumpall --globals-only)')
    .option('--lock-timeout <seconds>', 'give up when a table stays locked this long', '300')
    .option('--json', 'print one JSON object')
    .action((flags: BackupFlags) =>
      runCommand(
        flags,
        async (ctx) => {
          warnAboutPasswordInUrl(flags.db);
          const conn = parseConnectionUrl(flags.db);
          const encryption = encryptionFromFlags(flags);
          const level = parseIntFlag(flags.compressionLevel, '--compression-level', 1, 19);
          const lockSeconds = parseIntFlag(flags.lockTimeout, '--lock-timeout', 1, 86_400);
          const progress = flags.json ? undefined : progressPrinter();
          try {
            const result = await backupDatabase({
              conn,
              destinations: await Promise.all(flags.to.map((spec) => ctx.registry.fromSpec(spec))),
              encryption,
              job: flags.job,
              compressionLevel: level,
              rowCounts: flags.rowCounts,
              globals: flags.globals,
              lockWaitTimeoutMs: lockSeconds * 1000,
              catalog: ctx.backups,
              onProgress: progress?.onProgress,
              log: ctx.log,
              audit: ctx.audit,
            });
            const record = ctx.backups.get(result.id);
            return { backup: record, warnings: result.warnings, copies: result.copies };
          } finally {
            progress?.done();
          }
        },
        ({ backup, warnings, copies }) => {
          if (!backup) return;
          const dump = backup.files.find((f) => f.role === 'dump');
          process.stdout.write(`Backed up ${backup.database}: ${formatBytes(backup.dumpBytes ?? 0)} dumped, ${formatBytes(backup.storedBytes ?? 0)} stored as ${dump?.name}\n`);
          for (const copy of copies) process.stdout.write(`  ${copy.status === 'present' ? 'saved to ' : 'FAILED  '} ${copy.destinationId.replace(/^folder:/, '')}${copy.error ? `: ${copy.error}` : ''}\n`);
          if (backup.health === 'degraded') process.stdout.write('  Degraded: not every copy was written. `lifeboat sync` re-creates it once the destination is back.\n');
          for (const warning of warnings) process.stdout.write(`  warning: ${warning}\n`);
          process.stdout.write(`Backup id: ${backup.id}\n`);
        },
      ),
    );
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function parseIntFlag(value: string | undefined, name: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new LifeboatError('BAD_INPUT', `${name} must be a whole number from ${min} to ${max} (got "${value}").`, { fix: `Pass ${name} ${min}…${max}.` });
  }
  return n;
}
