// Feeds one stream to several destination writers at the pace of the slowest. A writer
// that fails is dropped (its copy is marked failed) while the others continue; the stream
// fails only when no writer is left.
import { Writable } from 'node:stream';
import { LifeboatError } from '../../src-shared/errors';
import type { DestinationWriter } from '../storage/destination';

export interface FanOutTarget {
  destinationId: string;
  writer: DestinationWriter;
  explain: (error: unknown) => LifeboatError;
  failure?: LifeboatError;
}

export class FanOut extends Writable {
  constructor(private readonly targets: FanOutTarget[], private readonly onTargetFailed: (target: FanOutTarget) => void) {
    super({ highWaterMark: 1024 * 1024 });
    for (const target of targets) {
      target.writer.stream.once('error', (error) => this.fail(target, error));
    }
  }

  get active(): FanOutTarget[] {
    return this.targets.filter((t) => !t.failure);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    const waits: Promise<void>[] = [];
    for (const target of this.active) {
      const stream = target.writer.stream;
      if (!stream.write(chunk)) {
        waits.push(
          new Promise<void>((resolve) => {
            const settle = () => {
              stream.off('drain', settle);
              stream.off('error', settle);
              stream.off('close', settle);
              resolve();
            };
            stream.on('drain', settle);
            stream.on('error', settle);
            stream.on('close', settle);
          }),
        );
      }
    }
    const finish = () => done(this.active.length === 0 ? this.allFailedError() : null);
    if (waits.length === 0) finish();
    else void Promise.all(waits).then(finish);
  }

  override _final(done: (error?: Error | null) => void): void {
    done(this.active.length === 0 ? this.allFailedError() : null);
  }

  private fail(target: FanOutTarget, error: Error): void {
    if (target.failure) return;
    target.failure = target.explain(error);
    this.onTargetFailed(target);
  }

  private allFailedError(): LifeboatError {
    return this.targets.find((t) => t.failure)?.failure ?? new LifeboatError('DEST_FAILED', 'Every destination failed.');
  }
}
