// A fieldset of radio buttons with a legend; each choice may carry a one-line explanation.
import { useId } from 'react';

export interface RadioChoice<V extends string> {
  value: V;
  label: string;
  hint?: React.ReactNode;
}

export interface RadioGroupProps<V extends string> {
  legend: string;
  value: V | null;
  onChange: (value: V) => void;
  choices: ReadonlyArray<RadioChoice<V>>;
  error?: string | undefined;
  /** Show the legend visually (true) or only to screen readers (false). */
  showLegend?: boolean;
}

export function RadioGroup<V extends string>({ legend, value, onChange, choices, error, showLegend = true }: RadioGroupProps<V>) {
  const name = useId();
  const errorId = error ? `${name}-error` : undefined;
  return (
    <fieldset className="radio-group" aria-describedby={errorId}>
      <legend className={showLegend ? undefined : 'visually-hidden'}>{legend}</legend>
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
      {choices.map((choice) => {
        const id = `${name}-${choice.value}`;
        return (
          <div className="radio-choice" key={choice.value}>
            <input
              type="radio"
              id={id}
              name={name}
              value={choice.value}
              checked={value === choice.value}
              onChange={() => onChange(choice.value)}
              aria-describedby={choice.hint ? `${id}-hint` : undefined}
            />
            <label htmlFor={id}>{choice.label}</label>
            {choice.hint ? (
              <p className="field-hint" id={`${id}-hint`}>
                {choice.hint}
              </p>
            ) : null}
          </div>
        );
      })}
    </fieldset>
  );
}
