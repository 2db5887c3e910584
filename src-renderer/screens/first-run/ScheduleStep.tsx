import { useState } from 'react';
import { WizardStep } from '../../components/WizardStep';
import { hasErrors, type FieldErrors } from '../../forms/field-errors';
import type { JobDraft } from '../../forms/job-draft';
import { ScheduleEditor } from '../../schedule/ScheduleEditor';
import { validateSchedule } from '../../schedule/schedule-draft';

export interface ScheduleStepProps {
  draft: JobDraft;
  onChange: (draft: JobDraft) => void;
  onBack: () => void;
  onNext: () => void;
}

export function ScheduleStep({ draft, onChange, onBack, onNext }: ScheduleStepProps) {
  const [errors, setErrors] = useState<FieldErrors>({});
  function next() {
    const found = validateSchedule(draft.schedule);
    setErrors(found);
    if (!hasErrors(found)) onNext();
  }
  return (
    <WizardStep title="When should Lifeboat back up?" intro="Night time is usual: the office is quiet and the backup does not slow anyone down." onBack={onBack} onNext={next}>
      <ScheduleEditor value={draft.schedule} onChange={(schedule) => onChange({ ...draft, schedule })} errors={errors} />
    </WizardStep>
  );
}
