// One backup in the history table. Positioned by the virtualiser (the translate is set through
// React's style object, i.e. CSSOM, which the CSP allows).
import type { BackupRecord } from '../../../src-shared/types';
import { StatusBadge } from '../../components/StatusBadge';
import { formatBytes } from '../../format/bytes';
import { durationBetween, formatDateTime, formatDuration } from '../../format/time';
import { backupStatusText, backupTone } from './backup-status';
import { CopyIcons } from './CopyIcons';

export interface BackupRowActions {
  onVerify: (backup: BackupRecord) => void;
  onRestore: (backup: BackupRecord) => void;
  onDetails: (backup: BackupRecord) => void;
  nameOf: (destinationId: string) => string;
  /** Backups being checked right now (their Verify button shows it). */
  verifying: ReadonlySet<string>;
}

export interface BackupRowProps extends BackupRowActions {
  index: number;
  top: number;
  height: number;
  backup: BackupRecord | undefined;
}

export function BackupRow({ index, top, height, backup, onVerify, onRestore, onDetails, nameOf, verifying }: BackupRowProps) {
  const style = { transform: `translateY(${top}px)`, height: `${height}px` };
  if (!backup) {
    return (
      <div role="row" aria-rowindex={index + 2} className="history-row history-grid placeholder" style={style}>
        <div role="cell" className="muted">
          Loading…
        </div>
      </div>
    );
  }
  const restorable = backup.status === 'succeeded';
  const label = `${backup.database} from ${formatDateTime(backup.startedAt)}`;
  return (
    <div role="row" aria-rowindex={index + 2} className="history-row history-grid" style={style}>
      <div role="cell">{formatDateTime(backup.startedAt)}</div>
      <div role="cell" className="truncate" title={backup.job}>
        {backup.job}
      </div>
      <div role="cell" className="truncate" title={backup.database}>
        {backup.database}
      </div>
      <div role="cell">
        <StatusBadge tone={backupTone(backup)}>{backupStatusText(backup)}</StatusBadge>
      </div>
      <div role="cell" className="numeric">
        {formatBytes(backup.storedBytes)}
      </div>
      <div role="cell" className="numeric">
        {formatDuration(durationBetween(backup.startedAt, backup.finishedAt))}
      </div>
      <div role="cell">
        <CopyIcons copies={backup.copies} nameOf={nameOf} />
      </div>
      <div role="cell" className="row-actions">
        {restorable ? (
          <>
            <button type="button" className="button button-small" onClick={() => onVerify(backup)} disabled={verifying.has(backup.id)} aria-label={`Verify ${label}`}>
              {verifying.has(backup.id) ? 'Checking…' : 'Verify'}
            </button>
            <button type="button" className="button button-small" onClick={() => onRestore(backup)} aria-label={`Restore ${label}`}>
              Restore
            </button>
          </>
        ) : null}
        <button type="button" className="button button-small button-quiet" onClick={() => onDetails(backup)} aria-label={`Details of ${label}`}>
          Details
        </button>
      </div>
    </div>
  );
}
