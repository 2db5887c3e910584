// `lifeboat job edit NAME`: change a job's schedule, restore drill or saved secrets in place.
// Only what is given changes; the rest of the job (and its backups) stays as it is.
import type { Command } from 'commander';
import { LifeboatError } from '../../../../src-shared/errors';
import type { JobConfig } from '../../../../src-shared/job';
import { describeDrill } from '../../../drills/drill-schedule';
import { parseScheduleWords } from '../../../schedule/parse-words';
import { describeSchedule, validateSchedule, type Schedule } from '../../../schedule/presets';
import { secretRefs } from '../../../secrets/secret-store';
import { runCommand } from '../context';
import { readPassphrase } from '../keys';
import { addDrillOptions, drillFromFlags, type DrillFlags } from './job-drill-flags';

interface JobEditFlags extends DrillFlags {
  schedule?: string;
  timeZone?: string;
  passwordEnv?: string;
  passphraseEnv?: string;
  json?: boolean;
}

export function registerJobEdit(job: Command): void {
  const edit = job
    .command('edit <name>')
    .description("change a job's schedule, restore drill or saved password/passphrase (only what you give changes)")
    .option('--schedule <words>', '"daily 02:30", "weekdays 19:00", "every 6 hours", "weekly sun 03:00", "monthly 1 01:00" or cron')
    .option('--time-zone <tz>', 'IANA time zone of the schedule (and of the drill schedule)')
    .option('--password-env <VAR>', 'new database password from this environment variable (saved in the keychain)')
    .option('--passphrase-env <VAR>', 'the passphrase from this environment variable (saved in the keychain; it must be the one the backups use)');
  addDrillOptions(edit)
    .option('--json', 'print one JSON object')
    .action((name: string, flags: JobEditFlags) =>
      runCommand(
        flags,
        async (ctx) => {
          const given = [flags.schedule, flags.timeZone, flags.drill, flags.drillSandbox, flags.passwordEnv, flags.passphraseEnv].filter((f) => f !== undefined);
          if (given.length === 0) throw new LifeboatError('BAD_INPUT', `Nothing to change in job "${name}".`, { fix: 'Give what should change, for example --schedule "daily 03:00" or --drill off (see lifeboat job edit --help).' });
          const current = ctx.jobs.require(name).config;
          const changed: JobConfig = {
            ...current,
            schedule: { ...current.schedule, ...(flags.schedule ? { spec: parseScheduleWords(flags.schedule) as JobConfig['schedule']['spec'] } : {}), ...(flags.timeZone ? { timeZone: flags.timeZone } : {}) },
            drill: drillFromFlags(flags, current.drill),
          };
          const schedule = validateSchedule(changed.schedule as Schedule);
          const config = ctx.jobs.update(name, { ...changed, schedule: { ...changed.schedule, spec: schedule.spec as JobConfig['schedule']['spec'], timeZone: schedule.timeZone } });
          const secrets = await ctx.secrets();
          if (flags.passwordEnv) await secrets.set(secretRefs.jobPassword(name), readPassphrase(flags.passwordEnv));
          if (flags.passphraseEnv) await secrets.set(secretRefs.jobPassphrase(name), readPassphrase(flags.passphraseEnv));
          const what = [describeSchedule(schedule), `restore drill ${describeDrill(config)}`, ...(flags.passwordEnv ? ['new database password'] : []), ...(flags.passphraseEnv ? ['passphrase saved'] : [])];
          ctx.audit.append({ event: 'job_edited', status: 'info', details: `Job "${name}" changed: ${what.join('; ')}`, job: name });
          return { job: config };
        },
        ({ job: changed }) => process.stdout.write(`Changed job "${changed.name}": ${describeSchedule(changed.schedule as Schedule)}; restore drill ${describeDrill(changed)}.\n`),
      ),
    );
}
