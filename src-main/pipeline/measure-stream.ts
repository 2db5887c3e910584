// A pass-through that counts bytes and hashes them (SHA-256) on the way.
import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

export class MeasureStream extends Transform {
  bytes = 0;
  private readonly hash: Hash | undefined;
  private digest: string | undefined;

  constructor(options: { hash?: boolean; onBytes?: (total: number) => void } = {}) {
    super();
    this.hash = options.hash ? createHash('sha256') : undefined;
    this.onBytes = options.onBytes;
  }

  private readonly onBytes: ((total: number) => void) | undefined;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    this.hash?.update(chunk);
    this.onBytes?.(this.bytes);
    done(null, chunk);
  }

  /** Hex SHA-256 of everything that passed; only valid once the stream has ended. */
  sha256(): string {
    if (!this.hash) throw new Error('MeasureStream was created without hashing');
    this.digest ??= this.hash.digest('hex');
    return this.digest;
  }
}
