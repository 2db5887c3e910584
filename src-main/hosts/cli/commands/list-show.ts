// `lifeboat list` and `lifeboat show ID`: the catalog, newest first.
import type { Command } from 'commander';
import { LifeboatError } from '../../../../src-shared/errors';
import type { BackupRecord } from '../../../../src-shared/types';
import { runCommand } from '../context';
import { formatBytes } from '../format';

export function registerListShow(program: Command): void {
  program
    .command('list')
    .description('list backups in the catalog, newest first')
    .option('--limit <n>', 'show at most this many', '50')
    .option('--json', 'print one JSON object')
    .action((flags: { limit: string; json?: boolean }) =>
      runCommand(
        flags,
        async (ctx) => ({ backups: ctx.backups.list({ limit: Math.max(1, Number(flags.limit) || 50) }) }),
        ({ backups }) => {
          if (backups.length === 0) return void process.stdout.write('No backups yet. Run `lifeboat backup --help` to make one.\n');
          process.stdout.write(`${'ID'.padEnd(14)}${'DATABASE'.padEnd(20)}${'STARTED (UTC)'.padEnd(22)}${'STATUS'.padEnd(13)}${'SIZE'.padStart(9)}  COPIES\n`);
          for (const b of backups) process.stdout.write(listLine(b) + '\n');
        },
      ),
    );

  program
    .command('show <id>')
    .description('show one backup: files, copies, warnings, errors')
    .option('--json', 'print one JSON object')
    .action((id: string, flags: { json?: boolean }) =>
      runCommand(
        flags,
        async (ctx) => {
          const backup = ctx.backups.find(id);
          if (!backup) throw new LifeboatError('BACKUP_NOT_FOUND', `No backup with id "${id}" in the catalog.`, { fix: 'Run `lifeboat list` to see the ids.' });
          return { backup };
        },
        ({ backup }) => process.stdout.write(showText(backup)),
      ),
    );
}

function listLine(b: BackupRecord): string {
  const copies = b.copies.map((c) => `${c.status === 'present' ? '✓' : '✗'} ${c.destinationId.replace(/^folder:/, '')}`).join(', ');
  return `${b.id.padEnd(14)}${b.database.slice(0, 19).padEnd(20)}${b.startedAt.slice(0, 19).replace('T', ' ').padEnd(22)}${(b.health === 'degraded' ? 'degraded' : b.status).padEnd(13)}${(b.storedBytes === null ? '-' : formatBytes(b.storedBytes)).padStart(9)}  ${copies}`;
}

function showText(b: BackupRecord): string {
  const lines = [
    `Backup ${b.id}`,
    `  database     ${b.database} (job ${b.job}) from ${b.source ?? '?'}, PostgreSQL ${b.serverVersion ?? '?'}, pg_dump ${b.toolVersion ?? '?'}`,
    `  status       ${b.status}${b.health === 'degraded' ? ' (degraded: not every copy is good; run lifeboat sync)' : ''}${b.error ? ` — ${b.error.message}` : ''}`,
    `  started      ${b.startedAt}${b.finishedAt ? `, finished ${b.finishedAt}` : ''}`,
    `  size         ${b.dumpBytes === null ? '-' : formatBytes(b.dumpBytes)} dumped, ${b.storedBytes === null ? '-' : formatBytes(b.storedBytes)} stored`,
    `  encryption   ${b.encryptionKind ?? '?'}${b.recipients.length ? ` to ${b.recipients.join(', ')}` : ''}`,
  ];
  for (const f of b.files) lines.push(`  file         ${f.role.padEnd(9)} ${f.name}${f.size === null ? '' : ` (${formatBytes(f.size)})`}`);
  for (const c of b.copies) lines.push(`  copy         ${c.status.padEnd(9)} ${c.destinationId.replace(/^folder:/, '')}/${c.prefix}${c.errorMessage ? ` — ${c.errorMessage}` : ''}`);
  for (const w of b.warnings) lines.push(`  warning      ${w}`);
  return lines.join('\n') + '\n';
}
