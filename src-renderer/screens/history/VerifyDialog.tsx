// Shows a verification: live progress while it reads the copy back, then what was proven
// (hashes, full decryption, archive contents) or exactly what is wrong.
import { useState } from 'react';
import type { WorkItem } from '../../../src-shared/api';
import { useEvent } from '../../api/use-event';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Modal } from '../../components/Modal';
import { ProgressBar } from '../../components/ProgressBar';
import { StatusBadge } from '../../components/StatusBadge';
import { formatBytes } from '../../format/bytes';
import { plural } from '../../format/plural';
import { formatDateTime } from '../../format/time';
import type { Verification } from './use-verifications';

export function VerifyDialog({ verification, onClose }: { verification: Verification; onClose: () => void }) {
  const b = verification.backup;
  const [work, setWork] = useState<WorkItem | null>(null);
  // WorkItem has no backup id; the verify of this database is the best match available.
  useEvent('work', (payload) => setWork(payload.work.find((w) => w.kind === 'verify' && w.backupId === b.id) ?? null));

  return (
    <Modal title={`Verify ${b.database} from ${formatDateTime(b.startedAt)}`} onClose={onClose}>
      {verification.state === 'running' ? (
        <>
          <p>Lifeboat reads the backup back from a destination, checks every file’s hash, decrypts it completely and lists the archive. Nothing is restored.</p>
          <ProgressBar label="Verification progress" progress={work?.progress ?? null} />
          <p className="muted">{work?.step ?? 'Starting…'} You can close this window; the check continues.</p>
        </>
      ) : null}
      {verification.state === 'done' ? (
        <div role="status">
          <p>
            <StatusBadge tone="ok">The backup is readable and complete.</StatusBadge>
          </p>
          <ul>
            <li>{verification.report.hashChecked ? `Every file matches its recorded SHA-256 hash.` : 'The hash was not checked (no recorded hash).'}</li>
            <li>
              Decrypted {formatBytes(verification.report.storedBytes)} into a {formatBytes(verification.report.dumpBytes)} archive.
            </li>
            <li>
              The archive lists {plural(verification.report.tocEntries, 'entry', 'entries')}, {verification.report.tableDataEntries} with table data
              {verification.report.tables !== null ? ` (${plural(verification.report.tables, 'table')})` : ''}.
            </li>
          </ul>
          <p className="muted">A verify proves the file is intact. A test restore also proves the database comes back; try one with “Restore”.</p>
        </div>
      ) : null}
      {verification.state === 'failed' ? <ErrorPanel error={verification.error} /> : null}
    </Modal>
  );
}
