// "How often" in plain words, with the fields each choice needs, and the next runs beside it.
import { useId } from 'react';
import { CheckboxField } from '../components/CheckboxField';
import { SelectField } from '../components/SelectField';
import { TextField } from '../components/TextField';
import type { FieldErrors } from '../forms/field-errors';
import { changeKind, EVERY_HOURS_CHOICES, KIND_CHOICES, knownTimeZones, padTime, WEEKDAY_NAMES, type Schedule, type Weekday } from './schedule-draft';
import { SchedulePreview } from './SchedulePreview';

export interface ScheduleEditorProps {
  value: Schedule;
  onChange: (value: Schedule) => void;
  /** Keys relative to the schedule: "spec.time", "timeZone"… */
  errors: FieldErrors;
  allowCron?: boolean;
}

const DAY_OF_MONTH = Array.from({ length: 31 }, (_, i) => ({ value: String(i + 1), label: String(i + 1) }));
const MINUTES = Array.from({ length: 60 }, (_, i) => ({ value: String(i), label: String(i).padStart(2, '0') }));
const WEEKDAYS = WEEKDAY_NAMES.map((name, i) => ({ value: String(i), label: name }));
const HOURS = EVERY_HOURS_CHOICES.map((h) => ({ value: String(h), label: h === 1 ? 'Every hour' : `Every ${h} hours` }));

export function ScheduleEditor({ value, onChange, errors, allowCron = true }: ScheduleEditorProps) {
  const zonesId = useId();
  const spec = value.spec;
  const setSpec = (next: Schedule['spec']) => onChange({ ...value, spec: next });
  const kinds = allowCron || spec.kind === 'cron' ? KIND_CHOICES : KIND_CHOICES.filter((k) => k.value !== 'cron');
  const zones = knownTimeZones();

  return (
    <div className="schedule-editor">
      <div className="field-grid">
        <SelectField label="How often" value={spec.kind} onChange={(kind) => setSpec(changeKind(spec, kind))} options={kinds} />
        {spec.kind === 'weekly' ? (
          <SelectField label="On" value={String(spec.day)} onChange={(d) => setSpec({ ...spec, day: Number(d) as Weekday })} options={WEEKDAYS} />
        ) : null}
        {spec.kind === 'monthly' ? (
          <SelectField
            label="On day"
            narrow
            value={String(spec.dayOfMonth)}
            onChange={(d) => setSpec({ ...spec, dayOfMonth: Number(d) })}
            options={DAY_OF_MONTH}
            hint={spec.dayOfMonth > 28 ? 'In shorter months this runs on the last day.' : undefined}
          />
        ) : null}
        {'time' in spec ? (
          <TextField label="At" type="time" value={padTime(spec.time)} onChange={(time) => setSpec({ ...spec, time })} error={errors['spec.time']} required />
        ) : null}
        {spec.kind === 'every-hours' ? (
          <>
            <SelectField label="Interval" value={String(spec.hours)} onChange={(h) => setSpec({ ...spec, hours: Number(h) })} options={HOURS} error={errors['spec.hours']} />
            <SelectField label="Minutes past the hour" narrow value={String(spec.minute ?? 0)} onChange={(m) => setSpec({ ...spec, minute: Number(m) })} options={MINUTES} error={errors['spec.minute']} />
          </>
        ) : null}
        {spec.kind === 'cron' ? (
          <TextField
            label="Cron expression"
            value={spec.expression}
            onChange={(expression) => setSpec({ ...spec, expression })}
            error={errors['spec.expression']}
            hint="Five fields: minute, hour, day of month, month, day of week. The preview shows what it means."
            required
          />
        ) : null}
        <TextField
          label="Time zone"
          value={value.timeZone}
          onChange={(timeZone) => onChange({ ...value, timeZone })}
          error={errors['timeZone']}
          list={zones.length > 0 ? zonesId : undefined}
          hint="Detected from this computer. Times above are in this zone; summer time is handled."
        />
        {zones.length > 0 ? (
          <datalist id={zonesId}>
            {zones.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
        ) : null}
      </div>
      <CheckboxField
        label="Catch up on missed backups"
        checked={value.catchUp}
        onChange={(catchUp) => onChange({ ...value, catchUp })}
        hint="If the computer was off or asleep at the scheduled time, back up once as soon as it is on again."
      />
      <SchedulePreview schedule={value} />
    </div>
  );
}
