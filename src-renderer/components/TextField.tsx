import type { HTMLInputTypeAttribute } from 'react';
import { FieldHelp, useFieldIds, type FieldBaseProps } from './field-parts';

export interface TextFieldProps extends FieldBaseProps {
  value: string;
  onChange: (value: string) => void;
  type?: HTMLInputTypeAttribute;
  placeholder?: string;
  autoComplete?: string;
  required?: boolean;
  disabled?: boolean;
  readOnly?: boolean;
  inputMode?: React.HTMLAttributes<HTMLInputElement>['inputMode'];
  list?: string;
  /** Wide fields (paths, keys) take the whole row. */
  wide?: boolean;
  spellCheck?: boolean;
  name?: string;
}

export function TextField({ label, hint, error, value, onChange, type = 'text', wide, spellCheck = false, ...rest }: TextFieldProps) {
  const { id, hintId, errorId, describedBy } = useFieldIds(hint, error);
  return (
    <div className={`field${wide ? ' field-wide' : ''}`}>
      <label htmlFor={id}>
        {label}
        {rest.required ? <span className="required-mark"> (required)</span> : null}
      </label>
      <input
        id={id}
        type={type}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        spellCheck={spellCheck}
        {...rest}
      />
      <FieldHelp hintId={hintId} hint={hint} errorId={errorId} error={error} />
    </div>
  );
}
