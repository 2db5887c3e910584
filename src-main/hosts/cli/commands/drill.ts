// `lifeboat drill JOB`: restore the job's latest backup of each database into a sandbox, check
// row counts, record pass/fail in the catalog, the job's drill state and the audit log. Waits
// for a running backup of the job first. Exit code 1 when any drill failed.
import type { Command } from 'commander';
import { LifeboatError } from '../../../../src-shared/errors';
import type { DrillReport, DrillSandbox } from '../../../drills/drill';
import { cleanupStaleSpools } from '../../../restore/spool';
import { runCommand } from '../context';
import { formatDuration } from '../format';
import { decryptionFromFlags, type KeyFlags } from '../keys';

const SANDBOXES: Record<string, DrillSandbox> = { local: 'local', source: 'source-server', 'source-server': 'source-server' };

export function registerDrill(program: Command): void {
  program
    .command('drill <job>')
    .description("restore drill: restore the job's latest backup of each database into a sandbox, compare row counts, record the result")
    .option('--sandbox <where>', "local: a throwaway PostgreSQL cluster on this machine; source: a temporary database on the job's server (default: the job's drill setting)")
    .option('--identity <file>', 'age identity file to decrypt with (default: the key Lifeboat holds)')
    .option('--passphrase-env <VAR>', 'passphrase from this environment variable (default: the saved one)')
    .option('--json', 'print one JSON object')
    .action((name: string, flags: KeyFlags & { sandbox?: string; json?: boolean }) =>
      runCommand(
        flags,
        async (ctx) => {
          const sandbox = flags.sandbox === undefined ? undefined : SANDBOXES[flags.sandbox];
          if (flags.sandbox !== undefined && !sandbox) throw new LifeboatError('BAD_INPUT', `--sandbox must be local or source (got "${flags.sandbox}").`);
          const job = ctx.jobs.require(name).config;
          const given = flags.identity || flags.passphraseEnv ? decryptionFromFlags(flags) : undefined;
          await cleanupStaleSpools();
          const run = await ctx.drillJob(job, { trigger: 'manual', sandbox, keys: given });
          if (!run.report) throw new LifeboatError('BAD_INPUT', `The drill of job "${name}" did not run: ${run.detail ?? run.outcome}.`);
          const drill = run.report;
          if (!drill.ok) process.exitCode = 1;
          return { drill };
        },
        ({ drill }: { drill: DrillReport }) => {
          for (const r of drill.results) {
            const head = `${r.ok ? 'PASSED' : 'FAILED'}  ${r.job}/${r.database}${r.backupId ? ` backup ${r.backupId}` : ''}`;
            process.stdout.write(`${head}${r.where ? ` in a ${r.where}` : ''}${r.durationMs ? ` (${formatDuration(r.durationMs / 1000)})` : ''}\n`);
            if (r.ok) process.stdout.write(`  Row counts match the backup for all ${r.tablesChecked} tables.\n`);
            else if (r.mismatches.length > 0) for (const m of r.mismatches) process.stdout.write(`  ${m.schema}.${m.table}: expected ${m.expected ?? 'absent'}, found ${m.actual ?? 'absent'}\n`);
            else if (r.error) process.stdout.write(`  ${r.error.message}${r.error.fix ? ` ${r.error.fix}` : ''}\n`);
            for (const w of r.warnings) process.stdout.write(`  warning: ${w}\n`);
          }
        },
      ),
    );
}
