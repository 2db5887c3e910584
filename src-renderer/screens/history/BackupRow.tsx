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
      <div role="cell" className="history-started">
        {formatDateTime(backup.startedAt)}
      </div>
      <div role="cell" className="history-what" title={`${backup.database} (job ${backup.job})`}>
        <span className="history-db">{backup.database}</span>
        <span className="history-job">{backup.job}</span>
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
            <IconButton
              label={`Verify ${label}`}
              tip={verifying.has(backup.id) ? 'Checking…' : 'Verify: check the backup can be read'}
              onClick={() => onVerify(backup)}
              disabled={verifying.has(backup.id)}
              busy={verifying.has(backup.id)}
            >
              <path d="M12 3 5 6v5c0 4.5 3 8.3 7 10 4-1.7 7-5.5 7-10V6l-7-3Z" />
              <path d="m9 12 2 2 4-4" />
            </IconButton>
            <IconButton label={`Restore ${label}`} tip="Restore this backup" onClick={() => onRestore(backup)}>
              <path d="M3 12a9 9 0 1 0 3-6.7" />
              <path d="M3 4v5h5" />
            </IconButton>
          </>
        ) : null}
        <IconButton label={`Details of ${label}`} tip="Details" onClick={() => onDetails(backup)}>
          <circle cx="12" cy="12" r="9" />
          <path d="M12 11v6" />
          <path d="M12 7.5v.01" />
        </IconButton>
      </div>
    </div>
  );
}

/** A compact action: an icon with its full name for assistive tech and a tooltip for the mouse. */
function IconButton({
  label,
  tip,
  onClick,
  disabled,
  busy,
  children,
}: {
  label: string;
  tip: string;
  onClick: () => void;
  disabled?: boolean;
  busy?: boolean;
  children: React.ReactNode;
}) {
  return (
    <button type="button" className="button button-small icon-button" onClick={onClick} disabled={disabled} aria-label={label} aria-busy={busy || undefined} title={tip}>
      <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        {children}
      </svg>
    </button>
  );
}
