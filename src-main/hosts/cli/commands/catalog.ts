// `lifeboat catalog rebuild --from DEST`: re-creates the catalog from a destination's manifests.
import type { Command } from 'commander';
import { rebuildCatalog } from '../../../catalog/rebuild';
import { runCommand } from '../context';

export function registerCatalog(program: Command): void {
  const catalog = program.command('catalog').description('the local catalog of backups');
  catalog
    .command('rebuild')
    .description('re-create catalog entries from the manifests at a destination (idempotent; run it for each destination)')
    .requiredOption('--from <dest>', 'folder, s3://bucket/prefix or saved destination name')
    .option('--json', 'print one JSON object')
    .action((flags: { from: string; json?: boolean }) =>
      runCommand(
        flags,
        async (ctx) => ({ rebuild: await rebuildCatalog(await ctx.registry.fromSpec(flags.from), ctx.backups) }),
        ({ rebuild }) => {
          process.stdout.write(
            `Read ${rebuild.manifests} manifest(s) at ${rebuild.destinationId}: ${rebuild.added} backup(s) added, ${rebuild.merged} already known (copy recorded)${rebuild.incomplete ? `, ${rebuild.incomplete} with missing or damaged files` : ''}.\n`,
          );
          for (const s of rebuild.skipped) process.stdout.write(`  skipped ${s.key}: ${s.reason}\n`);
        },
      ),
    );
}
