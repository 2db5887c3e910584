// Which saved destinations a job writes to (checkboxes), loaded from the core.
import { useId } from 'react';
import type { DestinationView } from '../../src-shared/api';

export interface DestinationPickerProps {
  destinations: DestinationView[];
  selected: string[];
  onChange: (selected: string[]) => void;
  error?: string | undefined;
}

export function DestinationPicker({ destinations, selected, onChange, error }: DestinationPickerProps) {
  const base = useId();
  const errorId = `${base}-error`;
  function toggle(name: string, on: boolean) {
    onChange(on ? [...selected, name] : selected.filter((n) => n !== name));
  }
  return (
    <fieldset className="check-list" aria-describedby={error ? errorId : undefined}>
      <legend>Keep copies in</legend>
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
      {destinations.length === 0 ? <p className="muted">No destinations saved yet.</p> : null}
      {destinations.map((d, i) => {
        const id = `${base}-${i}`;
        return (
          <div className="field-check" key={d.name}>
            <input id={id} type="checkbox" checked={selected.includes(d.name)} onChange={(e) => toggle(d.name, e.target.checked)} />
            <label htmlFor={id}>
              <strong>{d.name}</strong> <span className="muted">— {d.kind === 'folder' ? 'folder' : 'S3'}: {d.where}</span>
            </label>
          </div>
        );
      })}
      {selected
        .filter((name) => !destinations.some((d) => d.name === name))
        .map((name) => (
          <p key={name} className="field-error">
            “{name}” is no longer a saved destination. Untick it or add it again in Settings.
          </p>
        ))}
    </fieldset>
  );
}
