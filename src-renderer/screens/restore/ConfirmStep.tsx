// Step 4: the whole restore in one plain paragraph, read before anything happens.
import type { BackupRecord } from '../../../src-shared/types';
import { WizardStep } from '../../components/WizardStep';
import { formatBytes } from '../../format/bytes';
import { formatDateTime } from '../../format/time';
import type { RestoreDraft } from './restore-draft';

export interface ConfirmStepProps {
  backup: BackupRecord;
  draft: RestoreDraft;
  onBack: () => void;
  onConfirm: () => void;
}

export function ConfirmStep({ backup, draft, onBack, onConfirm }: ConfirmStepProps) {
  const server = `${draft.target.host}${draft.target.port && draft.target.port !== 5432 ? `:${draft.target.port}` : ''}`;
  return (
    <WizardStep title="Check and start" onBack={onBack} onNext={onConfirm} nextLabel="Start the restore">
      <div className="confirm-summary">
        <p>
          Lifeboat will create a new database <strong>{draft.targetDatabase.trim()}</strong> on <strong>{server}</strong>, logging in as <strong>{draft.target.user}</strong>, and
          restore into it the backup of <strong>{backup.database}</strong> made on <strong>{formatDateTime(backup.startedAt)}</strong> ({formatBytes(backup.storedBytes)}).
        </p>
        <p>
          {draft.noOwner ? 'Ownership is not restored: everything will belong to the user above. ' : 'Tables keep their original owners. '}
          {draft.keyChoice === 'saved' ? 'The backup is opened with the key saved on this computer.' : draft.keyChoice === 'passphrase' ? 'The backup is opened with the passphrase you typed.' : 'The backup is opened with the secret key you pasted.'}
        </p>
        <p>
          <strong>{backup.database}</strong> itself is not changed. Afterwards Lifeboat compares every table’s row count with the backup. If anything fails, the new database is removed again.
        </p>
      </div>
    </WizardStep>
  );
}
