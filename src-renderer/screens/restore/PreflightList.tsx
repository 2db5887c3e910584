// The preflight's findings, one line each: what was checked, what was found, and for a warning
// or a blocker what to do about it.
import type { PreflightCheck } from '../../../src-shared/api';
import { StatusBadge } from '../../components/StatusBadge';

const TONE = { ok: 'ok', warning: 'warning', blocker: 'error' } as const;

export function PreflightList({ checks }: { checks: PreflightCheck[] }) {
  return (
    <ul className="check-list" aria-label="Checks before the restore">
      {checks.map((c) => (
        <li key={c.check}>
          <StatusBadge tone={TONE[c.level]}>
            <strong>{c.check}:</strong> {c.detail}
          </StatusBadge>
          {c.fix ? <p className="check-fix">{c.fix}</p> : null}
        </li>
      ))}
    </ul>
  );
}
