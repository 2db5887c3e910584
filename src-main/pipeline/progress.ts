// Turns byte counts into throttled progress reports with rate and ETA.
import type { Progress, ProgressPhase } from '../../src-shared/types';

export type ProgressListener = (progress: Progress) => void;

export class ProgressTracker {
  private phase: ProgressPhase = 'connecting';
  private totalBytes: number | null = null;
  private phaseStart = Date.now();
  private lastEmit = 0;
  private bytes = 0;

  constructor(private readonly listener: ProgressListener | undefined, private readonly intervalMs = 200) {}

  start(phase: ProgressPhase, totalBytes: number | null = null): void {
    this.phase = phase;
    this.totalBytes = totalBytes;
    this.phaseStart = Date.now();
    this.bytes = 0;
    this.emit(true);
  }

  update(bytes: number): void {
    this.bytes = bytes;
    this.emit(false);
  }

  finish(): void {
    if (this.totalBytes !== null) this.totalBytes = Math.max(this.totalBytes, this.bytes);
    this.emit(true);
  }

  private emit(force: boolean): void {
    if (!this.listener) return;
    const now = Date.now();
    if (!force && now - this.lastEmit < this.intervalMs) return;
    this.lastEmit = now;
    const seconds = Math.max((now - this.phaseStart) / 1000, 0.001);
    const rate = this.bytes / seconds;
    const remaining = this.totalBytes !== null ? Math.max(this.totalBytes - this.bytes, 0) : null;
    this.listener({
      phase: this.phase,
      bytes: this.bytes,
      totalBytes: this.totalBytes,
      bytesPerSecond: rate,
      etaSeconds: remaining !== null && rate > 0 ? remaining / rate : null,
    });
  }
}
