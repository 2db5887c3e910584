// The archive's tables grouped by schema, with their row counts at backup time; a filter for
// databases with many tables; a schema's box ticks all of its tables.
import { useMemo, useState } from 'react';
import type { TableRowCount } from '../../../src-shared/types';
import { TextField } from '../../components/TextField';
import { tableKey } from './restore-draft';

export interface TablePickerProps {
  tables: TableRowCount[];
  chosen: string[];
  onChange: (chosen: string[]) => void;
  error?: string | undefined;
}

export function TablePicker({ tables, chosen, onChange, error }: TablePickerProps) {
  const [filter, setFilter] = useState('');
  const picked = new Set(chosen);
  const bySchema = useMemo(() => {
    const out = new Map<string, TableRowCount[]>();
    const needle = filter.trim().toLowerCase();
    for (const t of tables) {
      if (needle && !`${t.schema}.${t.table}`.toLowerCase().includes(needle)) continue;
      if (!out.has(t.schema)) out.set(t.schema, []);
      out.get(t.schema)!.push(t);
    }
    return [...out.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [tables, filter]);
  const toggle = (keys: string[], on: boolean) => {
    const next = new Set(picked);
    for (const k of keys) {
      if (on) next.add(k);
      else next.delete(k);
    }
    onChange(tables.map((t) => tableKey(t.schema, t.table)).filter((k) => next.has(k)));
  };
  return (
    <fieldset className="table-picker" aria-describedby={error ? 'table-picker-error' : undefined}>
      <legend>Tables to restore ({chosen.length} chosen)</legend>
      {error ? (
        <p className="field-error" id="table-picker-error">
          {error}
        </p>
      ) : null}
      {tables.length > 12 ? <TextField label="Find a table" value={filter} onChange={setFilter} /> : null}
      {bySchema.map(([schema, list]) => {
        const keys = list.map((t) => tableKey(t.schema, t.table));
        const all = keys.every((k) => picked.has(k));
        return (
          <div className="table-picker-schema" key={schema}>
            <div className="field field-check">
              <input id={`schema-${schema}`} type="checkbox" checked={all} onChange={(e) => toggle(keys, e.target.checked)} />
              <label htmlFor={`schema-${schema}`}>
                <strong>All of schema {schema}</strong>
              </label>
            </div>
            <ul className="plain-list table-picker-tables">
              {list.map((t) => {
                const key = tableKey(t.schema, t.table);
                const id = `table-${key}`;
                return (
                  <li className="field field-check" key={key}>
                    <input id={id} type="checkbox" checked={picked.has(key)} onChange={(e) => toggle([key], e.target.checked)} />
                    <label htmlFor={id}>
                      {t.schema}.{t.table} <span className="muted">({t.rows.toLocaleString()} rows)</span>
                    </label>
                  </li>
                );
              })}
            </ul>
          </div>
        );
      })}
    </fieldset>
  );
}
