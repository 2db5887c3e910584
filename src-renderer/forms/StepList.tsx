// The steps a test went through ("Wrote a test file", "Read it back"…), each ticked.
export function StepList({ title, steps }: { title: string; steps: string[] }) {
  return (
    <div className="step-list" role="status">
      <p className="step-list-title">
        <span className="status-icon status-ok" aria-hidden="true">
          ✓
        </span>
        {title}
      </p>
      <ul>
        {steps.map((step, i) => (
          <li key={i}>{step}</li>
        ))}
      </ul>
    </div>
  );
}
