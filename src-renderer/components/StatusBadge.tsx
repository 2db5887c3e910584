// Status as colour, a shape and words: colour alone would fail colour-blind users and printouts.
export type StatusTone = 'ok' | 'warning' | 'error' | 'running' | 'idle' | 'paused';

const ICONS: Record<StatusTone, string> = { ok: '✓', warning: '!', error: '✕', running: '↻', idle: '•', paused: 'Ⅱ' };

export function StatusBadge({ tone, children }: { tone: StatusTone; children: React.ReactNode }) {
  return (
    <span className={`status status-${tone}`}>
      <span className="status-icon" aria-hidden="true">
        {ICONS[tone]}
      </span>
      {children}
    </span>
  );
}
