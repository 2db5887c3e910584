import { useState } from 'react';
import { WizardStep } from '../../components/WizardStep';
import { EncryptionFields } from '../../forms/EncryptionFields';
import { hasErrors, type FieldErrors } from '../../forms/field-errors';
import { validateEncryption, type JobDraft } from '../../forms/job-draft';
import { formatDate } from '../../format/time';

export interface EncryptionStepProps {
  draft: JobDraft;
  onChange: (draft: JobDraft) => void;
  onBack: () => void;
  onNext: () => void;
}

export function EncryptionStep({ draft, onChange, onBack, onNext }: EncryptionStepProps) {
  const [errors, setErrors] = useState<FieldErrors>({});
  function next() {
    const found = validateEncryption(draft);
    setErrors(found);
    if (!hasErrors(found)) onNext();
  }
  return (
    <WizardStep title="Lock the backups" intro="Every backup is encrypted, so a lost NAS disk or a leaked bucket key reveals nothing." onBack={onBack} onNext={next}>
      <EncryptionFields
        value={draft.encryption}
        onChange={(encryption) => {
          onChange({ ...draft, encryption });
          if (hasErrors(errors)) setErrors(validateEncryption({ ...draft, encryption }));
        }}
        errors={errors}
        keyLabel={`Lifeboat key, ${formatDate(new Date().toISOString())}`}
      />
    </WizardStep>
  );
}
