// Step 4: what to restore — everything or chosen tables, schema and/or data, and how: without
// owners or privileges (for a server without the original roles), with the roles from the
// backup created first, in parallel for large archives.
import { useState } from 'react';
import type { ArchiveContents } from '../../../src-shared/types';
import { CheckboxField } from '../../components/CheckboxField';
import { NumberField } from '../../components/NumberField';
import { RadioGroup } from '../../components/RadioGroup';
import { WizardStep } from '../../components/WizardStep';
import { hasErrors, type FieldErrors } from '../../forms/field-errors';
import { validateWhat, type RestoreDraft, type Section } from './restore-draft';
import { TablePicker } from './TablePicker';

export interface WhatStepProps {
  draft: RestoreDraft;
  onChange: (draft: RestoreDraft) => void;
  contents: ArchiveContents | null;
  /** Files made without Lifeboat restore whole: only ownership and privileges can be left out. */
  imported: boolean;
  onBack: () => void;
  onNext: () => void;
}

export function WhatStep({ draft, onChange, contents, imported, onBack, onNext }: WhatStepProps) {
  const [errors, setErrors] = useState<FieldErrors>({});
  function next() {
    const found = validateWhat(draft);
    setErrors(found);
    if (!hasErrors(found)) onNext();
  }
  const whole = draft.mode === 'replace' || imported;
  const sections: Array<{ value: Section; label: string; hint?: string }> = [
    { value: 'all', label: 'Tables and their data' },
    ...(whole ? [] : [{ value: 'schema' as const, label: 'Schema only', hint: 'Tables, views and functions, without rows.' }]),
    ...(draft.mode === 'existing' ? [{ value: 'data' as const, label: 'Data only', hint: 'Rows into tables that exist already and are empty.' }] : []),
  ];
  return (
    <WizardStep title="What to restore" onBack={onBack} onNext={next}>
      {whole ? (
        <p>{imported ? 'A backup made without Lifeboat is restored whole.' : 'Replacing restores the whole backup.'}</p>
      ) : (
        <RadioGroup
          legend="Restore"
          value={draft.what}
          onChange={(what) => onChange({ ...draft, what })}
          choices={[
            { value: 'all', label: 'Everything in the backup' },
            { value: 'chosen', label: 'Chosen tables', hint: 'With their indexes, constraints and sequences.', },
          ]}
        />
      )}
      {!whole && draft.what === 'chosen' ? (
        contents && contents.tables.length > 0 ? (
          <TablePicker tables={contents.tables} chosen={draft.chosenTables} onChange={(chosenTables) => onChange({ ...draft, chosenTables })} error={errors['tables']} />
        ) : (
          <p className="field-error">This backup lists no tables to choose from.</p>
        )
      ) : errors['tables'] ? (
        <p className="field-error" role="alert">
          {errors['tables']}
        </p>
      ) : null}
      {sections.length > 1 && !imported ? <RadioGroup legend="Parts" value={draft.section} onChange={(section) => onChange({ ...draft, section })} choices={sections} error={errors['section']} /> : null}
      {draft.mode === 'existing' && draft.what === 'chosen' ? (
        <CheckboxField
          label="Replace the chosen tables"
          checked={draft.replaceTables}
          onChange={(replaceTables) => onChange({ ...draft, replaceTables })}
          hint="Drops the tables in the existing database and re-creates them from the backup (in the same transaction). Without this, tables that exist already stop the restore."
        />
      ) : null}
      <CheckboxField
        label="Do not restore ownership (no owner)"
        checked={draft.noOwner}
        onChange={(noOwner) => onChange({ ...draft, noOwner })}
        hint={`Tick this when the users that owned the tables do not exist on this server. Everything will then belong to ${draft.target.user || 'the user you log in as'}.`}
      />
      <CheckboxField label="Do not restore privileges (no GRANT or REVOKE)" checked={draft.noPrivileges} onChange={(noPrivileges) => onChange({ ...draft, noPrivileges })} />
      {contents?.hasGlobals && !imported ? (
        <CheckboxField
          label="Also restore roles (users and groups) from the backup"
          checked={draft.globals}
          onChange={(globals) => onChange({ ...draft, globals })}
          hint="Creates the roles that do not exist on this server yet. Existing roles are left exactly as they are."
        />
      ) : null}
      {draft.mode !== 'existing' && !imported ? (
        <NumberField
          label="Parallel jobs"
          narrow
          min={1}
          max={64}
          value={draft.jobs}
          onChange={(jobs) => onChange({ ...draft, jobs })}
          error={errors['jobs']}
          hint="For large backups on a server with several cores, 2–8 restores faster. Above 1 (and for chosen tables), the backup is decrypted into a private temporary file, removed afterwards."
        />
      ) : null}
    </WizardStep>
  );
}
