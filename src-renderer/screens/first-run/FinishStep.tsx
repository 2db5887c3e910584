// Last step: name the job, read it back in plain words, then save it and start the first backup.
import { useState } from 'react';
import { useApi } from '../../api/api-context';
import { useAction } from '../../api/use-action';
import { useApiQuery } from '../../api/use-api-query';
import { Button } from '../../components/Button';
import { ErrorPanel } from '../../components/ErrorPanel';
import { TextField } from '../../components/TextField';
import { WizardStep } from '../../components/WizardStep';
import { hasErrors, type FieldErrors } from '../../forms/field-errors';
import { buildSaveRequest, jobFieldFor, type JobDraft, type SaveJobRequest } from '../../forms/job-draft';
import { describeDestinations, describeEncryption, describeSource } from '../../forms/job-summary';
import { FIRST_RUN_STEPS, stepForField } from './steps';

export interface FinishStepProps {
  draft: JobDraft;
  onChange: (draft: JobDraft) => void;
  onBack: () => void;
  goToStep: (step: number) => void;
  onDone: () => void;
}

export function FinishStep({ draft, onChange, onBack, goToStep, onDone }: FinishStepProps) {
  const api = useApi();
  const [errors, setErrors] = useState<FieldErrors>({});
  // Once saved, a retry must only start the backup: saving again would say "already exists".
  const [savedName, setSavedName] = useState<string | null>(null);
  const destinations = useApiQuery('destinations.list', {}, [], { refreshOn: 'never' });
  const preview = useApiQuery('schedule.preview', { schedule: draft.schedule }, [JSON.stringify(draft.schedule)], { refreshOn: 'never' });
  const save = useAction(async (request: SaveJobRequest): Promise<true> => {
    if (savedName === null) {
      await api.call('jobs.save', request);
      setSavedName(request.config.name);
    }
    await api.call('jobs.runNow', { name: request.config.name });
    return true;
  });

  async function finish() {
    const { request, errors: found } = buildSaveRequest(draft, true);
    setErrors(found);
    if (!request) return;
    if (await save.run(request)) onDone();
  }

  const serverField = save.error?.field ? jobFieldFor(save.error.field) : null;
  const shown: FieldErrors = serverField ? { ...errors, [serverField]: save.error!.message } : errors;
  const otherStepProblems = Object.keys(shown).filter((key) => key !== 'name');

  return (
    <WizardStep
      title="Ready to back up"
      intro="Check the summary, then start the first backup. You can change everything later under Jobs."
      onBack={onBack}
      onNext={() => void finish()}
      nextLabel={savedName ? 'Back up now' : 'Save and back up now'}
      nextPending={save.pending}
      nextPendingLabel="Saving and starting the backup…"
      footer={
        <>
          <ErrorPanel error={save.error}>
            {serverField && serverField !== 'name' ? (
              <Button onClick={() => goToStep(stepForField(serverField))}>Go to step: {FIRST_RUN_STEPS[stepForField(serverField)]}</Button>
            ) : null}
          </ErrorPanel>
          {savedName && save.error ? (
            <p>
              The job “{savedName}” is saved. <Button variant="quiet" onClick={onDone}>Go to the dashboard</Button>
            </p>
          ) : null}
        </>
      }
    >
      <TextField
        label="Job name"
        required
        value={draft.name}
        onChange={(name) => onChange({ ...draft, name })}
        error={shown['name']}
        disabled={savedName !== null}
        hint="Letters, digits, - and _; it appears in file names and reports."
      />
      {hasErrors(errors) && otherStepProblems.length > 0 ? (
        <div className="error-panel" role="alert">
          <p className="error-panel-title">Some steps need another look</p>
          <ul>
            {otherStepProblems.map((key) => (
              <li key={key}>
                {shown[key]}{' '}
                <Button variant="quiet" onClick={() => goToStep(stepForField(key))}>
                  Go to step: {FIRST_RUN_STEPS[stepForField(key)]}
                </Button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <dl className="summary">
        <dt>What</dt>
        <dd>{describeSource(draft)}</dd>
        <dt>When</dt>
        <dd>{preview.data ? preview.data.description : `Time zone ${draft.schedule.timeZone}`}</dd>
        <dt>Where</dt>
        <dd>
          <ul>
            {describeDestinations(draft, destinations.data?.destinations ?? []).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </dd>
        <dt>Encryption</dt>
        <dd>{describeEncryption(draft)}</dd>
      </dl>
    </WizardStep>
  );
}
