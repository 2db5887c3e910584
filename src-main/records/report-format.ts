// Human formats shared by the report renderers: sizes, durations, percentages.
import { formatBytes } from '../retention/describe';

export { formatBytes };

export function formatSize(bytes: number | null): string {
  return bytes === null ? '—' : formatBytes(bytes);
}

/** "4 min 05 s", "1 h 02 min", "12 s" */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '—';
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${String(s).padStart(2, '0')} s`;
  return `${s} s`;
}

/** "96.8 %"; one decimal so 99.9 % never rounds up to a perfect-looking 100 %. */
export function formatRate(rate: number | null): string {
  if (rate === null) return '—';
  const percent = Math.floor(rate * 1000) / 10;
  return `${percent.toFixed(1)} %`;
}
