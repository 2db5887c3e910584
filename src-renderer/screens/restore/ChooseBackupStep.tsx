// Step 1: which backup. Opened from History it is already chosen; otherwise pick one of the
// recent good backups.
import { useState } from 'react';
import type { BackupRecord } from '../../../src-shared/types';
import { useApiQuery } from '../../api/use-api-query';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Loading } from '../../components/Loading';
import { TextField } from '../../components/TextField';
import { WizardStep } from '../../components/WizardStep';
import { formatBytes } from '../../format/bytes';
import { formatDateTime } from '../../format/time';

export interface ChooseBackupStepProps {
  chosen: BackupRecord | null;
  onChoose: (backup: BackupRecord) => void;
  onNext: () => void;
}

export function ChooseBackupStep({ chosen, onChoose, onNext }: ChooseBackupStepProps) {
  const [database, setDatabase] = useState(chosen?.database ?? '');
  const recent = useApiQuery('backups.list', { status: 'succeeded', limit: 100, offset: 0, ...(database.trim() ? { database: database.trim() } : {}) }, [database.trim()], { refreshOn: ['backups'] });
  const [error, setError] = useState('');

  function next() {
    if (!chosen) {
      setError('Choose the backup to restore.');
      return;
    }
    onNext();
  }

  return (
    <WizardStep title="Which backup?" intro="Only backups that finished successfully can be restored." onNext={next}>
      <TextField label="Database" value={database} onChange={setDatabase} placeholder="Any database" />
      <ErrorPanel error={recent.error} onRetry={recent.refresh} />
      {recent.loading && !recent.data ? <Loading label="Loading backups…" /> : null}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <fieldset className="backup-choices">
        <legend>Recent good backups</legend>
        {recent.data && recent.data.rows.length === 0 ? <p className="muted">No successful backups found.</p> : null}
        {[...(chosen && !recent.data?.rows.some((r) => r.id === chosen.id) ? [chosen] : []), ...(recent.data?.rows ?? [])].map((b) => (
          <div className="radio-choice" key={b.id}>
            <input
              type="radio"
              id={`backup-${b.id}`}
              name="backup"
              checked={chosen?.id === b.id}
              onChange={() => {
                onChoose(b);
                setError('');
              }}
            />
            <label htmlFor={`backup-${b.id}`}>
              <strong>{b.database}</strong> — {formatDateTime(b.startedAt)} <span className="muted">({b.job}, {formatBytes(b.storedBytes)})</span>
            </label>
          </div>
        ))}
      </fieldset>
    </WizardStep>
  );
}
