// One progress row: a bar (indeterminate when the total is unknown) and a line of plain numbers.
import type { Progress } from '../../src-shared/types';
import { formatBytes, formatRate } from '../format/bytes';
import { formatEta } from '../format/time';

export function progressText(progress: Progress | null): string {
  if (!progress) return 'Starting…';
  const parts = [progress.totalBytes ? `${formatBytes(progress.bytes)} of ${formatBytes(progress.totalBytes)}` : `${formatBytes(progress.bytes)} so far`];
  const rate = formatRate(progress.bytesPerSecond);
  if (rate) parts.push(rate);
  const eta = formatEta(progress.etaSeconds);
  if (eta) parts.push(eta);
  return parts.join(' · ');
}

export function ProgressBar({ label, progress }: { label: string; progress: Progress | null }) {
  const total = progress?.totalBytes ?? null;
  const value = progress && total ? Math.min(progress.bytes, total) : undefined;
  const text = progressText(progress);
  return (
    <div className="progress">
      <progress aria-label={label} max={total ?? undefined} value={value} aria-valuetext={text} />
      <p className="progress-text">{text}</p>
    </div>
  );
}
