// How long one destination keeps backups, with the rule summarised in a sentence.
import { CheckboxField } from '../components/CheckboxField';
import { NumberField } from '../components/NumberField';
import type { FieldErrors } from './field-errors';
import { describeRetention, type RetentionDraft, type RetentionField } from './retention-draft';

const LABELS: Record<RetentionField, { label: string; hint: string }> = {
  keepLast: { label: 'Keep the last', hint: 'backups, whatever their date' },
  daily: { label: 'Daily', hint: 'days with the newest backup of each' },
  weekly: { label: 'Weekly', hint: 'weeks' },
  monthly: { label: 'Monthly', hint: 'months' },
  yearly: { label: 'Yearly', hint: 'years' },
  minAgeDays: { label: 'Never delete younger than', hint: 'days' },
};

export interface RetentionFieldsProps {
  destination: string;
  value: RetentionDraft;
  onChange: (value: RetentionDraft) => void;
  /** Keys relative to this destination: "daily", "weekly"… */
  errors: FieldErrors;
}

export function RetentionFields({ destination, value, onChange, errors }: RetentionFieldsProps) {
  return (
    <fieldset className="retention">
      <legend>Keep in “{destination}”</legend>
      <CheckboxField
        label="Delete old backups automatically"
        checked={value.enabled}
        onChange={(enabled) => onChange({ ...value, enabled })}
        hint="Lifeboat always keeps the newest good backup, and never deletes the last copy of a backup."
      />
      {value.enabled ? (
        <div className="field-grid retention-grid">
          {(Object.keys(LABELS) as RetentionField[]).map((field) => (
            <NumberField
              key={field}
              narrow
              label={LABELS[field].label}
              hint={LABELS[field].hint}
              value={value.values[field]}
              onChange={(n) => onChange({ ...value, values: { ...value.values, [field]: n } })}
              error={errors[field]}
              min={0}
            />
          ))}
        </div>
      ) : null}
      <p className="retention-summary">{describeRetention(value)}</p>
    </fieldset>
  );
}
