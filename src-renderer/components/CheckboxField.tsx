import { FieldHelp, useFieldIds, type FieldBaseProps } from './field-parts';

export interface CheckboxFieldProps extends FieldBaseProps {
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
  /** Waiting for the change to be saved: the box already shows the new state, clicks are ignored. */
  busy?: boolean;
}

export function CheckboxField({ label, hint, error, checked, onChange, disabled, busy }: CheckboxFieldProps) {
  const { id, hintId, errorId, describedBy } = useFieldIds(hint, error);
  return (
    <div className="field field-check">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        onChange={(e) => {
          if (!busy) onChange(e.target.checked);
        }}
        aria-busy={busy || undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
      <label htmlFor={id}>{label}</label>
      <FieldHelp hintId={hintId} hint={hint} errorId={errorId} error={error} />
    </div>
  );
}
