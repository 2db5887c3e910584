// "Restore drill": whether and when Lifeboat proves, unattended, that the job's latest backups
// really restore, and where it restores them. A failed drill alerts the job's channels.
import type { DrillConfig } from '../../../src-shared/job';
import { CheckboxField } from '../../components/CheckboxField';
import { RadioGroup } from '../../components/RadioGroup';
import { SelectField } from '../../components/SelectField';
import { presetChoices, presetOf, SANDBOX_CHOICES, withPreset } from '../../forms/drill-draft';

export interface DrillSectionProps {
  value: DrillConfig;
  onChange: (value: DrillConfig) => void;
  /** The job's time zone: drill times are read there. */
  timeZone: string;
  error?: string | undefined;
}

export function DrillSection({ value, onChange, timeZone, error }: DrillSectionProps) {
  const preset = presetOf(value.schedule);
  return (
    <section className="panel" aria-labelledby="drill-title">
      <h2 id="drill-title">Restore drill</h2>
      <CheckboxField
        label="Test-restore the latest backups on a schedule"
        checked={value.enabled}
        onChange={(enabled) => onChange({ ...value, enabled })}
        hint="Lifeboat restores each database’s latest backup into a sandbox, checks every table’s row count, and alerts you if it fails."
      />
      {value.enabled ? (
        <>
          <div className="field-grid">
            <SelectField label="How often to test" wide value={preset} onChange={(p) => onChange(withPreset(value, p))} options={presetChoices(preset)} error={error} hint={`Times are in the job’s time zone (${timeZone}).`} />
          </div>
          <RadioGroup legend="Where to restore" value={value.sandbox} onChange={(sandbox) => onChange({ ...value, sandbox })} choices={SANDBOX_CHOICES} />
        </>
      ) : null}
    </section>
  );
}
