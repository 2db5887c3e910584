// Which databases a job backs up: all of them (new ones picked up at each run, with optional
// exclusions) or a chosen list. Names come from a connection test when there is one.
import { useId, useState } from 'react';
import { RadioGroup } from '../components/RadioGroup';
import { TextField } from '../components/TextField';
import type { DatabasesDraft } from './job-draft';

export interface DatabasePickerProps {
  value: DatabasesDraft;
  onChange: (value: DatabasesDraft) => void;
  /** Databases found on the server (from “Test connection”), if known. */
  available: string[] | null;
  error?: string | undefined;
}

export function DatabasePicker({ value, onChange, available, error }: DatabasePickerProps) {
  const [typed, setTyped] = useState('');
  const base = useId();
  const chosen = value.mode === 'list' ? value.names : value.exclude;
  const names = [...new Set([...(available ?? []), ...chosen])];

  function toggle(name: string, on: boolean) {
    const next = on ? [...chosen, name] : chosen.filter((n) => n !== name);
    onChange(value.mode === 'list' ? { mode: 'list', names: next } : { mode: 'all', exclude: next });
  }

  function addTyped() {
    const name = typed.trim();
    if (!name || chosen.includes(name)) return;
    toggle(name, true);
    setTyped('');
  }

  return (
    <div className="database-picker">
      <RadioGroup
        legend="Which databases"
        value={value.mode}
        error={error}
        onChange={(mode) => onChange(mode === 'all' ? { mode: 'all', exclude: [] } : { mode: 'list', names: available && available.length === 1 ? [...available] : [] })}
        choices={[
          { value: 'all', label: 'All databases (new ones included)', hint: 'Every database on the server is backed up; one created later is picked up automatically.' },
          { value: 'list', label: 'Only the databases I choose' },
        ]}
      />
      <fieldset className="check-list">
        <legend>{value.mode === 'list' ? 'Back up these databases' : 'Leave out (optional)'}</legend>
        {names.length === 0 ? <p className="muted">Test the connection to see the databases on the server, or type a name below.</p> : null}
        {names.map((name, i) => {
          // Database names may contain spaces, which ids must not.
          const id = `${base}-${value.mode}-${i}`;
          return (
            <div className="field-check" key={name}>
              <input id={id} type="checkbox" checked={chosen.includes(name)} onChange={(e) => toggle(name, e.target.checked)} />
              <label htmlFor={id}>{name}</label>
            </div>
          );
        })}
        <div className="field-with-button">
          <TextField label={value.mode === 'list' ? 'Add a database by name' : 'Leave out a database by name'} value={typed} onChange={setTyped} />
          <button type="button" className="button button-secondary" onClick={addTyped} disabled={!typed.trim()}>
            Add
          </button>
        </div>
      </fieldset>
    </div>
  );
}
