// A whole-number field. It keeps what the user typed (so "1" on the way to "12" is not fought
// over) and reports null while the text is not a whole number; the form shows the message.
import { useEffect, useState } from 'react';
import { FieldHelp, useFieldIds, type FieldBaseProps } from './field-parts';

export interface NumberFieldProps extends FieldBaseProps {
  value: number | null;
  onChange: (value: number | null) => void;
  min?: number;
  max?: number;
  required?: boolean;
  disabled?: boolean;
  placeholder?: string;
  /** Short fields (port, counts) sit side by side. */
  narrow?: boolean;
}

function parseWhole(text: string): number | null {
  return /^\s*\d+\s*$/.test(text) ? Number(text.trim()) : null;
}

export function NumberField({ label, hint, error, value, onChange, min, max, narrow, ...rest }: NumberFieldProps) {
  const { id, hintId, errorId, describedBy } = useFieldIds(hint, error);
  const [text, setText] = useState(value === null ? '' : String(value));
  useEffect(() => {
    // Follow changes made from outside (a reset, a loaded job) without undoing typing.
    setText((current) => (parseWhole(current) === value ? current : value === null ? current : String(value)));
  }, [value]);
  return (
    <div className={`field${narrow ? ' field-narrow' : ''}`}>
      <label htmlFor={id}>
        {label}
        {rest.required ? <span className="required-mark"> (required)</span> : null}
      </label>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          onChange(parseWhole(e.target.value));
        }}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        aria-valuemin={min}
        aria-valuemax={max}
        {...rest}
      />
      <FieldHelp hintId={hintId} hint={hint} errorId={errorId} error={error} />
    </div>
  );
}
