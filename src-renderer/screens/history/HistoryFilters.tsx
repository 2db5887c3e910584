// Filters for the history: job, database, status, destination and a date range. The database
// name is applied when typing pauses, so each keystroke does not start a new query.
import { useEffect, useId, useRef, useState } from 'react';
import type { BackupFilter, DestinationView, JobView } from '../../../src-shared/api';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';

export interface FilterForm {
  job: string;
  database: string;
  status: '' | NonNullable<BackupFilter['status']>;
  destination: string;
  from: string;
  to: string;
}

export const EMPTY_FILTER: FilterForm = { job: '', database: '', status: '', destination: '', from: '', to: '' };

const STATUSES = [
  { value: '' as const, label: 'Any status' },
  { value: 'succeeded' as const, label: 'Succeeded' },
  { value: 'failed' as const, label: 'Failed' },
  { value: 'running' as const, label: 'Running' },
  { value: 'interrupted' as const, label: 'Interrupted' },
  { value: 'cancelled' as const, label: 'Cancelled' },
];

export const TYPING_DELAY_MS = 300;

export interface HistoryFiltersProps {
  value: FilterForm;
  onChange: (value: FilterForm) => void;
  jobs: JobView[];
  destinations: DestinationView[];
}

export function HistoryFilters({ value, onChange, jobs, destinations }: HistoryFiltersProps) {
  const [database, setDatabase] = useState(value.database);
  const listId = useId();
  // The latest value and callback, so the typing timer restarts only when the text changes.
  const latest = useRef({ value, onChange });
  latest.current = { value, onChange };
  useEffect(() => setDatabase(value.database), [value.database]);
  useEffect(() => {
    if (database.trim() === latest.current.value.database) return;
    const timer = setTimeout(() => latest.current.onChange({ ...latest.current.value, database: database.trim() }), TYPING_DELAY_MS);
    return () => clearTimeout(timer);
  }, [database]);

  const knownDatabases = [...new Set(jobs.flatMap((j) => (j.config.source.databases.mode === 'list' ? j.config.source.databases.names : [])))];
  const dateError = value.from && value.to && value.from > value.to ? 'The start date is after the end date.' : undefined;

  return (
    <form className="filters" role="search" aria-label="Filter backups" onSubmit={(e) => e.preventDefault()}>
      <SelectField
        label="Job"
        value={value.job}
        onChange={(job) => onChange({ ...value, job })}
        options={[{ value: '', label: 'All jobs' }, ...jobs.map((j) => ({ value: j.config.name, label: j.config.name }))]}
      />
      <TextField label="Database" value={database} onChange={setDatabase} list={knownDatabases.length > 0 ? listId : undefined} placeholder="Any database" />
      {knownDatabases.length > 0 ? (
        <datalist id={listId}>
          {knownDatabases.map((d) => (
            <option key={d} value={d} />
          ))}
        </datalist>
      ) : null}
      <SelectField label="Status" value={value.status} onChange={(status) => onChange({ ...value, status })} options={STATUSES} />
      <SelectField
        label="Destination"
        value={value.destination}
        onChange={(destination) => onChange({ ...value, destination })}
        options={[{ value: '', label: 'Any destination' }, ...destinations.map((d) => ({ value: d.name, label: d.name }))]}
      />
      <TextField label="From" type="date" value={value.from} onChange={(from) => onChange({ ...value, from })} />
      <TextField label="To" type="date" value={value.to} onChange={(to) => onChange({ ...value, to })} error={dateError} />
      <div className="filters-actions">
        <button type="button" className="button button-quiet" onClick={() => onChange(EMPTY_FILTER)}>
          Clear filters
        </button>
      </div>
    </form>
  );
}
