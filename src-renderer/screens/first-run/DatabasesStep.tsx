import { useState } from 'react';
import { WizardStep } from '../../components/WizardStep';
import { DatabasePicker } from '../../forms/DatabasePicker';
import { hasErrors, type FieldErrors } from '../../forms/field-errors';
import { validateDatabases, type JobDraft } from '../../forms/job-draft';

export interface DatabasesStepProps {
  draft: JobDraft;
  onChange: (draft: JobDraft) => void;
  available: string[] | null;
  onBack: () => void;
  onNext: () => void;
}

export function DatabasesStep({ draft, onChange, available, onBack, onNext }: DatabasesStepProps) {
  const [errors, setErrors] = useState<FieldErrors>({});
  function next() {
    const found = validateDatabases(draft);
    setErrors(found);
    if (!hasErrors(found)) onNext();
  }
  return (
    <WizardStep title="Choose the databases" intro="Each database becomes its own backup file, so one can be restored without the others." onBack={onBack} onNext={next}>
      <DatabasePicker value={draft.databases} onChange={(databases) => onChange({ ...draft, databases })} available={available} error={errors['source.databases']} />
    </WizardStep>
  );
}
