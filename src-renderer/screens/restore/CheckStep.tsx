// Step 2: check the backup before anything is changed — every byte read and compared with its
// SHA-256, all of it decrypted and decompressed, the archive's table of contents read. The
// tables found (with their row counts at backup time) feed the "What" step and the report.
import { useEffect, useRef, useState } from 'react';
import type { WorkItem } from '../../../src-shared/api';
import type { ArchiveContents, BackupRecord, VerifyReport } from '../../../src-shared/types';
import { useApi } from '../../api/api-context';
import type { ApiError } from '../../api/api-error';
import { toApiError } from '../../api/api-error';
import { useEvent } from '../../api/use-event';
import { Button } from '../../components/Button';
import { ErrorPanel } from '../../components/ErrorPanel';
import { ProgressBar } from '../../components/ProgressBar';
import { StatusBadge } from '../../components/StatusBadge';
import { WizardStep } from '../../components/WizardStep';
import { hasErrors, type FieldErrors } from '../../forms/field-errors';
import { formatBytes } from '../../format/bytes';
import { plural } from '../../format/plural';
import { KeyFields } from './KeyFields';
import { keysOf, validateKeys, type KeyChoice, type RestoreDraft } from './restore-draft';

export interface CheckResult {
  report: VerifyReport;
  contents: ArchiveContents | null;
}

export interface CheckStepProps {
  backup: BackupRecord;
  draft: RestoreDraft;
  onChange: (draft: RestoreDraft) => void;
  /** What can open this backup (see keyChoicesFor); without 'saved' the key is asked for first. */
  keyChoices: KeyChoice[];
  checked: CheckResult | null;
  onChecked: (result: CheckResult) => void;
  onBack: () => void;
  onNext: () => void;
}

const KEY_PROBLEMS = new Set(['DECRYPT_NO_KEY', 'DECRYPT_WRONG_KEY', 'KEY_INVALID']);

export function CheckStep({ backup, draft, onChange, keyChoices, checked, onChecked, onBack, onNext }: CheckStepProps) {
  const mustAsk = keyChoices.length > 0 && !keyChoices.includes('saved');
  const api = useApi();
  const [running, setRunning] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [work, setWork] = useState<WorkItem | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const started = useRef(false);
  useEvent('work', (payload) => setWork(payload.work.find((w) => w.kind === 'verify' && w.backupId === backup.id) ?? null));

  function check() {
    const found = keyChoices.length === 0 || (draft.keyChoice === 'saved' && !mustAsk) ? {} : validateKeys(draft, keyChoices);
    setErrors(found);
    if (hasErrors(found)) return;
    setRunning(true);
    setFailure(null);
    const keys = keyChoices.length === 0 ? undefined : keysOf(draft);
    api.call('backups.verify', { id: backup.id, ...(keys ? { keys } : {}) }).then(
      (result) => {
        setRunning(false);
        onChecked(result);
      },
      (error: unknown) => {
        setRunning(false);
        setFailure(toApiError(error));
      },
    );
  }

  // Checked once on arrival, with the saved key unless this job keeps none.
  useEffect(() => {
    if (started.current || checked || mustAsk) return;
    started.current = true;
    check();
  });

  const askForKey = keyChoices.length > 0 && (mustAsk || (failure !== null && KEY_PROBLEMS.has(failure.code)) || draft.keyChoice !== 'saved');
  const tables = checked?.contents?.tables ?? [];
  const rows = tables.reduce((sum, t) => sum + t.rows, 0);

  return (
    <WizardStep
      title="Check the backup"
      intro="Lifeboat reads the whole backup, compares it with its checksum and decrypts it, before anything is changed."
      onBack={onBack}
      onNext={checked ? onNext : undefined}
    >
      {running ? <ProgressBar label="Check progress" progress={work?.progress ?? null} /> : null}
      {checked ? (
        <ul className="check-list">
          <li>
            <StatusBadge tone="ok">{checked.report.hashChecked ? `All ${formatBytes(checked.report.storedBytes)} match the checksum recorded when the backup was made.` : `All ${formatBytes(checked.report.storedBytes)} were read to the end.`}</StatusBadge>
          </li>
          <li>
            <StatusBadge tone="ok">{`It decrypts and unpacks: ${formatBytes(checked.report.dumpBytes)} of PostgreSQL archive with ${plural(checked.report.tocEntries, 'entry', 'entries')}.`}</StatusBadge>
          </li>
          {checked.contents ? (
            <li>
              <StatusBadge tone="ok">{`It holds ${plural(tables.length, 'table')} in ${plural(checked.contents.schemas.length, 'schema')}, ${rows.toLocaleString()} rows in all${checked.contents.extensions.length > 0 ? `, and uses ${checked.contents.extensions.join(', ')}` : ''}.`}</StatusBadge>
            </li>
          ) : null}
        </ul>
      ) : null}
      {failure ? <ErrorPanel error={failure} /> : null}
      {askForKey && !checked ? (
        <>
          <KeyFields draft={draft} onChange={onChange} choices={keyChoices} errors={errors} />
          <div className="button-row">
            <Button variant="secondary" onClick={check} pending={running} pendingLabel="Checking…">
              Check with this key
            </Button>
          </div>
        </>
      ) : null}
      {failure && !askForKey ? (
        <div className="button-row">
          <Button variant="secondary" onClick={check} pending={running} pendingLabel="Checking…">
            Check again
          </Button>
        </div>
      ) : null}
    </WizardStep>
  );
}
