// Recent good backups as one timeline per job and database, newest first, each with its size,
// its copies (✓ in place, ! missing, ✕ damaged) and whether one is degraded.
import type { BackupRecord } from '../../../../src-shared/types';
import { formatBytes } from '../../../format/bytes';
import { formatDateTime } from '../../../format/time';
import { CopyIcons } from '../../history/CopyIcons';

export interface BackupTimelineProps {
  backups: BackupRecord[];
  chosenId: string | null;
  onChoose: (backup: BackupRecord) => void;
  nameOf: (destinationId: string) => string;
}

function groups(backups: BackupRecord[]): Array<{ key: string; job: string; database: string; rows: BackupRecord[] }> {
  const byKey = new Map<string, { key: string; job: string; database: string; rows: BackupRecord[] }>();
  for (const b of backups) {
    const key = `${b.job}\u0000${b.database}`;
    if (!byKey.has(key)) byKey.set(key, { key, job: b.job, database: b.database, rows: [] });
    byKey.get(key)!.rows.push(b);
  }
  return [...byKey.values()];
}

export function BackupTimeline({ backups, chosenId, onChoose, nameOf }: BackupTimelineProps) {
  return (
    <div className="backup-timelines">
      {groups(backups).map((g) => (
        <fieldset className="backup-choices" key={g.key}>
          <legend>
            <strong>{g.database}</strong> <span className="muted">— job {g.job}</span>
          </legend>
          <ol className="timeline">
            {g.rows.map((b) => (
              <li className="radio-choice" key={b.id}>
                <input type="radio" id={`backup-${b.id}`} name="backup" checked={chosenId === b.id} onChange={() => onChoose(b)} />
                <label htmlFor={`backup-${b.id}`}>
                  <span className="timeline-date">{formatDateTime(b.startedAt)}</span> <span className="muted">{formatBytes(b.storedBytes)}</span>
                  {b.health === 'degraded' ? <span className="muted"> · not every copy is in place</span> : null}
                </label>
                <CopyIcons copies={b.copies} nameOf={nameOf} />
              </li>
            ))}
          </ol>
        </fieldset>
      ))}
    </div>
  );
}
