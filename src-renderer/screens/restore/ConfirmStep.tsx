// Step 5: the checks on the target server (preflight), the whole restore in plain words, and for
// a replace the database's name typed by the admin. Nothing happens before "Start".
import type { BackupRecord } from '../../../src-shared/types';
import { useApiQuery } from '../../api/use-api-query';
import { Button } from '../../components/Button';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Loading } from '../../components/Loading';
import { TextField } from '../../components/TextField';
import { WizardStep } from '../../components/WizardStep';
import { formatBytes } from '../../format/bytes';
import { plural } from '../../format/plural';
import { formatDateTime } from '../../format/time';
import { PreflightList } from './PreflightList';
import { buildPreflightRequest, databaseOf, type RestoreDraft } from './restore-draft';

export interface ConfirmStepProps {
  backup: BackupRecord;
  draft: RestoreDraft;
  onChange: (draft: RestoreDraft) => void;
  onBack: () => void;
  onConfirm: () => void;
}

function whatWords(draft: RestoreDraft): string {
  const part = draft.section === 'schema' ? 'the schema (no rows) of ' : draft.section === 'data' ? 'the rows of ' : '';
  return draft.what === 'chosen' ? `${part}${plural(draft.chosenTables.length, 'chosen table')}` : `${part}the whole backup`;
}

export function ConfirmStep({ backup, draft, onChange, onBack, onConfirm }: ConfirmStepProps) {
  const request = buildPreflightRequest(draft, backup);
  const preflight = useApiQuery('backups.preflight', request, [JSON.stringify(request)], { refreshOn: 'never' });
  const server = `${draft.target.host}${draft.target.port && draft.target.port !== 5432 ? `:${draft.target.port}` : ''}`;
  const name = databaseOf(draft);
  const typedOk = draft.mode !== 'replace' || draft.confirmText.trim() === name;
  const canStart = preflight.data?.canStart === true && typedOk;
  return (
    <WizardStep title="Check and start" onBack={onBack} onNext={onConfirm} nextLabel={draft.mode === 'replace' ? `Replace ${name}` : 'Start the restore'} nextDisabled={!canStart}>
      <h3>On {server}</h3>
      {preflight.loading && !preflight.data ? <Loading label="Checking the server…" /> : null}
      <ErrorPanel error={preflight.error} onRetry={preflight.refresh} />
      {preflight.data ? <PreflightList checks={preflight.data.checks} /> : null}
      {preflight.data?.checks.some((c) => c.check === 'Owners' && c.level === 'warning') ? (
        <div className="button-row">
          <Button variant="secondary" onClick={() => onChange({ ...draft, noOwner: true })}>
            Restore without owners
          </Button>
        </div>
      ) : null}
      {preflight.data && !preflight.data.canStart ? <p className="field-error">Fix the problems marked ✕ first (go back to change the choices), then check again.</p> : null}
      <div className="confirm-summary">
        <p>
          {draft.mode === 'new' ? (
            <>
              Lifeboat will create a new database <strong>{name}</strong> on <strong>{server}</strong>, logging in as <strong>{draft.target.user}</strong>, and restore into it {whatWords(draft)} of <strong>{backup.database}</strong> made on{' '}
              <strong>{formatDateTime(backup.startedAt)}</strong> ({formatBytes(backup.storedBytes)}).
            </>
          ) : draft.mode === 'replace' ? (
            <>
              Lifeboat will restore the backup of <strong>{backup.database}</strong> made on <strong>{formatDateTime(backup.startedAt)}</strong> into a temporary database on <strong>{server}</strong> and check it. Only if every table
              matches the backup, it ends the sessions on <strong>{name}</strong>, renames <strong>{name}</strong> to <strong>{name}_before_restore_…</strong> (kept until you delete it) and puts the restored database in its place.
            </>
          ) : (
            <>
              Lifeboat will add {whatWords(draft)} of the backup of <strong>{backup.database}</strong> made on <strong>{formatDateTime(backup.startedAt)}</strong> to the existing database <strong>{name}</strong> on <strong>{server}</strong>, in one
              transaction{draft.replaceTables ? ', dropping and re-creating those tables' : ''}.
            </>
          )}
        </p>
        <p>
          {draft.noOwner ? 'Ownership is not restored: everything will belong to the user above. ' : 'Tables keep their original owners. '}
          {draft.noPrivileges ? 'Privileges are not restored. ' : ''}
          {draft.globals ? 'Missing roles are created first from the backup. ' : ''}
          {draft.keyChoice === 'saved' ? 'The backup is opened with the key saved on this computer.' : draft.keyChoice === 'passphrase' ? 'The backup is opened with the passphrase you typed.' : 'The backup is opened with the secret key you pasted.'}
        </p>
        <p>
          {draft.mode === 'new'
            ? `${backup.database} itself is not changed. Afterwards Lifeboat compares every table’s row count with the backup. If anything fails, the new database is removed again.`
            : draft.mode === 'replace'
              ? `If anything fails or you cancel before the swap, ${name} stays exactly as it is and the temporary database is removed.`
              : 'If anything fails, the transaction is rolled back and the database stays as it was.'}
        </p>
      </div>
      {draft.mode === 'replace' ? (
        <TextField
          label={`Type ${name} to confirm`}
          value={draft.confirmText}
          onChange={(confirmText) => onChange({ ...draft, confirmText })}
          autoComplete="off"
          error={draft.confirmText.trim() && !typedOk ? `That is not “${name}”.` : undefined}
          hint="Replacing takes the current database out of use; typing its name makes sure it is the one you mean."
        />
      ) : null}
    </WizardStep>
  );
}
