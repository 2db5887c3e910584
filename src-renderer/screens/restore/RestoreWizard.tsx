// Restore wizard v1: backup → new database on a server → options → confirm → progress → report.
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
import { ConfirmStep } from './ConfirmStep';
import { OptionsStep } from './OptionsStep';
import { buildRestoreRequest, suggestRestoreName, type RestoreDraft } from './restore-draft';
import { RestoreRunStep, type RestoreRun } from './RestoreRunStep';
import { TargetStep } from './TargetStep';

const STEPS = ['Backup', 'New database', 'Options', 'Confirm', 'Restore'] as const;

function initialDraft(): RestoreDraft {
  return { target: emptyConnection(), targetDatabase: '', noOwner: false, keyChoice: 'saved', passphrase: '', identity: '' };
}

export function RestoreWizard({ backupId }: { backupId: string | null }) {
  const api = useApi();
  const given = useApiQuery('backups.get', backupId ? { id: backupId } : null, [backupId], { refreshOn: 'never' });
  const [backup, setBackup] = useState<BackupRecord | null>(null);
  const [step, setStep] = useState(0);
  const [draft, setDraft] = useState<RestoreDraft>(initialDraft);
  const [run, setRun] = useState<RestoreRun | null>(null);
  const job = useApiQuery('jobs.get', backup ? { name: backup.job } : null, [backup?.job], { refreshOn: 'never' });
  const prefilledFor = useRef<string | null>(null);

  // Opened from History: that backup is chosen and the wizard starts at the target.
  useEffect(() => {
    if (given.data && !backup) {
      setBackup(given.data.backup);
      setStep(1);
    }
  }, [given.data, backup]);

  // Suggest the name and the job's server once per chosen backup; the user may change both.
  useEffect(() => {
    if (!backup || prefilledFor.current === backup.id) return;
    if (job.loading) return;
    prefilledFor.current = backup.id;
    const source = job.data?.job.config.source;
    setDraft((d) => ({
      ...d,
      targetDatabase: suggestRestoreName(backup.database),
      target: source ? { ...emptyConnection(), host: source.host, port: source.port, user: source.user, sslmode: source.sslmode ?? 'prefer' } : d.target,
    }));
  }, [backup, job.data, job.loading]);

  const needsIdentity = job.data?.job.config.encryption.kind === 'public-key';

  function start() {
    if (!backup) return;
    setStep(4);
    setRun({ state: 'running' });
    api.call('backups.restore', buildRestoreRequest(draft, backup)).then(
      ({ report }) => setRun({ state: 'done', report }),
      (error: unknown) => setRun({ state: 'failed', error: toApiError(error) }),
    );
  }

  return (
    <Screen title="Restore" heading="Restore a backup">
      <StepIndicator steps={STEPS} current={step} label="Restore steps" />
      {backupId && given.error ? <ErrorPanel error={given.error} onRetry={given.refresh} /> : null}
      {backupId && given.loading && !backup ? <Loading label="Loading the backup…" /> : null}
      {step === 0 && (!backupId || backup || given.error) ? (
        <ChooseBackupStep
          chosen={backup}
          onChoose={(b) => {
            setBackup(b);
            prefilledFor.current = null;
          }}
          onNext={() => setStep(1)}
        />
      ) : null}
      {step === 1 && backup ? (
        job.loading || prefilledFor.current !== backup.id ? (
          <Loading label="Loading the job’s server…" />
        ) : (
          <TargetStep backup={backup} draft={draft} onChange={setDraft} prefilledFromJob={Boolean(job.data)} onBack={() => setStep(0)} onNext={() => setStep(2)} />
        )
      ) : null}
      {step === 2 && backup ? <OptionsStep draft={draft} onChange={setDraft} needsIdentity={needsIdentity} onBack={() => setStep(1)} onNext={() => setStep(3)} /> : null}
      {step === 3 && backup ? <ConfirmStep backup={backup} draft={draft} onBack={() => setStep(2)} onConfirm={start} /> : null}
      {step === 4 && backup && run ? (
        <RestoreRunStep
          run={run}
          backupId={backup.id}
          connectionString={connectionString(draft.target, draft.targetDatabase.trim())}
          onChangeSettings={() => {
            setRun(null);
            setStep(1);
          }}
        />
      ) : null}
    </Screen>
  );
}
