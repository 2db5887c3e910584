// One step of a wizard: its heading (focused when the step opens, so keyboard users start at the
// top), the content, and Back / Continue. Continue runs `onNext`, which may refuse by returning false.
import { useEffect, useRef, type ReactNode } from 'react';
import { Button } from './Button';

export interface WizardStepProps {
  title: string;
  intro?: ReactNode;
  children: ReactNode;
  onBack?: () => void;
  onNext?: () => void;
  nextLabel?: string;
  nextDisabled?: boolean;
  nextPending?: boolean;
  nextPendingLabel?: string;
  /** Extra content under the buttons (an error panel). */
  footer?: ReactNode;
}

export function WizardStep({ title, intro, children, onBack, onNext, nextLabel = 'Continue', nextDisabled, nextPending, nextPendingLabel, footer }: WizardStepProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [title]);
  return (
    <section className="wizard-step" aria-labelledby="wizard-step-title">
      <h2 id="wizard-step-title" tabIndex={-1} ref={heading}>
        {title}
      </h2>
      {intro ? <p className="step-intro">{intro}</p> : null}
      {children}
      <div className="button-row wizard-nav">
        {onBack ? (
          <Button variant="secondary" onClick={onBack}>
            Back
          </Button>
        ) : null}
        {onNext ? (
          <Button variant="primary" onClick={onNext} disabled={nextDisabled} pending={nextPending} pendingLabel={nextPendingLabel}>
            {nextLabel}
          </Button>
        ) : null}
      </div>
      {footer}
    </section>
  );
}
