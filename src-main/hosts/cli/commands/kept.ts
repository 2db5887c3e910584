// `lifeboat kept list --db URL` and `lifeboat kept drop NAME --db URL --confirm NAME`: the
// databases a replace kept (`<db>_before_restore_<time>`) stay until someone drops them; these
// are the CLI's way to see and drop them (the desktop app lists them under Restore).
import type { Command } from 'commander';
import { LifeboatError } from '../../../../src-shared/errors';
import { parseConnectionUrl } from '../../../pg/connection';
import { dropKeptDatabase, listKeptDatabases, type KeptDatabase } from '../../../restore/leftovers';
import { runCommand } from '../context';
import { formatBytes } from '../format';
import { warnAboutPasswordInUrl } from '../url-warning';

export function registerKept(program: Command): void {
  const kept = program.command('kept').description('databases kept by `restore --replace` (<db>_before_restore_<time>)');
  kept
    .command('list')
    .description('list the kept databases on a server')
    .requiredOption('--db <url>', 'the server: postgres://USER@HOST:PORT/postgres (password from PGPASSWORD)')
    .option('--json', 'print one JSON object')
    .action((flags: { db: string; json?: boolean }) =>
      runCommand(
        flags,
        async () => {
          warnAboutPasswordInUrl(flags.db);
          return { kept: await listKeptDatabases(parseConnectionUrl(flags.db)) };
        },
        ({ kept: list }: { kept: KeptDatabase[] }) => {
          if (list.length === 0) process.stdout.write('No databases kept by a replace on this server.\n');
          for (const k of list) process.stdout.write(`${k.name}  (was ${k.original}, replaced ${k.keptAt}${k.sizeBytes === null ? '' : `, ${formatBytes(k.sizeBytes)}`})\n`);
        },
      ),
    );
  kept
    .command('drop <name>')
    .description('drop one kept database; type its name again with --confirm')
    .requiredOption('--db <url>', 'the server: postgres://USER@HOST:PORT/postgres (password from PGPASSWORD)')
    .option('--confirm <name>', 'the kept database name again, to confirm')
    .option('--json', 'print one JSON object')
    .action((name: string, flags: { db: string; confirm?: string; json?: boolean }) =>
      runCommand(
        flags,
        async (ctx) => {
          if (flags.confirm !== name) {
            throw new LifeboatError('BAD_INPUT', `Dropping "${name}" deletes the database as it was before the restore; type its name again to confirm. Nothing was dropped.`, { fix: `Add --confirm ${name}` });
          }
          warnAboutPasswordInUrl(flags.db);
          const conn = parseConnectionUrl(flags.db);
          await dropKeptDatabase(conn, name);
          ctx.audit.append({ event: 'restore_kept_dropped', status: 'info', details: `Dropped "${name}" (kept by a replace) on ${conn.host}:${conn.port}`, database: name });
          return { dropped: name };
        },
        ({ dropped }: { dropped: string }) => process.stdout.write(`Dropped ${dropped}.\n`),
      ),
    );
}
