// Status as colour, a shape and words: colour alone would fail colour-blind users and printouts.
export type StatusTone = 'ok' | 'warning' | 'error' | 'running' | 'idle' | 'paused';

const ICONS: Record<StatusTone, string> = { ok: '✓', warning: '!', error: '✕', running: '↻', idle: '•', paused: 'Ⅱ' };

export function StatusBadge({ tone, children }: { tone: StatusTone; children: React.ReactNode }) {
  return (
    <span className={`status status-${tone}`}>
      <span className="status-icon" aria-hidden="true">
        {ICONS[tone]}
      </span>
      {/* One flex item for all the words, so "nas: latest…" keeps its own spacing (the gap
          would otherwise sit between every text node and element of the children). */}
      <span className="status-text">{children}</span>
    </span>
  );
}
