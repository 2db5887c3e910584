// Step 2: where to restore: always a new database, on the job's server unless changed.
import { useState } from 'react';
import type { BackupRecord } from '../../../src-shared/types';
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
  onBack: () => void;
  onNext: () => void;
}

export function TargetStep({ backup, draft, onChange, prefilledFromJob, onBack, onNext }: TargetStepProps) {
  const [errors, setErrors] = useState<FieldErrors>({});
  function next() {
    const found = validateTarget(draft, backup);
    setErrors(found);
    if (!hasErrors(found)) onNext();
  }
  return (
    <WizardStep
      title="Restore into a new database"
      intro="Lifeboat creates a new database and never touches an existing one, so the original stays exactly as it is."
      onBack={onBack}
      onNext={next}
    >
      <TextField
        label="Name of the new database"
        required
        value={draft.targetDatabase}
        onChange={(targetDatabase) => onChange({ ...draft, targetDatabase })}
        error={errors['targetDatabase']}
        hint="It must not exist yet."
      />
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
