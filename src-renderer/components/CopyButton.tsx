// Copies text to the clipboard and says so. When the clipboard is not available (an old browser,
// a denied permission) the text stays selectable in the field next to the button.
import { useState } from 'react';

export function CopyButton({ text, label, copiedLabel = 'Copied' }: { text: string; label: string; copiedLabel?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  }
  return (
    <span className="copy-button">
      <button type="button" className="button button-secondary" onClick={() => void copy()}>
        {label}
      </button>
      <span role="status" className="copy-status">
        {state === 'copied' ? copiedLabel : state === 'failed' ? 'Copying is blocked here; select the text and copy it by hand.' : ''}
      </span>
    </span>
  );
}
