// The restore drill of a job as the editor offers it: a few schedule presets (at 04:00 in the
// job's time zone, after a night's backups) and the two sandboxes, each in plain words. A
// schedule set from the command line that is no preset is kept as it is.
import { DEFAULT_DRILL_SCHEDULE, type DrillConfig } from '../../src-shared/job';
import type { RadioChoice } from '../components/RadioGroup';
import type { SelectOption } from '../components/SelectField';

export type DrillPreset = 'weekly' | 'daily' | 'monthly' | 'custom';

const PRESET_SPECS: Record<Exclude<DrillPreset, 'custom'>, DrillConfig['schedule']> = {
  weekly: DEFAULT_DRILL_SCHEDULE,
  daily: { kind: 'daily', time: '04:00' },
  monthly: { kind: 'monthly', dayOfMonth: 1, time: '04:00' },
};

const PRESET_LABELS: Record<DrillPreset, string> = {
  weekly: 'Every Sunday at 04:00 (recommended)',
  daily: 'Every day at 04:00',
  monthly: 'On the 1st of every month at 04:00',
  custom: 'Custom schedule (set with lifeboat job edit --drill)',
};

export function defaultDrill(): DrillConfig {
  return { enabled: true, schedule: { ...DEFAULT_DRILL_SCHEDULE }, sandbox: 'local' };
}

export function presetOf(schedule: DrillConfig['schedule']): DrillPreset {
  const found = (Object.keys(PRESET_SPECS) as Array<Exclude<DrillPreset, 'custom'>>).find((p) => JSON.stringify(PRESET_SPECS[p]) === JSON.stringify(schedule));
  return found ?? 'custom';
}

/** The presets, plus "custom" only when the job already has such a schedule (it cannot be made here). */
export function presetChoices(current: DrillPreset): Array<SelectOption<DrillPreset>> {
  const presets: DrillPreset[] = current === 'custom' ? ['weekly', 'daily', 'monthly', 'custom'] : ['weekly', 'daily', 'monthly'];
  return presets.map((value) => ({ value, label: PRESET_LABELS[value] }));
}

export function withPreset(drill: DrillConfig, preset: DrillPreset): DrillConfig {
  return preset === 'custom' ? drill : { ...drill, schedule: { ...PRESET_SPECS[preset] } };
}

export const SANDBOX_CHOICES: ReadonlyArray<RadioChoice<DrillConfig['sandbox']>> = [
  { value: 'local', label: 'A throwaway server on this computer', hint: 'A temporary PostgreSQL server here, deleted afterwards. Your database server is not touched.' },
  { value: 'source-server', label: 'A temporary database on the job’s server', hint: 'Created next to your databases and dropped afterwards; it uses that server’s disk and CPU while it runs.' },
];
