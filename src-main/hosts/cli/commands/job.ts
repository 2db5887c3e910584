// `lifeboat job …`: create, edit, inspect, run, pause/resume and delete backup jobs.
import type { Command } from 'commander';
import { LifeboatError } from '../../../../src-shared/errors';
import { jobConfigSchema, type JobConfig, type JobConfigInput, type RetentionPolicyInput } from '../../../../src-shared/job';
import { parseJobConfig } from '../../../catalog/jobs-repo';
import { recipientFromIdentity } from '../../../crypto';
import { describeDrill, nextDrill } from '../../../drills/drill-schedule';
import { testJob } from '../../../jobs/test-job';
import { deleteCopy } from '../../../retention/prune';
import { parseConnectionUrl } from '../../../pg/connection';
import { nextRuns } from '../../../schedule/next-runs';
import { parseScheduleWords } from '../../../schedule/parse-words';
import { describeSchedule, validateSchedule, type Schedule } from '../../../schedule/presets';
import { formatLocal } from '../../../schedule/time-zone';
import { secretRefs } from '../../../secrets/secret-store';
import { runCommand, type CliContext } from '../context';
import { readIdentityFile, readPassphrase } from '../keys';
import { progressPrinter } from '../progress-bar';
import { parseIntFlag } from './backup';
import { addDrillOptions, drillFromFlags, type DrillFlags } from './job-drill-flags';
import { registerJobEdit } from './job-edit';

interface JobAddFlags extends DrillFlags {
  db: string;
  database: string[];
  allDatabases?: boolean;
  exclude: string[];
  to: string[];
  schedule: string;
  timeZone: string;
  catchUp: boolean;
  identity?: string;
  recipient: string[];
  passphraseEnv?: string;
  passwordEnv?: string;
  keepLast?: string;
  keepDaily?: string;
  keepWeekly?: string;
  keepMonthly?: string;
  keepYearly?: string;
  minAgeDays?: string;
  retries: string;
  notify: string[];
  json?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerJob(program: Command): void {
  const job = program.command('job').description('scheduled backup jobs');

  const add = job
    .command('add <name>')
    .description('create a job: what to back up, when, where to, and how it is encrypted')
    .requiredOption('--db <url>', 'postgres://USER@HOST:PORT[/DATABASE] (no password here)')
    .option('--database <name>', 'a database to back up (repeatable; default: the one in --db)', collect, [])
    .option('--all-databases', 'every database on the server; new ones are picked up automatically')
    .option('--exclude <name>', 'with --all-databases: skip this database (repeatable)', collect, [])
    .requiredOption('--to <dest>', 'saved destination name or folder (repeatable)', collect, [])
    .requiredOption('--schedule <words>', '"daily 02:30", "weekdays 19:00", "every 6 hours", "weekly sun 03:00", "monthly 1 01:00" or cron')
    .option('--time-zone <tz>', 'IANA time zone of the schedule', Intl.DateTimeFormat().resolvedOptions().timeZone)
    .option('--no-catch-up', 'do not run once at start for runs missed while the computer was off')
    .option('--identity <file>', 'key pair: encrypt to this identity; it is saved in the keychain so restores need nothing else')
    .option('--recipient <age1…>', 'public key only: this computer can back up but not read the backups (repeatable)', collect, [])
    .option('--passphrase-env <VAR>', 'passphrase from this environment variable (saved in the keychain)')
    .option('--password-env <VAR>', 'database password from this environment variable (saved in the keychain)')
    .option('--keep-last <n>').option('--keep-daily <n>').option('--keep-weekly <n>').option('--keep-monthly <n>').option('--keep-yearly <n>')
    .option('--min-age-days <n>', 'never delete backups younger than this')
    .option('--retries <n>', 'retries after a transient failure', '2')
    .option('--notify <channel[:level]>', 'tell this channel; level: failures-and-recovery (default), errors-only, everything (repeatable)', collect, []);
  addDrillOptions(add)
    .option('--json', 'print one JSON object')
    .action((name: string, flags: JobAddFlags) =>
      runCommand(
        flags,
        async (ctx) => {
          const config = await buildJob(ctx, name, flags);
          ctx.jobs.create(config);
          ctx.audit.append({ event: 'job_created', status: 'info', details: `Job "${name}" created: ${describeSchedule(config.schedule as Schedule)}, to ${config.destinations.join(', ')}`, job: name });
          return { job: ctx.jobs.require(name).config, nextRuns: preview(config) };
        },
        ({ job: created, nextRuns: runs }) => {
          process.stdout.write(`Created job "${created.name}": ${describeSchedule(created.schedule as Schedule)}.\nNext runs:\n${runs.map((r) => `  ${r}`).join('\n')}\n`);
        },
      ),
    );

  registerJobEdit(job);

  job
    .command('list')
    .description('list jobs with their schedule, last outcome and next run')
    .option('--json', 'print one JSON object')
    .action((flags: { json?: boolean }) =>
      runCommand(
        flags,
        async (ctx) => ({ jobs: ctx.jobs.list().map((j) => ({ ...j, nextRun: preview(j.config, 1)[0] ?? null })) }),
        ({ jobs }) => {
          if (jobs.length === 0) return void process.stdout.write('No jobs yet. Create one with `lifeboat job add --help`.\n');
          for (const j of jobs) {
            process.stdout.write(`${j.config.name.padEnd(16)} ${j.paused ? 'PAUSED ' : ''}${describeSchedule(j.config.schedule as Schedule)}; last: ${j.state.lastOutcome ?? 'never run'}; next: ${j.paused ? '-' : j.nextRun}\n`);
          }
        },
      ),
    );

  job
    .command('show <name>')
    .description('show a job and preview its next 5 runs')
    .option('--json', 'print one JSON object')
    .action((name: string, flags: { json?: boolean }) =>
      runCommand(
        flags,
        async (ctx) => {
          const record = ctx.jobs.require(name);
          const next = record.paused ? undefined : nextDrill(record.config, new Date());
          const drill = { text: describeDrill(record.config), nextRun: next ? formatLocal(next, record.config.schedule.timeZone) : null, last: ctx.drillState.get(name) ?? null };
          return { job: record, nextRuns: preview(record.config), drill };
        },
        ({ job: j, nextRuns: runs, drill }) => {
          const lastDrill = drill.last?.lastOutcome ? `${drill.last.lastOutcome}${drill.last.lastFinishedAt ? ` at ${drill.last.lastFinishedAt}` : ''}${drill.last.lastDetail ? ` (${drill.last.lastDetail})` : ''}` : 'never';
          const dbs = j.config.source.databases.mode === 'all' ? `all databases${j.config.source.databases.exclude.length ? ` except ${j.config.source.databases.exclude.join(', ')}` : ''}` : j.config.source.databases.names.join(', ');
          process.stdout.write(
            [
              `Job ${j.config.name}${j.paused ? ' (paused)' : ''}`,
              `  source       ${j.config.source.user}@${j.config.source.host}:${j.config.source.port}: ${dbs}`,
              `  schedule     ${describeSchedule(j.config.schedule as Schedule)}${j.config.schedule.catchUp ? ', catches up missed runs' : ''}`,
              `  destinations ${j.config.destinations.join(', ')}`,
              `  encryption   ${j.config.encryption.kind}`,
              `  last run     ${j.state.lastOutcome ?? 'never'}${j.state.lastFinishedAt ? ` at ${j.state.lastFinishedAt}` : ''}${j.state.consecutiveFailures ? ` (${j.state.consecutiveFailures} failures in a row)` : ''}`,
              `  drill        ${drill.text}`,
              ...(drill.nextRun ? [`  next drill   ${drill.nextRun}`] : []),
              `  last drill   ${lastDrill}`,
              '  next runs',
              ...runs.map((r) => `    ${r}`),
            ].join('\n') + '\n',
          );
        },
      ),
    );

  job
    .command('run <name>')
    .description('run a job now (in the foreground)')
    .option('--json', 'print one JSON object')
    .action((name: string, flags: { json?: boolean }) =>
      runCommand(
        flags,
        async (ctx) => {
          const record = ctx.jobs.require(name);
          const progress = flags.json ? undefined : progressPrinter();
          try {
            const result = await ctx.runJob(record.config, { onProgress: () => progress?.onProgress ?? (() => undefined) });
            if (!result.ok) process.exitCode = 1;
            return { run: result };
          } finally {
            progress?.done();
          }
        },
        ({ run }) => {
          for (const o of run.outcomes) {
            process.stdout.write(o.error ? `FAILED    ${o.database}: ${o.error.message}${o.error.fix ? ` ${o.error.fix}` : ''}\n` : `backed up ${o.database}: ${o.backupId}${o.degraded ? ' (degraded: a copy failed)' : ''}\n`);
          }
        },
      ),
    );

  job
    .command('test <name>')
    .description('check the connection, read permissions on every table and sequence, and every destination')
    .option('--json', 'print one JSON object')
    .action((name: string, flags: { json?: boolean }) =>
      runCommand(
        flags,
        async (ctx) => {
          const checks = await testJob(ctx.jobs.require(name).config, await ctx.secrets(), (dest) => ctx.registry.fromSpec(dest));
          if (checks.some((c) => !c.ok)) process.exitCode = 1;
          return { checks };
        },
        ({ checks }) => {
          for (const c of checks) process.stdout.write(`${c.ok ? '✓' : '✗'} ${c.check}: ${c.detail}\n`);
        },
      ),
    );

  for (const [command, paused] of [['pause', true], ['resume', false]] as const) {
    job
      .command(`${command} <name>`)
      .description(paused ? 'stop running this job on its schedule' : 'run this job on its schedule again')
      .option('--json', 'print one JSON object')
      .action((name: string, flags: { json?: boolean }) =>
        runCommand(
          flags,
          async (ctx) => {
            ctx.jobs.setPaused(name, paused);
            ctx.audit.append({ event: 'job_edited', status: 'info', details: `Job "${name}" ${paused ? 'paused' : 'resumed'}`, job: name });
            return { job: name, paused };
          },
          () => process.stdout.write(`Job "${name}" ${paused ? 'paused' : 'resumed'}.\n`),
        ),
      );
  }

  job
    .command('remove <name>')
    .description('delete a job; say explicitly what happens to its backups')
    .option('--keep-backups', 'keep every backup the job made (they stay restorable)')
    .option('--delete-backups', 'also delete every backup the job made, on every destination')
    .option('--json', 'print one JSON object')
    .action((name: string, flags: { keepBackups?: boolean; deleteBackups?: boolean; json?: boolean }) =>
      runCommand(
        flags,
        async (ctx) => {
          if (Boolean(flags.keepBackups) === Boolean(flags.deleteBackups)) {
            throw new LifeboatError('BAD_INPUT', 'Say what should happen to the backups of this job.', { fix: 'Add --keep-backups (they stay restorable) or --delete-backups.' });
          }
          ctx.jobs.require(name);
          let deleted = 0;
          if (flags.deleteBackups) deleted = await deleteJobBackups(ctx, name);
          ctx.jobs.remove(name);
          ctx.audit.append({ event: 'job_deleted', status: 'warning', details: `Job "${name}" deleted; ${flags.deleteBackups ? `${deleted} backup copies deleted` : 'its backups were kept'}`, job: name });
          for (const ref of [secretRefs.jobPassword(name), secretRefs.jobPassphrase(name)]) await (await ctx.secrets()).delete(ref).catch(() => false);
          return { removed: name, deletedCopies: deleted };
        },
        ({ removed, deletedCopies }) => process.stdout.write(`Removed job "${removed}"${flags.deleteBackups ? ` and deleted ${deletedCopies} backup cop${deletedCopies === 1 ? 'y' : 'ies'}` : '; its backups were kept'}.\n`),
      ),
    );
}

function parseNotifyFlag(value: string): NonNullable<JobConfigInput['notifications']>[number] {
  const [channel, level] = value.split(':');
  const levels = ['everything', 'failures-and-recovery', 'errors-only', 'nothing'] as const;
  if (level !== undefined && !(levels as readonly string[]).includes(level)) {
    throw new LifeboatError('BAD_INPUT', `"${level}" is not a notification level.`, { fix: `Use one of ${levels.join(', ')}.` });
  }
  return { channel: channel!, level: level as (typeof levels)[number] | undefined };
}

function preview(config: JobConfig, count = 5): string[] {
  const schedule = validateSchedule(config.schedule as Schedule);
  return nextRuns(schedule, new Date(), count).map((d) => formatLocal(d, schedule.timeZone));
}

async function buildJob(ctx: CliContext, name: string, flags: JobAddFlags): Promise<JobConfig> {
  const conn = parseConnectionUrl(flags.db.replace(/\/?$/, flags.db.split('/').length > 3 ? '' : '/postgres'));
  if (/^postgres(ql)?:\/\/[^/@]*:[^@/]*@/i.test(flags.db)) {
    throw new LifeboatError('BAD_INPUT', 'A job must not keep its password in the URL.', { fix: 'Remove it from --db and pass --password-env VAR; it is saved in the keychain.' });
  }
  const databases: JobConfigInput['source']['databases'] = flags.allDatabases
    ? { mode: 'all', exclude: flags.exclude }
    : { mode: 'list', names: flags.database.length > 0 ? flags.database : [conn.database] };
  const encryption = await jobEncryptionFromFlags(ctx, flags);
  const policy = retentionFromFlags(flags);
  const input: JobConfigInput = {
    name,
    source: { host: conn.host, port: conn.port, user: conn.user, sslmode: conn.sslmode as JobConfig['source']['sslmode'], databases },
    schedule: { spec: parseScheduleWords(flags.schedule), timeZone: flags.timeZone, catchUp: flags.catchUp },
    destinations: flags.to,
    encryption,
    retention: policy ? Object.fromEntries(flags.to.map((d) => [d, policy])) : {},
    retries: parseIntFlag(flags.retries, '--retries', 0, 10),
    notifications: flags.notify.map(parseNotifyFlag),
    drill: drillFromFlags(flags, jobConfigSchema.shape.drill.parse(undefined)),
  };
  const config = parseJobConfig(input);
  validateSchedule(config.schedule as Schedule);
  // A destination that is not there now (wrong path, share not mounted, bad credentials) is caught at setup, not at 2 a.m.
  for (const dest of config.destinations) await (await ctx.registry.fromSpec(dest)).preflight(0);
  for (const n of config.notifications) {
    if (!ctx.channels.get(n.channel)) throw new LifeboatError('BAD_INPUT', `There is no notification channel named "${n.channel}".`, { fix: 'Add it first with `lifeboat notify add`.' });
  }
  const secrets = await ctx.secrets();
  if (flags.passwordEnv) await secrets.set(secretRefs.jobPassword(name), readPassphrase(flags.passwordEnv));
  if (flags.passphraseEnv) await secrets.set(secretRefs.jobPassphrase(name), readPassphrase(flags.passphraseEnv));
  return config;
}

async function jobEncryptionFromFlags(ctx: CliContext, flags: JobAddFlags): Promise<JobConfigInput['encryption']> {
  const chosen = [flags.identity, flags.recipient.length > 0 ? 'r' : undefined, flags.passphraseEnv].filter(Boolean).length;
  if (chosen !== 1) {
    throw new LifeboatError('BAD_INPUT', 'Choose exactly one way to encrypt: --identity FILE (key pair), --recipient age1… (public key only) or --passphrase-env VAR.', {
      fix: 'Create a key pair with `lifeboat keygen --out key.txt` and pass --identity key.txt.',
    });
  }
  if (flags.passphraseEnv) return { kind: 'passphrase' };
  if (flags.recipient.length > 0) return { kind: 'public-key', recipients: flags.recipient };
  const identities = readIdentityFile(flags.identity!);
  const secrets = await ctx.secrets();
  for (const identity of identities) await secrets.set(secretRefs.identity(recipientFromIdentity(identity)), identity);
  return { kind: 'x25519', recipients: identities.map(recipientFromIdentity) };
}

function retentionFromFlags(flags: JobAddFlags): RetentionPolicyInput | undefined {
  const fields = { keepLast: flags.keepLast, daily: flags.keepDaily, weekly: flags.keepWeekly, monthly: flags.keepMonthly, yearly: flags.keepYearly, minAgeDays: flags.minAgeDays };
  if (Object.values(fields).every((v) => v === undefined)) return undefined;
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v === undefined ? 0 : parseIntFlag(v, `--${k}`, 0, 100_000)]));
}

async function deleteJobBackups(ctx: CliContext, job: string): Promise<number> {
  const deps = { db: ctx.catalogDb, repo: ctx.backups, resolve: (id: string) => ctx.registry.fromId(id) };
  let deleted = 0;
  for (const backup of ctx.backups.list({ limit: 1_000_000 }).filter((b) => b.job === job && b.status !== 'running')) {
    for (const copy of backup.copies) {
      await deleteCopy(deps, backup.id, copy.destinationId);
      deleted++;
    }
  }
  return deleted;
}
