// How every failure is shown: the title, the cause in one or two sentences, and what to do.
// Never a stack trace. The code is printed small so a helper on the phone can search it.
import type { ErrorData } from '../../src-shared/errors';

export interface ErrorPanelProps {
  error: ErrorData | null | undefined;
  /** Offered when trying again might help (a lost connection, a busy server). */
  onRetry?: () => void;
  retryLabel?: string;
  /** Extra actions next to the retry button (for example "Go to step: Connect"). */
  children?: React.ReactNode;
}

export function ErrorPanel({ error, onRetry, retryLabel = 'Try again', children }: ErrorPanelProps) {
  if (!error) return null;
  return (
    <div className="error-panel" role="alert">
      <p className="error-panel-title">
        <span className="error-panel-icon" aria-hidden="true">
          !
        </span>
        {error.title}
      </p>
      <p className="error-panel-message">{error.message}</p>
      {error.fix ? (
        <p className="error-panel-fix">
          <strong>What to do: </strong>
          {error.fix}
        </p>
      ) : null}
      {onRetry || children ? (
        <div className="button-row">
          {onRetry ? (
            <button type="button" className="button" onClick={onRetry}>
              {retryLabel}
            </button>
          ) : null}
          {children}
        </div>
      ) : null}
      <p className="error-panel-code">Error code: {error.code}</p>
    </div>
  );
}
