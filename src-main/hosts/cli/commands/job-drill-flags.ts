// The restore drill flags of `lifeboat job add` and `job edit`:
//   --drill weekly|daily|monthly|on|off|<schedule words as --schedule takes them>
//   --drill-sandbox local|source
// Presets run at 04:00 in the job's time zone (weekly: Sundays), after a night's backups.
import type { Command } from 'commander';
import { LifeboatError } from '../../../../src-shared/errors';
import { DEFAULT_DRILL_SCHEDULE, type DrillConfig } from '../../../../src-shared/job';
import { parseScheduleWords } from '../../../schedule/parse-words';

export interface DrillFlags {
  drill?: string;
  drillSandbox?: string;
}

const PRESETS: Record<string, DrillConfig['schedule']> = {
  weekly: { ...DEFAULT_DRILL_SCHEDULE },
  daily: { kind: 'daily', time: '04:00' },
  monthly: { kind: 'monthly', dayOfMonth: 1, time: '04:00' },
};

const SANDBOXES: Record<string, DrillConfig['sandbox']> = { local: 'local', source: 'source-server', 'source-server': 'source-server' };

export function addDrillOptions(command: Command): Command {
  return command
    .option('--drill <when>', 'restore drill: weekly (Sundays 04:00, the default), daily, monthly, off, on, or schedule words like "weekly sat 05:00"')
    .option('--drill-sandbox <where>', "where drills restore: local (a throwaway PostgreSQL cluster here, the default) or source (a temporary database on the job's server)");
}

/** The drill settings with the flags applied to `current` (the default for a new job). */
export function drillFromFlags(flags: DrillFlags, current: DrillConfig): DrillConfig {
  let drill = current;
  if (flags.drill !== undefined) {
    const words = flags.drill.trim().toLowerCase();
    if (words === 'off') drill = { ...drill, enabled: false };
    else if (words === 'on') drill = { ...drill, enabled: true };
    else drill = { ...drill, enabled: true, schedule: PRESETS[words] ?? drillScheduleWords(flags.drill) };
  }
  if (flags.drillSandbox !== undefined) {
    const sandbox = SANDBOXES[flags.drillSandbox.trim().toLowerCase()];
    if (!sandbox) throw new LifeboatError('BAD_INPUT', `--drill-sandbox must be local or source, not "${flags.drillSandbox}".`, { fix: "local: a throwaway PostgreSQL cluster on this machine; source: a temporary database on the job's server." });
    drill = { ...drill, sandbox };
  }
  return drill;
}

function drillScheduleWords(text: string): DrillConfig['schedule'] {
  try {
    return parseScheduleWords(text);
  } catch (error) {
    throw new LifeboatError('BAD_INPUT', `--drill "${text}" is not a drill schedule Lifeboat understands.`, {
      fix: 'Use weekly, daily, monthly, off, or schedule words like "weekly sat 05:00", "monthly 1 04:00" or a cron expression.',
      cause: error,
    });
  }
}
