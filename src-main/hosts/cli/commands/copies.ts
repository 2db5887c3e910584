// `lifeboat sync` (heal missing or failed copies from good ones) and `lifeboat scrub`
// (read copies back and mark them missing or corrupt).
import type { Command } from 'commander';
import { healCopies } from '../../../pipeline/heal';
import { scrub } from '../../../pipeline/scrub';
import { runCommand } from '../context';
import { parseIntFlag } from './backup';
import { decryptionFromFlags, type KeyFlags } from '../keys';

export function registerCopies(program: Command): void {
  program
    .command('sync')
    .description('re-create missing or failed copies of backups from a good copy (hash-verified)')
    .option('--json', 'print one JSON object')
    .action((flags: { json?: boolean }) =>
      runCommand(
        flags,
        async (ctx) => {
          const outcomes = await healCopies({ repo: ctx.backups, resolve: (id) => ctx.registry.fromId(id), log: ctx.log, audit: ctx.audit });
          if (outcomes.some((o) => !o.healed)) process.exitCode = 1;
          return { healed: outcomes.filter((o) => o.healed), failed: outcomes.filter((o) => !o.healed) };
        },
        ({ healed, failed }) => {
          if (healed.length === 0 && failed.length === 0) process.stdout.write('Every backup has all its copies.\n');
          for (const o of healed) process.stdout.write(`healed   ${o.backupId} on ${o.destinationId} (from ${o.from})\n`);
          for (const o of failed) process.stdout.write(`FAILED   ${o.backupId} on ${o.destinationId}: ${o.detail}\n`);
        },
      ),
    );

  program
    .command('scrub')
    .description('read stored copies back and check size and SHA-256 (and decryption with a key)')
    .option('--sample <percent>', 'check this percentage of backups, chosen at random', '100')
    .option('--identity <file>', 'also decrypt the dumps with this identity')
    .option('--passphrase-env <VAR>', 'also decrypt the dumps with this passphrase')
    .option('--json', 'print one JSON object')
    .action((flags: KeyFlags & { sample: string; json?: boolean }) =>
      runCommand(
        flags,
        async (ctx) => {
          const keys = flags.identity || flags.passphraseEnv ? decryptionFromFlags(flags) : undefined;
          const outcomes = await scrub({ repo: ctx.backups, resolve: (id) => ctx.registry.fromId(id), samplePercent: parseIntFlag(flags.sample, '--sample', 1, 100), keys, audit: ctx.audit });
          if (outcomes.some((o) => o.after !== 'present')) process.exitCode = 1;
          return { checked: outcomes.length, problems: outcomes.filter((o) => o.after !== 'present' || o.detail), outcomes };
        },
        ({ checked, problems }) => {
          process.stdout.write(`Checked ${checked} cop${checked === 1 ? 'y' : 'ies'}: ${problems.length === 0 ? 'all good.' : `${problems.length} problem(s).`}\n`);
          for (const p of problems) process.stdout.write(`  ${p.after.toUpperCase().padEnd(8)} ${p.backupId} on ${p.destinationId}: ${p.detail}\n`);
          if (problems.some((p) => p.after !== 'present')) process.stdout.write('Run `lifeboat sync` to re-create damaged or missing copies from good ones.\n');
        },
      ),
    );
}
