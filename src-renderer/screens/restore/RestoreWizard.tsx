// The restore wizard: backup → check → where → what → confirm → progress and report. Every step
// before "Start" only reads; the core refuses anything unsafe again on its own.
import { useEffect, useRef, useState } from 'react';
import type { BackupRecord } from '../../../src-shared/types';
import { useApi } from '../../api/api-context';
import { toApiError } from '../../api/api-error';
import { useApiQuery } from '../../api/use-api-query';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Loading } from '../../components/Loading';
import { Screen } from '../../components/Screen';
import { StepIndicator } from '../../components/StepIndicator';
import { connectionString, emptyConnection } from '../../forms/connection-draft';
import { ChooseBackupStep } from './ChooseBackupStep';
import { CheckStep, type CheckResult } from './CheckStep';
import { ConfirmStep } from './ConfirmStep';
import { KeptDatabases } from './KeptDatabases';
import { isImported, keyChoicesFor } from './key-choices';
import { buildRestoreRequest, databaseOf, initialDraft, suggestRestoreName, type RestoreDraft } from './restore-draft';
import { RestoreRunStep, type RestoreRun } from './RestoreRunStep';
import { TargetStep } from './TargetStep';
import { WhatStep } from './WhatStep';

const STEPS = ['Backup', 'Check', 'Where', 'What', 'Confirm', 'Restore'] as const;
const enum Step {
  Choose = 0,
  Check = 1,
  Target = 2,
  What = 3,
  Confirm = 4,
  Run = 5,
}

const FAILURE_NOTE = {
  new: 'Nothing was left behind: a restore that fails removes the database it created.',
  replace: 'The existing database was not changed: the temporary copy was removed.',
  existing: 'The existing database was not changed: the transaction was rolled back.',
} as const;
const CANCEL_NOTE = {
  new: 'Cancelling removes the half-restored database.',
  replace: 'Cancelling before the swap removes the temporary copy and leaves the existing database untouched.',
  existing: 'Cancelling rolls the transaction back.',
} as const;

export function RestoreWizard({ backupId }: { backupId: string | null }) {
  const api = useApi();
  const given = useApiQuery('backups.get', backupId ? { id: backupId } : null, [backupId], { refreshOn: 'never' });
  const [backup, setBackup] = useState<BackupRecord | null>(null);
  const [step, setStep] = useState<Step>(Step.Choose);
  const [draft, setDraft] = useState<RestoreDraft>(() => initialDraft(emptyConnection()));
  const [checked, setChecked] = useState<CheckResult | null>(null);
  const [run, setRun] = useState<RestoreRun | null>(null);
  const job = useApiQuery('jobs.get', backup ? { name: backup.job } : null, [backup?.job], { refreshOn: 'never' });
  const prefilledFor = useRef<string | null>(null);

  // Opened from History: that backup is chosen and the wizard starts by checking it.
  useEffect(() => {
    if (given.data && !backup) {
      setBackup(given.data.backup);
      setStep(Step.Check);
    }
  }, [given.data, backup]);

  // Suggest the names and the job's server once per chosen backup; the user may change them.
  useEffect(() => {
    if (!backup || prefilledFor.current === backup.id) return;
    if (job.loading) return;
    prefilledFor.current = backup.id;
    const source = job.data?.job.config.source;
    setDraft((d) => ({
      ...d,
      targetDatabase: suggestRestoreName(backup.database),
      existingDatabase: backup.database,
      chosenTables: [],
      mode: 'new',
      keyChoice: keyChoicesFor(backup, job.data?.job)[0] ?? 'saved',
      target: source ? { ...emptyConnection(), host: source.host, port: source.port, user: source.user, sslmode: source.sslmode ?? 'prefer' } : d.target,
    }));
  }, [backup, job.data, job.loading]);

  const keyChoices = backup ? keyChoicesFor(backup, job.data?.job) : [];
  const imported = backup ? isImported(backup) : false;
  const ready = backup && !job.loading && prefilledFor.current === backup.id;

  function start() {
    if (!backup) return;
    setStep(Step.Run);
    setRun({ state: 'running' });
    api.call('backups.restore', buildRestoreRequest(draft, backup)).then(
      (result) => setRun({ state: 'done', result }),
      (error: unknown) => setRun({ state: 'failed', error: toApiError(error) }),
    );
  }

  return (
    <Screen title="Restore" heading="Restore a backup">
      <StepIndicator steps={STEPS} current={step} label="Restore steps" />
      {backupId && given.error ? <ErrorPanel error={given.error} onRetry={given.refresh} /> : null}
      {backupId && given.loading && !backup ? <Loading label="Loading the backup…" /> : null}
      {step === Step.Choose && (!backupId || backup || given.error) ? (
        <>
          <ChooseBackupStep
            chosen={backup}
            onChoose={(b) => {
              setBackup(b);
              setChecked(null);
              prefilledFor.current = null;
            }}
            onNext={() => setStep(Step.Check)}
          />
          <KeptDatabases />
        </>
      ) : null}
      {step > Step.Choose && step < Step.Run && backup && !ready ? <Loading label="Loading the job’s server…" /> : null}
      {step === Step.Check && ready ? (
        <CheckStep backup={backup} draft={draft} onChange={setDraft} keyChoices={keyChoices} checked={checked} onChecked={setChecked} onBack={() => setStep(Step.Choose)} onNext={() => setStep(Step.Target)} />
      ) : null}
      {step === Step.Target && ready ? <TargetStep backup={backup} draft={draft} onChange={setDraft} prefilledFromJob={Boolean(job.data)} imported={imported} onBack={() => setStep(Step.Check)} onNext={() => setStep(Step.What)} /> : null}
      {step === Step.What && ready ? <WhatStep draft={draft} onChange={setDraft} contents={checked?.contents ?? null} imported={imported} onBack={() => setStep(Step.Target)} onNext={() => setStep(Step.Confirm)} /> : null}
      {step === Step.Confirm && ready ? <ConfirmStep backup={backup} draft={draft} onChange={setDraft} onBack={() => setStep(Step.What)} onConfirm={start} /> : null}
      {step === Step.Run && backup && run ? (
        <RestoreRunStep
          run={run}
          backupId={backup.id}
          connectionString={connectionString(draft.target, databaseOf(draft))}
          tables={checked?.contents?.tables ?? []}
          chosen={draft.what === 'chosen' ? draft.chosenTables : null}
          server={`${draft.target.user}@${draft.target.host}:${draft.target.port ?? 5432}`}
          failureNote={FAILURE_NOTE[draft.mode]}
          cancelNote={CANCEL_NOTE[draft.mode]}
          onChangeSettings={() => {
            setRun(null);
            setStep(Step.Target);
          }}
        />
      ) : null}
    </Screen>
  );
}
