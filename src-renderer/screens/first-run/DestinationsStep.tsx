// Step 3: where copies go. A folder (this computer or a NAS) and/or an off-site bucket; each is
// saved and tested right away. Saved destinations are ticked for the new job.
import { useState } from 'react';
import { useApiQuery } from '../../api/use-api-query';
import { CheckboxField } from '../../components/CheckboxField';
import { ErrorPanel } from '../../components/ErrorPanel';
import { WizardStep } from '../../components/WizardStep';
import { freeName } from '../../forms/destination-draft';
import { DestinationForm } from '../../forms/DestinationForm';
import { DestinationPicker } from '../../forms/DestinationPicker';
import { hasErrors, type FieldErrors } from '../../forms/field-errors';
import { validateDestinations, withDestinations, type JobDraft } from '../../forms/job-draft';

export interface DestinationsStepProps {
  draft: JobDraft;
  onChange: (draft: JobDraft) => void;
  onBack: () => void;
  onNext: () => void;
}

export function DestinationsStep({ draft, onChange, onBack, onNext }: DestinationsStepProps) {
  const list = useApiQuery('destinations.list', {}, [], { refreshOn: ['destinations'] });
  const destinations = list.data?.destinations ?? [];
  const names = destinations.map((d) => d.name);
  const [addFolder, setAddFolder] = useState(true);
  const [addS3, setAddS3] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});

  function saved(name: string) {
    list.refresh();
    if (!draft.destinations.includes(name)) onChange(withDestinations(draft, [...draft.destinations, name]));
    setErrors({});
  }

  function next() {
    const found = validateDestinations(draft);
    setErrors(found);
    if (!hasErrors(found)) onNext();
  }

  return (
    <WizardStep
      title="Where should the backups go?"
      intro="Two places are safer than one: a NAS in the office for quick restores, and an off-site bucket in case of fire or theft. Every copy is encrypted before it leaves this computer."
      onBack={onBack}
      onNext={next}
    >
      <ErrorPanel error={list.error} onRetry={list.refresh} />
      {destinations.length > 0 ? (
        <DestinationPicker destinations={destinations} selected={draft.destinations} onChange={(d) => onChange(withDestinations(draft, d))} error={errors['destinations']} />
      ) : errors['destinations'] ? (
        <p className="field-error" role="alert">
          {errors['destinations']}
        </p>
      ) : null}

      {/* The forms suggest free names, so they wait for the saved list. */}
      {list.data ? (
        <>
          <div className="destination-choice">
            <CheckboxField label="Add a folder on this computer or a NAS" checked={addFolder} onChange={setAddFolder} />
            {addFolder ? <DestinationForm kind="folder" takenNames={names} suggestedName={freeName('nas', names)} onSaved={(r) => saved(r.destination.name)} /> : null}
          </div>
          <div className="destination-choice">
            <CheckboxField label="Add Backblaze B2 or another S3 service (off-site)" checked={addS3} onChange={setAddS3} />
            {addS3 ? <DestinationForm kind="s3" takenNames={names} suggestedName={freeName('b2', names)} onSaved={(r) => saved(r.destination.name)} /> : null}
          </div>
        </>
      ) : null}
      <p className="muted">Old backups are deleted automatically: 7 daily, 4 weekly and 6 monthly backups are kept in each place. You can change this later under Jobs.</p>
    </WizardStep>
  );
}
