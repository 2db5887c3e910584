// "Open a backup file": a Lifeboat file (its manifest beside it) or one made by the old scripts
// (.sql, .sql.gz, .dump, openssl .enc, Fernet, GnuPG). The file is read to its end and checked
// before it is offered; keys for old encrypted files are used for this only and not saved.
import { useState } from 'react';
import type { WorkItem } from '../../../../src-shared/api';
import type { BackupRecord } from '../../../../src-shared/types';
import { useApi, useHost } from '../../../api/api-context';
import { useAction } from '../../../api/use-action';
import { useEvent } from '../../../api/use-event';
import { Button } from '../../../components/Button';
import { ErrorPanel } from '../../../components/ErrorPanel';
import { ProgressBar } from '../../../components/ProgressBar';
import { TextField } from '../../../components/TextField';
import { withServerFieldError } from '../../../forms/field-errors';

export function OpenFilePanel({ onOpened }: { onOpened: (backup: BackupRecord, how: string) => void }) {
  const api = useApi();
  const { pickFile } = useHost();
  const [file, setFile] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [fernetKey, setFernetKey] = useState('');
  const open = useAction(() =>
    api.call('backups.openFile', { path: file.trim(), ...(passphrase ? { passphrase } : {}), ...(fernetKey ? { fernetKey: fernetKey.trim() } : {}) }).then((r) => {
      onOpened(r.backup, r.how === 'imported' ? `Read ${file.trim()} to its end and checked it; it is now in the history as an imported backup.` : `Found its manifest; every backup in that folder is now in the history.`);
      return r;
    }),
  );
  const errors = withServerFieldError({}, open.error);
  // Reading a large old file to its end takes a while: its work item carries the progress.
  const [reading, setReading] = useState<WorkItem | null>(null);
  useEvent('work', ({ work }) => setReading(work.find((w) => w.kind === 'verify' && w.backupId === null && w.step.startsWith('Reading ')) ?? null));
  return (
    <div className="choose-panel">
      <TextField
        label="Path of the backup file"
        wide
        value={file}
        onChange={setFile}
        placeholder="/mnt/nas/backups/shop_20240115.sql.gz"
        error={errors['path']}
        hint="On the computer Lifeboat runs on. Lifeboat files end in .dump.zst.age; older ones may be .sql, .sql.gz, .dump, .backup, .enc or .gpg."
      />
      {pickFile ? (
        <div className="button-row">
          <Button
            variant="secondary"
            onClick={() =>
              void pickFile().then((picked) => {
                if (picked) setFile(picked);
              })
            }
          >
            Choose a file…
          </Button>
        </div>
      ) : null}
      <TextField label="Passphrase (openssl .enc or GnuPG files only)" type="password" autoComplete="off" value={passphrase} onChange={setPassphrase} />
      <TextField label="Fernet key (files of the Fernet backup script only)" type="password" autoComplete="off" wide value={fernetKey} onChange={setFernetKey} hint="The script’s ENCRYPTION_KEY. Used to read this file only; not saved." />
      <div className="button-row">
        <Button variant="secondary" onClick={() => void open.run()} disabled={!file.trim()} pending={open.pending} pendingLabel="Reading the file…">
          Open the file
        </Button>
      </div>
      {open.pending && reading ? <ProgressBar label="Reading the file" progress={reading.progress} /> : null}
      {errors['path'] ? null : <ErrorPanel error={open.error} />}
    </div>
  );
}
