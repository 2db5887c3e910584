// Everything about one backup: times, versions, size, encryption, files with their hashes, each
// copy and its state, warnings, and the error (with what to do) if it failed.
import { ERROR_TITLES } from '../../../src-shared/errors';
import type { BackupRecord } from '../../../src-shared/types';
import { isErrorCode } from '../../api/api-error';
import { useApiQuery } from '../../api/use-api-query';
import { Button } from '../../components/Button';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Modal } from '../../components/Modal';
import { StatusBadge } from '../../components/StatusBadge';
import { formatBytes } from '../../format/bytes';
import { durationBetween, formatDateTime, formatDuration } from '../../format/time';
import { backupStatusText, backupTone, COPY_LABEL, COPY_TONE } from './backup-status';

export interface BackupDrawerProps {
  backup: BackupRecord;
  nameOf: (destinationId: string) => string;
  onClose: () => void;
  onVerify: (backup: BackupRecord) => void;
  onRestore: (backup: BackupRecord) => void;
}

export function BackupDrawer({ backup: row, nameOf, onClose, onVerify, onRestore }: BackupDrawerProps) {
  // The row may be minutes old (copies heal, verifications land); show the current record.
  const fresh = useApiQuery('backups.get', { id: row.id }, [row.id], { refreshOn: ['backups'] });
  const b = fresh.data?.backup ?? row;
  const restorable = b.status === 'succeeded';
  return (
    <Modal
      variant="drawer"
      title={`${b.database}, ${formatDateTime(b.startedAt)}`}
      onClose={onClose}
      footer={
        restorable ? (
          <div className="button-row">
            <Button onClick={() => onVerify(b)}>Verify</Button>
            <Button variant="primary" onClick={() => onRestore(b)}>
              Restore…
            </Button>
          </div>
        ) : undefined
      }
    >
      <p>
        <StatusBadge tone={backupTone(b)}>{backupStatusText(b)}</StatusBadge>
      </p>
      {b.error ? (
        <ErrorPanel
          error={{
            code: isErrorCode(b.error.code) ? b.error.code : 'INTERNAL',
            title: isErrorCode(b.error.code) ? ERROR_TITLES[b.error.code] : 'The backup failed',
            message: b.error.message,
            ...(b.error.fix ? { fix: b.error.fix } : {}),
          }}
        />
      ) : null}
      {b.warnings.length > 0 ? (
        <section aria-labelledby="drawer-warnings">
          <h3 id="drawer-warnings">Warnings</h3>
          <ul>
            {b.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <dl className="facts">
        <dt>Job</dt>
        <dd>{b.job}</dd>
        <dt>Started</dt>
        <dd>{formatDateTime(b.startedAt)}</dd>
        <dt>Finished</dt>
        <dd>{b.finishedAt ? `${formatDateTime(b.finishedAt)} (${formatDuration(durationBetween(b.startedAt, b.finishedAt))})` : 'Not finished'}</dd>
        <dt>Size</dt>
        <dd>
          {formatBytes(b.storedBytes)} stored{b.dumpBytes ? ` (${formatBytes(b.dumpBytes)} before compression)` : ''}
        </dd>
        <dt>Server</dt>
        <dd>{[b.source, b.serverVersion ? `PostgreSQL ${b.serverVersion}` : null].filter(Boolean).join(', ') || '—'}</dd>
        <dt>Made with</dt>
        <dd>{b.toolVersion ? `pg_dump ${b.toolVersion}` : '—'}</dd>
        <dt>Encryption</dt>
        <dd>
          {b.encryptionKind === 'x25519' ? `Key pair (${b.recipients.length === 1 ? '1 recipient' : `${b.recipients.length} recipients`})` : b.encryptionKind === 'passphrase' ? 'Passphrase' : '—'}
          {b.recipients.map((r) => (
            <code key={r} className="block-code">
              {r}
            </code>
          ))}
        </dd>
        <dt>Backup ID</dt>
        <dd>
          <code>{b.id}</code>
        </dd>
      </dl>
      <section aria-labelledby="drawer-copies" className="drawer-section">
        <h3 id="drawer-copies">Copies</h3>
        {b.copies.length === 0 ? <p className="muted">No copies.</p> : null}
        <ul className="plain-list">
          {b.copies.map((c) => (
            <li key={c.destinationId}>
              <StatusBadge tone={COPY_TONE[c.status]}>
                <strong>{nameOf(c.destinationId)}</strong>: {COPY_LABEL[c.status]}
              </StatusBadge>
              <div className="muted small">
                {c.prefix} · updated {formatDateTime(c.updatedAt)}
              </div>
              {c.errorMessage ? <p className="field-error">{c.errorMessage}</p> : null}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="drawer-files" className="drawer-section">
        <h3 id="drawer-files">Files</h3>
        <table className="small-table">
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Size</th>
              <th scope="col">SHA-256</th>
            </tr>
          </thead>
          <tbody>
            {b.files.map((f) => (
              <tr key={f.name}>
                <td className="break">{f.name}</td>
                <td className="numeric">{formatBytes(f.size)}</td>
                <td>
                  <code title={f.sha256 ?? undefined}>{f.sha256 ? `${f.sha256.slice(0, 12)}…` : '—'}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <ErrorPanel error={fresh.error} />
    </Modal>
  );
}
