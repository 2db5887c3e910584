// The guided setup: from nothing to a first running backup in about two minutes. Shown when
// there is no job yet, and reachable later from Jobs to add another one. Good defaults
// everywhere (all databases, daily at 02:00 local time, key pair, 7/4/6 retention).
import { useEffect, useState } from 'react';
import { navigate } from '../../app/routes';
import { useApiQuery } from '../../api/use-api-query';
import { Screen } from '../../components/Screen';
import { StepIndicator } from '../../components/StepIndicator';
import { freeName } from '../../forms/destination-draft';
import { newJobDraft, type JobDraft } from '../../forms/job-draft';
import { ConnectStep, type ConnectionTest } from './ConnectStep';
import { DatabasesStep } from './DatabasesStep';
import { DestinationsStep } from './DestinationsStep';
import { EncryptionStep } from './EncryptionStep';
import { FinishStep } from './FinishStep';
import { ScheduleStep } from './ScheduleStep';
import { FIRST_RUN_STEPS, STEP } from './steps';

export function FirstRunScreen() {
  const jobs = useApiQuery('jobs.list', {}, [], { refreshOn: 'never' });
  const [step, setStep] = useState<number>(STEP.connect);
  const [draft, setDraft] = useState<JobDraft>(newJobDraft);
  const [tested, setTested] = useState<ConnectionTest | null>(null);
  const existingJobs = jobs.data?.jobs ?? [];
  const firstJob = jobs.data !== undefined && existingJobs.length === 0;

  // A second run of the setup must not propose a name that is taken.
  const taken = existingJobs.map((j) => j.config.name).join('\n');
  useEffect(() => {
    if (!taken) return;
    setDraft((d) => ({ ...d, name: freeName(d.name, taken.split('\n')) }));
  }, [taken]);

  const back = () => setStep((s) => Math.max(0, s - 1));
  const next = () => setStep((s) => Math.min(FIRST_RUN_STEPS.length - 1, s + 1));

  return (
    <Screen
      title="Set up backups"
      heading={firstJob ? 'Welcome to Lifeboat' : 'Set up another backup'}
      intro={firstJob ? 'Six short steps and your first backup is running. It takes about two minutes.' : 'The same short steps as the first time.'}
    >
      <StepIndicator steps={FIRST_RUN_STEPS} current={step} label="Setup steps" />
      {step === STEP.connect ? <ConnectStep draft={draft} onChange={setDraft} tested={tested} onTested={setTested} onNext={next} /> : null}
      {step === STEP.databases ? <DatabasesStep draft={draft} onChange={setDraft} available={tested?.result.databases ?? null} onBack={back} onNext={next} /> : null}
      {step === STEP.destinations ? <DestinationsStep draft={draft} onChange={setDraft} onBack={back} onNext={next} /> : null}
      {step === STEP.encryption ? <EncryptionStep draft={draft} onChange={setDraft} onBack={back} onNext={next} /> : null}
      {step === STEP.schedule ? <ScheduleStep draft={draft} onChange={setDraft} onBack={back} onNext={next} /> : null}
      {step === STEP.finish ? <FinishStep draft={draft} onChange={setDraft} onBack={back} goToStep={setStep} onDone={() => navigate({ name: 'dashboard' })} /> : null}
    </Screen>
  );
}
