// Step 3: where to — a new database (the default: nothing existing is touched), the existing
// database replaced (safely: restored aside, verified, then swapped; the old one is kept), or
// chosen tables added to an existing database. On the job's server unless changed.
import { useState } from 'react';
import type { RestoreMode } from '../../../src-shared/api';
import type { BackupRecord } from '../../../src-shared/types';
import { RadioGroup } from '../../components/RadioGroup';
import { TextField } from '../../components/TextField';
import { WizardStep } from '../../components/WizardStep';
import { ConnectionFields } from '../../forms/ConnectionFields';
import { hasErrors, type FieldErrors } from '../../forms/field-errors';
import { validateTarget, type RestoreDraft } from './restore-draft';

export interface TargetStepProps {
  backup: BackupRecord;
  draft: RestoreDraft;
  onChange: (draft: RestoreDraft) => void;
  prefilledFromJob: boolean;
  /** Files made without Lifeboat restore whole, into a new database only. */
  imported: boolean;
  onBack: () => void;
  onNext: () => void;
}

export function TargetStep({ backup, draft, onChange, prefilledFromJob, imported, onBack, onNext }: TargetStepProps) {
  const [errors, setErrors] = useState<FieldErrors>({});
  function next() {
    const found = validateTarget(draft, backup);
    setErrors(found);
    if (!hasErrors(found)) onNext();
  }
  const setMode = (mode: RestoreMode) => onChange({ ...draft, mode, what: mode === 'replace' ? 'all' : draft.what, section: mode === 'replace' ? 'all' : draft.section });
  return (
    <WizardStep title="Where to restore" onBack={onBack} onNext={next}>
      {imported ? (
        <p>This backup was made without Lifeboat (imported), so it is restored whole into a new database; copy what you need from there.</p>
      ) : (
        <RadioGroup
          legend="Restore into"
          value={draft.mode}
          onChange={setMode}
          choices={[
            { value: 'new', label: 'A new database', hint: 'Safest: nothing that exists is changed. Compare, copy what you need, or point the application at it.' },
            {
              value: 'replace',
              label: 'Replace the existing database',
              hint: 'The backup is restored into a temporary database and checked first. Only then is the existing database renamed out of the way (kept until you delete it) and the restored one put in its place.',
            },
            { value: 'existing', label: 'Add chosen tables to an existing database', hint: 'For bringing back a few tables. It runs in one transaction: if anything fails, nothing changes.' },
          ]}
        />
      )}
      {draft.mode === 'new' ? (
        <TextField
          label="Name of the new database"
          required
          value={draft.targetDatabase}
          onChange={(targetDatabase) => onChange({ ...draft, targetDatabase })}
          error={errors['targetDatabase']}
          hint="It must not exist yet."
        />
      ) : (
        <TextField
          label={draft.mode === 'replace' ? 'Database to replace' : 'Existing database'}
          required
          value={draft.existingDatabase}
          onChange={(existingDatabase) => onChange({ ...draft, existingDatabase })}
          error={errors['existingDatabase']}
          hint={draft.mode === 'replace' ? `Usually ${backup.database}, the database the backup was made from.` : undefined}
        />
      )}
      <h3>Server</h3>
      <p className="muted">{prefilledFromJob ? `Filled in from the job “${backup.job}”. Change it to restore onto another server.` : 'Enter the server to restore onto.'}</p>
      <ConnectionFields
        value={draft.target}
        onChange={(target) => onChange({ ...draft, target })}
        errors={errors}
        passwordHint="Needed if the server asks for one. Used for this restore only; the user must be allowed to create databases."
      />
    </WizardStep>
  );
}
