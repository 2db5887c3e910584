// The pieces every form field shares: a stable id, the hint and error lines, and the
// aria-describedby that ties them to the control so screen readers read them out.
import { useId } from 'react';

export interface FieldBaseProps {
  label: string;
  hint?: React.ReactNode;
  error?: string | undefined;
}

export function useFieldIds(hint: unknown, error: unknown) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return { id, hintId, errorId, describedBy };
}

export function FieldHelp({ hintId, hint, errorId, error }: { hintId: string | undefined; hint: React.ReactNode; errorId: string | undefined; error: string | undefined }) {
  return (
    <>
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
      {hint ? (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      ) : null}
    </>
  );
}
