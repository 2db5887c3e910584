// Step 1: which backup — from the history (a timeline per job and database), from a file, or
// from a destination this computer does not know yet (a fresh install after a disaster).
import { useState } from 'react';
import type { BackupRecord } from '../../../src-shared/types';
import { useApiQuery } from '../../api/use-api-query';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Loading } from '../../components/Loading';
import { RadioGroup } from '../../components/RadioGroup';
import { TextField } from '../../components/TextField';
import { WizardStep } from '../../components/WizardStep';
import { BackupTimeline } from './choose/BackupTimeline';
import { BrowseDestinationPanel } from './choose/BrowseDestinationPanel';
import { OpenFilePanel } from './choose/OpenFilePanel';

export interface ChooseBackupStepProps {
  chosen: BackupRecord | null;
  onChoose: (backup: BackupRecord) => void;
  onNext: () => void;
}

type From = 'history' | 'file' | 'destination';

export function ChooseBackupStep({ chosen, onChoose, onNext }: ChooseBackupStepProps) {
  const [from, setFrom] = useState<From>('history');
  const [database, setDatabase] = useState(chosen?.database ?? '');
  const [note, setNote] = useState('');
  const recent = useApiQuery('backups.list', { status: 'succeeded', limit: 200, offset: 0, ...(database.trim() ? { database: database.trim() } : {}) }, [database.trim()], { refreshOn: ['backups'] });
  const destinations = useApiQuery('destinations.list', {}, [], { refreshOn: ['destinations'] });
  const nameOf = (id: string) => destinations.data?.destinations.find((d) => d.id === id)?.name ?? id.replace(/^folder:/, '');
  const [error, setError] = useState('');

  function next() {
    if (!chosen) {
      setError('Choose the backup to restore.');
      return;
    }
    onNext();
  }
  const rows = [...(chosen && !recent.data?.rows.some((r) => r.id === chosen.id) ? [chosen] : []), ...(recent.data?.rows ?? [])];

  return (
    <WizardStep title="Which backup?" intro="Only backups that finished successfully can be restored. Each is checked before anything is changed." onNext={next}>
      <RadioGroup
        legend="Where is the backup?"
        value={from}
        onChange={(value) => {
          setFrom(value);
          setNote('');
        }}
        choices={[
          { value: 'history', label: 'In the history of this computer' },
          { value: 'file', label: 'Open a backup file', hint: 'A Lifeboat file, or one made by the old backup scripts.' },
          { value: 'destination', label: 'Browse a destination', hint: 'A NAS folder, USB disk or cloud bucket Lifeboat backed up to, for example after reinstalling.' },
        ]}
      />
      {from === 'file' ? (
        <OpenFilePanel
          onOpened={(backup, how) => {
            onChoose(backup);
            setDatabase('');
            setNote(how);
            setFrom('history');
          }}
        />
      ) : null}
      {from === 'destination' ? (
        <BrowseDestinationPanel
          onFound={(message) => {
            setNote(message);
            setFrom('history');
          }}
        />
      ) : null}
      {note ? (
        <p className="note" role="status">
          {note}
        </p>
      ) : null}
      {from === 'history' ? (
        <>
          <TextField label="Database" value={database} onChange={setDatabase} placeholder="Any database" />
          <ErrorPanel error={recent.error} onRetry={recent.refresh} />
          {recent.loading && !recent.data ? <Loading label="Loading backups…" /> : null}
          {recent.data && rows.length === 0 ? <p className="muted">No successful backups found. Open a backup file or browse a destination instead.</p> : null}
          <BackupTimeline
            backups={rows}
            chosenId={chosen?.id ?? null}
            onChoose={(b) => {
              onChoose(b);
              setError('');
            }}
            nameOf={nameOf}
          />
        </>
      ) : null}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </WizardStep>
  );
}
