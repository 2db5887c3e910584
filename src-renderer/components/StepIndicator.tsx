// "Step 2 of 6" as a list the eye and a screen reader can follow.
export function StepIndicator({ steps, current, label }: { steps: readonly string[]; current: number; label: string }) {
  return (
    <nav aria-label={label} className="step-indicator">
      <ol>
        {steps.map((step, i) => (
          <li key={step} className={i < current ? 'done' : i === current ? 'current' : undefined} aria-current={i === current ? 'step' : undefined}>
            <span className="step-number" aria-hidden="true">
              {i < current ? '✓' : i + 1}
            </span>
            <span>
              {step}
              {i < current ? <span className="visually-hidden"> (done)</span> : null}
            </span>
          </li>
        ))}
      </ol>
    </nav>
  );
}
