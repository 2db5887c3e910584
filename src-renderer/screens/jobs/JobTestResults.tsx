// The result of "Test": every check the core ran (connection, tool version, read permission on
// every table, each destination), with the fix for any that failed.
import type { ApiResponse } from '../../../src-shared/api';
import { ErrorPanel } from '../../components/ErrorPanel';
import { StatusBadge } from '../../components/StatusBadge';

export function JobTestResults({ result }: { result: ApiResponse<'jobs.test'> }) {
  const failed = result.checks.filter((c) => !c.ok).length;
  return (
    <section className="test-results" aria-label="Test results" role="status">
      <p className="test-summary">
        {failed === 0 ? (
          <StatusBadge tone="ok">Every check passed. The next backup should work.</StatusBadge>
        ) : (
          <StatusBadge tone="error">{failed === 1 ? '1 check failed' : `${failed} checks failed`}</StatusBadge>
        )}
      </p>
      <ul className="check-results">
        {result.checks.map((check, i) => (
          <li key={`${check.check}-${i}`}>
            <StatusBadge tone={check.ok ? 'ok' : 'error'}>
              <strong>{check.check}</strong>
            </StatusBadge>{' '}
            <span>{check.detail}</span>
            {check.error ? <ErrorPanel error={check.error} /> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
