// `lifeboat run-due` (run whatever is due once, then exit), `lifeboat daemon` (the scheduler,
// headless) and `lifeboat prune` (retention, with a dry run).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { LifeboatError } from '../../../../src-shared/errors';
import type { DrillRunResult } from '../../../drills/run-job-drill';
import type { JobRunResult } from '../../../jobs/run-job';
import { isDrillRun } from '../../../jobs/run-queue';
import { checkAlerts } from '../../../jobs/check-alerts';
import { createJobRuntime, type JobRuntime } from '../../../jobs/runtime';
import { serviceFileFor } from '../../../jobs/service-files';
import { prune } from '../../../retention/prune';
import { runCommand, type CliContext } from '../context';

/** The script a service starts: this checkout's (or the installed app's) CLI entry. */
const CLI_ENTRY = fileURLToPath(new URL('../../../../bin/lifeboat.mjs', import.meta.url));

interface Finished {
  runs: JobRunResult[];
  drills: DrillRunResult[];
}

function createRuntime(ctx: CliContext, finished: Finished): JobRuntime {
  const done = (outcome: JobRunResult | DrillRunResult | Error) => {
    if (outcome instanceof Error) return;
    if (isDrillRun(outcome)) finished.drills.push(outcome);
    else finished.runs.push(outcome);
  };
  return createJobRuntime(ctx, { observe: () => ({ done }) });
}

export function registerScheduling(program: Command): void {
  program
    .command('run-due')
    .description('run every job and restore drill that is due (including one catch-up run for missed ones), then exit')
    .option('--json', 'print one JSON object')
    .action((flags: { json?: boolean }) =>
      runCommand(
        flags,
        async (ctx) => {
          const finished: Finished = { runs: [], drills: [] };
          const { queue, scheduler } = createRuntime(ctx, finished);
          const { backups: queued, drills: drillsQueued } = scheduler.tickAll();
          await queue.idle();
          if (finished.runs.some((r) => !r.ok) || finished.drills.some((d) => d.outcome === 'failed')) process.exitCode = 1;
          return { queued, drillsQueued, ...finished };
        },
        ({ queued, drillsQueued, runs, drills }) => {
          if (queued.length === 0 && drillsQueued.length === 0) process.stdout.write('Nothing is due.\n');
          for (const run of runs) {
            for (const o of run.outcomes) process.stdout.write(`${run.job}: ${o.database} ${o.error ? `FAILED: ${o.error.message}` : `backed up (${o.backupId})`}\n`);
          }
          for (const d of drills) process.stdout.write(`${d.job}: restore drill ${d.outcome}${d.detail ? `: ${d.detail}` : ''}\n`);
        },
      ),
    );

  program
    .command('daemon')
    .description('run the scheduler in the foreground, headless (for servers; see install-service)')
    .action(() =>
      runCommand(
        {},
        async (ctx) => {
          const { queue, scheduler } = createRuntime(ctx, { runs: [], drills: [] });
          scheduler.start();
          // Alerts (no recent backup, damaged copies, low space) are checked hourly.
          const check = async () => {
            await checkAlerts({ backups: ctx.backups, jobs: ctx.jobs, channels: ctx.channels, settings: ctx.settings, secrets: await ctx.secrets(), destination: (name) => ctx.registry.fromSpec(name), log: ctx.log }).catch((error: unknown) =>
              ctx.log.warn('alert check failed', { error: (error as Error).message }),
            );
          };
          void check();
          const checks = setInterval(() => void check(), 3600_000);
          process.stderr.write(`lifeboat daemon: watching ${ctx.jobs.list().length} job(s); logs in ${ctx.dataDir}/logs\n`);
          await new Promise<void>((resolve) => {
            const stop = () => {
              clearInterval(checks);
              scheduler.stop();
              for (const job of queue.snapshot.running) queue.cancel(job);
              void queue.idle().then(resolve);
            };
            process.once('SIGTERM', stop);
            process.once('SIGINT', stop);
          });
          return {};
        },
        () => undefined,
      ),
    );

  program
    .command('prune')
    .description("delete backups that a job's retention policy no longer keeps")
    .option('--job <name>', 'only this job (default: every job)')
    .option('--dry-run', 'show what would be deleted, delete nothing')
    .option('--json', 'print one JSON object')
    .action((flags: { job?: string; dryRun?: boolean; json?: boolean }) =>
      runCommand(
        flags,
        async (ctx) => {
          const jobs = flags.job ? [ctx.jobs.require(flags.job)] : ctx.jobs.list();
          if (jobs.length === 0) throw new LifeboatError('BAD_INPUT', 'There are no jobs, so there is no retention policy to apply.', { fix: 'Create a job with retention options (lifeboat job add --keep-daily 7 …).' });
          const results = [];
          for (const job of jobs) {
            const destinations = await Promise.all(
              job.config.destinations.map(async (name) => {
                const dest = await ctx.registry.fromSpec(name);
                return { name, id: dest.id, objectLockDays: dest.objectLockDays };
              }),
            );
            const result = await prune({ db: ctx.catalogDb, repo: ctx.backups, resolve: (id) => ctx.registry.fromId(id), log: ctx.log, audit: ctx.audit }, { job: job.config, destinations }, { dryRun: Boolean(flags.dryRun) });
            results.push({ job: job.config.name, ...result });
          }
          return { dryRun: Boolean(flags.dryRun), results };
        },
        ({ dryRun, results }) => {
          for (const r of results) {
            process.stdout.write(`${r.job}: ${dryRun ? 'dry run — ' : ''}${r.summary}\n`);
            for (const d of r.plan.deletions) process.stdout.write(`  ${dryRun ? 'would delete' : 'deleted'} ${d.backupId} on ${d.destinationId}: ${d.reason}\n`);
            for (const b of r.plan.blocked) process.stdout.write(`  kept (locked) ${b.backupId} on ${b.destinationId}: ${b.reason}\n`);
            for (const f of r.failed) process.stdout.write(`  FAILED ${f.backupId} on ${f.destinationId}: ${f.error}\n`);
          }
        },
      ),
    );
}

export function registerInstallService(program: Command): void {
  program
    .command('install-service')
    .description('run backups even when the desktop app is closed: a systemd user service, a launchd agent or a Windows scheduled task')
    .option('--print', 'print what would be installed, change nothing')
    .option('--json', 'print one JSON object')
    .action((flags: { print?: boolean; json?: boolean }) =>
      runCommand(
        flags,
        async (ctx) => {
          const file = serviceFileFor(process.platform, { node: process.execPath, cli: CLI_ENTRY, dataDir: ctx.dataDir });
          if (!flags.print && file.path) {
            mkdirSync(path.dirname(file.path), { recursive: true });
            writeFileSync(file.path, file.content, { mode: 0o644 });
          }
          return { printed: Boolean(flags.print), ...file };
        },
        (file) => {
          if (file.printed || !file.path) process.stdout.write(`${file.path ? `# ${file.path}\n` : ''}${file.content}\n`);
          if (!file.printed && file.path) process.stdout.write(`Wrote ${file.path}.\n`);
          process.stdout.write(`${file.printed ? 'To activate it, run' : 'Now run'}:\n${file.activate.map((c) => `  ${c}`).join('\n')}\n`);
        },
      ),
    );
}
