// A token-bucket bandwidth limit (bytes/second) so an offsite upload leaves room on the office
// line. One bucket can pace several streams at once: the limit is for all of them together.
import { Transform, type Readable, type TransformCallback, type TransformOptions } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

export class TokenBucket {
  /** Bytes that may go out now; negative while a taker waits for its debt to refill. */
  private tokens: number;
  private last = performance.now();
  private queue: Promise<void> = Promise.resolve();
  readonly burstBytes: number;
  /** Largest piece handed to take() by the throttle: small enough to interleave parallel streams. */
  readonly sliceBytes: number;

  constructor(readonly bytesPerSecond: number, burstBytes?: number) {
    if (!(bytesPerSecond > 0)) throw new RangeError('A bandwidth limit must be more than 0 bytes per second.');
    this.sliceBytes = Math.round(Math.min(64 * 1024, Math.max(1024, bytesPerSecond / 20)));
    // A tenth of a second of burst: smooth enough for a shared line, coarse enough for timers.
    this.burstBytes = burstBytes ?? Math.max(this.sliceBytes, Math.round(bytesPerSecond / 10));
    this.tokens = this.burstBytes;
  }

  /** Resolves when `bytes` may be sent. Takers are served in call order. */
  take(bytes: number): Promise<void> {
    const turn = this.queue.then(() => this.spend(bytes));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async spend(bytes: number): Promise<void> {
    const now = performance.now();
    this.tokens = Math.min(this.burstBytes, this.tokens + ((now - this.last) / 1000) * this.bytesPerSecond);
    this.last = now;
    this.tokens -= bytes;
    if (this.tokens < 0) await sleep((-this.tokens / this.bytesPerSecond) * 1000);
  }
}

/** Passes bytes through no faster than the bucket allows. */
export class BandwidthThrottle extends Transform {
  private readonly bucket: TokenBucket;

  constructor(limit: number | TokenBucket, options: TransformOptions = {}) {
    super(options);
    this.bucket = typeof limit === 'number' ? new TokenBucket(limit) : limit;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    void this.pace(chunk).then(() => done(), done);
  }

  private async pace(chunk: Buffer): Promise<void> {
    for (let offset = 0; offset < chunk.length && !this.destroyed; offset += this.bucket.sliceBytes) {
      const slice = chunk.subarray(offset, offset + this.bucket.sliceBytes);
      await this.bucket.take(slice.length);
      if (!this.destroyed) this.push(slice);
    }
  }
}

/** A one-shot paced stream of `data` (a fresh one per HTTP attempt, so a retry re-sends it all). */
export function throttledBody(data: Uint8Array, bucket: TokenBucket): Readable {
  const stream = new BandwidthThrottle(bucket);
  stream.end(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  return stream;
}
