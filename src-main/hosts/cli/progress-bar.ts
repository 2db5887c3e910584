// Draws progress (bytes, rate, ETA) on one redrawn stderr line when stderr is a terminal.
import type { Progress } from '../../../src-shared/types';
import { formatBytes, formatDuration } from './format';

const PHASE_LABELS: Record<Progress['phase'], string> = {
  connecting: 'Connecting',
  dumping: 'Dumping',
  globals: 'Saving roles',
  finishing: 'Finishing',
  reading: 'Reading',
  restoring: 'Restoring',
  analyzing: 'Checking rows',
  verifying: 'Verifying',
};

export function renderProgress(p: Progress, width = 24): string {
  const label = PHASE_LABELS[p.phase].padEnd(13);
  const rate = `${formatBytes(p.bytesPerSecond)}/s`;
  if (p.totalBytes && p.totalBytes > 0) {
    const ratio = Math.min(p.bytes / p.totalBytes, 1);
    const filled = Math.round(ratio * width);
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
    const eta = p.etaSeconds !== null ? `ETA ${formatDuration(p.etaSeconds)}` : '';
    return `${label} ${bar} ${String(Math.round(ratio * 100)).padStart(3)}%  ${formatBytes(p.bytes)} of ~${formatBytes(p.totalBytes)}  ${rate}  ${eta}`.trimEnd();
  }
  return `${label} ${formatBytes(p.bytes)}  ${rate}`;
}

export function progressPrinter(stream: NodeJS.WriteStream = process.stderr): { onProgress: (p: Progress) => void; done: () => void } {
  if (!stream.isTTY) return { onProgress: () => undefined, done: () => undefined };
  let drawn = false;
  return {
    onProgress: (p) => {
      stream.write(`\r\x1b[2K${renderProgress(p)}`);
      drawn = true;
    },
    done: () => {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
