// Feeds a child's stdin that may close early (pg_restore --list or a schema-only restore reads
// only the start of an archive): once the child has gone, the rest is read and discarded, so the
// whole file is still decrypted and checked, instead of failing with EPIPE.
import { Writable } from 'node:stream';

export class StdinUntilExit extends Writable {
  constructor(private readonly stdin: Writable) {
    super({ highWaterMark: 1024 * 1024 });
    stdin.on('error', () => undefined); // EPIPE once the child has exited
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, done: (error?: Error | null) => void): void {
    if (this.stdin.destroyed || this.stdin.writableEnded) return done();
    if (this.stdin.write(chunk)) return done();
    const settle = () => {
      this.stdin.off('drain', settle);
      this.stdin.off('close', settle);
      done();
    };
    this.stdin.on('drain', settle);
    this.stdin.on('close', settle);
  }
  override _final(done: (error?: Error | null) => void): void {
    if (!this.stdin.destroyed) this.stdin.end();
    done();
  }
}
