// The contract every place that stores backups implements (a folder now; S3-compatible
// stores next). Keys are '/'-separated paths relative to the destination's root.
import type { Readable, Writable } from 'node:stream';
import type { LifeboatError } from '../../src-shared/errors';

export interface DestinationWriter {
  /** Bytes go here; backpressure is honoured. */
  readonly stream: Writable;
  /** Makes the object durable under its final key. Nothing is visible under that key before. */
  commit(): Promise<void>;
  /** Discards everything written; safe to call after a failure or twice. */
  abort(): Promise<void>;
}

export interface StoredObject {
  key: string;
  size: number;
}

export interface Destination {
  /** Stable identity in the catalog, e.g. folder:/mnt/nas/backups. Never contains secrets. */
  readonly id: string;
  readonly kind: 'folder' | 's3';
  /** How to name it to a person. */
  readonly label: string;
  /** Days a new object cannot be deleted (S3 Object Lock); retention must not try earlier. */
  readonly objectLockDays?: number;
  /** Fails with a specific error when the destination cannot take about `estimatedBytes` now. */
  preflight(estimatedBytes: number): Promise<void>;
  createWriter(key: string): Promise<DestinationWriter>;
  /** Writes a small object atomically in one call (manifests). */
  writeSmall(key: string, data: Buffer): Promise<void>;
  read(key: string): Promise<Readable>;
  stat(key: string): Promise<StoredObject | undefined>;
  list(prefix: string): AsyncIterable<StoredObject>;
  remove(key: string): Promise<void>;
  /** Turns a low-level failure of this destination (errno, HTTP) into a specific LifeboatError. */
  explainError(error: unknown): LifeboatError;
}
