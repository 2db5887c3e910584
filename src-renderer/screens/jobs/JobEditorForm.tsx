// Every setting of a job on one page. Checks run when the user saves and then live as they fix
// things; the core's own BAD_INPUT message for a field is shown under that field too.
import { useEffect, useRef, useState } from 'react';
import type { DestinationView, JobView } from '../../../src-shared/api';
import { useApi } from '../../api/api-context';
import { useAction } from '../../api/use-action';
import { Button } from '../../components/Button';
import { ErrorPanel } from '../../components/ErrorPanel';
import { TextField } from '../../components/TextField';
import { EncryptionFields } from '../../forms/EncryptionFields';
import { errorsUnder, hasErrors, type FieldErrors } from '../../forms/field-errors';
import { buildSaveRequest, jobFieldFor, validateJob, type JobDraft, type SaveJobRequest } from '../../forms/job-draft';
import { ScheduleEditor } from '../../schedule/ScheduleEditor';
import { AdvancedSection } from './AdvancedSection';
import { DestinationsSection } from './DestinationsSection';
import { DrillSection } from './DrillSection';
import { NotificationsSection } from './NotificationsSection';
import { SourceSection } from './SourceSection';

export interface JobEditorFormProps {
  initial: JobDraft;
  existing: boolean;
  destinations: DestinationView[];
  onSaved: (job: JobView) => void;
}

export function JobEditorForm({ initial, existing, destinations, onSaved }: JobEditorFormProps) {
  const api = useApi();
  const [draft, setDraft] = useState(initial);
  const [checked, setChecked] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useAction((request: SaveJobRequest) => api.call('jobs.save', request));
  const form = useRef<HTMLFormElement>(null);
  const [focusTick, setFocusTick] = useState(0);

  const serverField = save.error?.field ? jobFieldFor(save.error.field) : null;
  const shown: FieldErrors = serverField && !errors[serverField] ? { ...errors, [serverField]: save.error!.message } : errors;

  function update(next: JobDraft) {
    setDraft(next);
    if (checked) setErrors(validateJob(next));
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setChecked(true);
    const { request, errors: found } = buildSaveRequest(draft, !existing);
    setErrors(found);
    if (!request) {
      setFocusTick((t) => t + 1);
      return;
    }
    const result = await save.run(request);
    if (result) onSaved(result.job);
    else setFocusTick((t) => t + 1);
  }

  // After a failed save, take keyboard focus to the first field with a message.
  useEffect(() => {
    if (focusTick === 0) return;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [focusTick]);

  const problemCount = Object.keys(shown).length;

  return (
    <form ref={form} className="job-editor" onSubmit={(e) => void submit(e)} noValidate aria-label="Job settings">
      {!existing ? (
        <section className="panel" aria-labelledby="name-title">
          <h2 id="name-title">Name</h2>
          <TextField label="Job name" required value={draft.name} onChange={(name) => update({ ...draft, name })} error={shown['name']} hint="Letters, digits, - and _. It cannot be changed later." />
        </section>
      ) : null}
      <SourceSection draft={draft} onChange={update} errors={shown} existing={existing} />
      <section className="panel" aria-labelledby="schedule-title">
        <h2 id="schedule-title">When</h2>
        <ScheduleEditor value={draft.schedule} onChange={(schedule) => update({ ...draft, schedule })} errors={errorsUnder(shown, 'schedule')} />
      </section>
      <DestinationsSection draft={draft} onChange={update} errors={shown} destinations={destinations} />
      <section className="panel" aria-labelledby="encryption-title">
        <h2 id="encryption-title">Encryption</h2>
        <EncryptionFields value={draft.encryption} onChange={(encryption) => update({ ...draft, encryption })} errors={shown} allowPublicKeyOnly initial={initial.encryption} keyLabel={`Lifeboat key for ${draft.name}`} />
      </section>
      <NotificationsSection value={draft.notifications} onChange={(notifications) => update({ ...draft, notifications })} />
      <DrillSection value={draft.drill} onChange={(drill) => update({ ...draft, drill })} timeZone={draft.schedule.timeZone} error={shown['drill.schedule']} />
      <AdvancedSection draft={draft} onChange={update} errors={shown} />
      <div className="sticky-actions">
        {hasErrors(shown) ? (
          <p className="field-error" role="alert">
            {problemCount === 1 ? 'One setting needs attention.' : `${problemCount} settings need attention.`} They are marked above.
          </p>
        ) : null}
        <ErrorPanel error={save.error} />
        <div className="button-row">
          <Button type="submit" variant="primary" pending={save.pending} pendingLabel="Saving…">
            {existing ? 'Save changes' : 'Create job'}
          </Button>
        </div>
      </div>
    </form>
  );
}
