import { FieldHelp, useFieldIds, type FieldBaseProps } from './field-parts';

export interface SelectOption<V extends string> {
  value: V;
  label: string;
}

export interface SelectFieldProps<V extends string> extends FieldBaseProps {
  value: V;
  onChange: (value: V) => void;
  options: ReadonlyArray<SelectOption<V>>;
  disabled?: boolean;
  narrow?: boolean;
  /** Long choices: the field takes a whole row of a field grid so no choice is cut off. */
  wide?: boolean;
}

export function SelectField<V extends string>({ label, hint, error, value, onChange, options, disabled, narrow, wide }: SelectFieldProps<V>) {
  const { id, hintId, errorId, describedBy } = useFieldIds(hint, error);
  return (
    <div className={`field${narrow ? ' field-narrow' : ''}${wide ? ' field-wide field-select-wide' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value as V)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldHelp hintId={hintId} hint={hint} errorId={errorId} error={error} />
    </div>
  );
}
