// One small round mark per copy (✓ in place, ! missing, ✕ failed or damaged), with the
// destination name and state in words for screen readers and as a tooltip.
import type { BackupCopy } from '../../../src-shared/types';
import { COPY_LABEL, COPY_TONE } from './backup-status';

const ICON = { ok: '✓', warning: '!', error: '✕', running: '↻', idle: '•', paused: 'Ⅱ' } as const;

export function CopyIcons({ copies, nameOf }: { copies: BackupCopy[]; nameOf: (destinationId: string) => string }) {
  if (copies.length === 0) return <span className="muted">none</span>;
  return (
    <ul className="copy-icons">
      {copies.map((copy) => {
        const tone = COPY_TONE[copy.status];
        const text = `${nameOf(copy.destinationId)}: ${COPY_LABEL[copy.status]}`;
        return (
          <li key={copy.destinationId} className={`copy-icon status-${tone}`} title={text}>
            <span aria-hidden="true">{ICON[tone]}</span>
            <span className="visually-hidden">{text}</span>
          </li>
        );
      })}
    </ul>
  );
}
