import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration } from './format';
import { renderProgress } from './progress-bar';

describe('progress rendering', () => {
  it('shows bytes, percentage, rate and ETA', () => {
    const line = renderProgress({ phase: 'dumping', bytes: 512 * 1024 * 1024, totalBytes: 1024 * 1024 * 1024, bytesPerSecond: 128 * 1024 * 1024, etaSeconds: 4 });
    expect(line).toContain(' 50%');
    expect(line).toContain('512 MB of ~1.0 GB');
    expect(line).toContain('128 MB/s');
    expect(line).toContain('ETA 4s');
  });
  it('formats sizes and durations', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatDuration(3725)).toBe('1h02m');
    expect(formatDuration(75)).toBe('1m15s');
  });
});
